from django.db import migrations

from backoffice.core.roles import BACK_OFFICE, OFFICE_MANAGER, TECHNICIAN, grant

FILES = ["equipment.view_assetfile", "equipment.add_assetfile", "equipment.delete_assetfile"]


def forwards(apps, schema_editor):
    grant(apps, {BACK_OFFICE: FILES, OFFICE_MANAGER: FILES, TECHNICIAN: FILES}, all_of_apps=["equipment"])
    # Until now a v3 device kept its user name in the community field.
    Asset = apps.get_model("equipment", "Asset")
    for asset in Asset.objects.filter(snmp_version="3").exclude(snmp_community=""):
        asset.snmp_user, asset.snmp_community = asset.snmp_community, ""
        asset.save(update_fields=["snmp_user", "snmp_community"])


class Migration(migrations.Migration):
    dependencies = [("equipment", "0006_snmp_v3_and_asset_files"), ("equipment", "0004_grant_consumables")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
