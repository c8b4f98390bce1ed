from django.db import migrations

from backoffice.core.roles import create_roles


def grant_core(apps, schema_editor):
    from backoffice.core.roles import ADMINISTRATOR, grant

    grant(apps, {ADMINISTRATOR: ["core.view_auditentry", "core.view_outboxmessage"]})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(grant_core, migrations.RunPython.noop),
    ]
