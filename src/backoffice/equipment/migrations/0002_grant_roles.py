from django.db import migrations

from backoffice.core.roles import BACK_OFFICE, OFFICE_MANAGER, TECHNICIAN, grant


def _perms(model, actions=("view", "add", "change", "delete")):
    return [f"equipment.{action}_{model}" for action in actions]


REGISTER = _perms("asset") + _perms("vendor") + _perms("troubleshootingguide") + _perms("maintenanceplan")
REPAIRS = _perms("maintenancerequest", ("view", "add", "change"))
METERS = _perms("meterreading", ("view", "add"))


def forwards(apps, schema_editor):
    grant(
        apps,
        {
            BACK_OFFICE: REGISTER + REPAIRS + METERS,
            OFFICE_MANAGER: REGISTER + REPAIRS + METERS,
            TECHNICIAN: ["equipment.view_asset", "equipment.change_asset", "equipment.view_vendor"]
            + _perms("troubleshootingguide")
            + ["equipment.view_maintenanceplan"]
            + REPAIRS
            + METERS,
        },
        all_of_apps=["equipment"],
    )


class Migration(migrations.Migration):
    dependencies = [("equipment", "0001_initial"), ("people", "0002_grant_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
