from django.db import migrations

from backoffice.core.roles import BACK_OFFICE, OFFICE_MANAGER, TECHNICIAN, grant

LINKS = ["equipment.view_consumablelink", "equipment.add_consumablelink", "equipment.change_consumablelink",
         "equipment.delete_consumablelink"]


def forwards(apps, schema_editor):
    grant(
        apps,
        {BACK_OFFICE: LINKS, OFFICE_MANAGER: LINKS, TECHNICIAN: ["equipment.view_consumablelink"]},
        all_of_apps=["equipment"],
    )


class Migration(migrations.Migration):
    dependencies = [("equipment", "0003_consumables"), ("equipment", "0002_grant_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
