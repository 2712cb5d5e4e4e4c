from django.db import migrations


def forwards(apps, schema_editor):
    from repairs.catalogue import seed

    seed(apps.get_model("repairs", "ServiceType"))


class Migration(migrations.Migration):
    dependencies = [("repairs", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
