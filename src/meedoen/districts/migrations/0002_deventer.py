from django.db import migrations


def load(apps, schema_editor):
    from meedoen.districts.services import load_deventer

    load_deventer(apps)


class Migration(migrations.Migration):
    dependencies = [("districts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
