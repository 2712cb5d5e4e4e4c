"""Messages name their recipient by a generic reference instead of a foreign key into customers.

The core keeps no foreign key into the apps above it; existing rows keep their customer as
("customers.customer", id) with the name and masked label they were sent to.
"""

from django.db import migrations, models

CUSTOMER = "customers.customer"


def _mask_name(name: str) -> str:
    return (name[:1] + "*" * max(len(name) - 1, 1)) if name else ""


def _mask_phone(phone: str) -> str:
    digits = (phone or "").removeprefix("+86")
    if len(digits) == 11:
        return f"{digits[:3]}****{digits[-4:]}"
    return f"****{digits[-4:]}" if digits else ""


def forwards(apps, schema_editor):
    Message = apps.get_model("notifications", "Message")
    Customer = apps.get_model("customers", "Customer")
    ids = set(Message.objects.values_list("customer_id", flat=True).distinct())
    for start in range(0, len(ids), 1000):
        chunk = sorted(ids)[start:start + 1000]
        for customer in Customer.objects.filter(pk__in=chunk).only("pk", "name", "phone"):
            Message.objects.filter(customer_id=customer.pk).update(
                recipient_type=CUSTOMER, recipient_id=customer.pk, recipient_name=customer.name[:60],
                recipient_label=f"{_mask_name(customer.name)} {_mask_phone(customer.phone)}".strip()[:120],
            )


def backwards(apps, schema_editor):
    Message = apps.get_model("notifications", "Message")
    for message in Message.objects.filter(recipient_type=CUSTOMER).only("pk", "recipient_id"):
        Message.objects.filter(pk=message.pk).update(customer_id=message.recipient_id)


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_initial"),
        ("customers", "0006_customer_name_label"),
    ]

    operations = [
        migrations.AddField(model_name="message", name="recipient_type",
                            field=models.CharField(default="", max_length=60, verbose_name="recipient type"), preserve_default=False),
        migrations.AddField(model_name="message", name="recipient_id",
                            field=models.BigIntegerField(default=0, verbose_name="recipient"), preserve_default=False),
        migrations.AddField(model_name="message", name="recipient_name",
                            field=models.CharField(blank=True, max_length=60, verbose_name="recipient's name")),
        migrations.AddField(model_name="message", name="recipient_label",
                            field=models.CharField(blank=True, max_length=120, verbose_name="recipient")),
        migrations.AlterField(model_name="message", name="customer",
                              field=models.ForeignKey(null=True, on_delete=models.deletion.PROTECT, related_name="messages",
                                                      to="customers.customer", verbose_name="customer")),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveIndex(model_name="message", name="message_customer_idx"),
        migrations.RemoveField(model_name="message", name="customer"),
        migrations.AddIndex(model_name="message",
                            index=models.Index(fields=["recipient_type", "recipient_id", "created_at"], name="message_recipient_idx")),
    ]
