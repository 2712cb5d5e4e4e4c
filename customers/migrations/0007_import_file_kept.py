"""Purchase imports keep the uploaded file instead of its text in a column (issue 11)."""

from django.db import migrations, models

import customers.models


class Migration(migrations.Migration):
    dependencies = [("customers", "0006_customer_name_label")]

    operations = [
        migrations.AddField(
            model_name="purchaseimport",
            name="upload",
            field=models.FileField(default="", editable=False, storage=customers.models.private_import_storage,
                                   upload_to="customers/imports/%Y/%m", verbose_name="uploaded file"),
            preserve_default=False,
        ),
        migrations.RemoveField(model_name="purchaseimport", name="content"),
    ]
