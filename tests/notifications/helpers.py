"""Messages name their recipient by reference (recipient_type, recipient_id), not by a foreign key."""

from customers.recipients import TYPE


def to(customer) -> dict:
    """Message(**to(customer), ...): the fields that make `customer` the recipient."""
    return {"recipient_type": TYPE, "recipient_id": customer.pk, "recipient_name": customer.name,
            "recipient_label": f"{customer.masked_name} {customer.masked_phone}"}


def messages_to(customer):
    from aftersales.notifications.models import Message

    return Message.objects.filter(recipient_type=TYPE, recipient_id=customer.pk)
