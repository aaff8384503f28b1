"""Ship a template for every known type and channel (existing ones, edited or not, are left alone)."""

from django.db import migrations


def install_defaults(apps, schema_editor):
    from templating.services import default_templates_install

    default_templates_install(model=apps.get_model("templating", "NotificationTemplate"))


class Migration(migrations.Migration):
    dependencies = [("templating", "0001_initial")]

    operations = [migrations.RunPython(install_defaults, migrations.RunPython.noop)]
