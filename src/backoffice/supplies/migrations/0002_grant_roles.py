from django.db import migrations

from backoffice.core.roles import (
    ADMINISTRATOR, BACK_OFFICE, EMPLOYEE, HR, INTERVIEWER, OFFICE_MANAGER, TECHNICIAN, grant,
)

MODELS = ["unit", "location", "supplier", "item", "supplieroffer", "supplyrequest", "reorderrule",
          "purchaseorder", "stockcount"]
# Anyone employed may look up the catalogue and ask for supplies.
SELF_SERVICE = ["supplies.view_item", "supplies.add_supplyrequest"]
RUN_SUPPLIES = [
    f"supplies.{verb}_{model}" for model in MODELS for verb in ("view", "add", "change", "delete")
] + ["supplies.view_stock", "supplies.move_stock"]


def forwards(apps, schema_editor):
    grant(
        apps,
        {
            BACK_OFFICE: RUN_SUPPLIES,
            OFFICE_MANAGER: RUN_SUPPLIES + ["supplies.approve_purchaseorder"],
            HR: SELF_SERVICE,
            INTERVIEWER: SELF_SERVICE,
            TECHNICIAN: SELF_SERVICE + ["supplies.view_stock"],
            EMPLOYEE: SELF_SERVICE,
        },
        all_of_apps=["supplies"],
    )


class Migration(migrations.Migration):
    dependencies = [("supplies", "0001_initial"), ("people", "0002_grant_roles"), ("core", "0002_create_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
