from django.db import migrations


def grant_removal(apps, schema_editor):
    """An administrator removes a lost phone's authenticator app in /admin/ (the keys are never shown there)."""
    from backoffice.core.roles import ADMINISTRATOR, grant

    grant(apps, {ADMINISTRATOR: ["core.view_authenticatorapp", "core.delete_authenticatorapp"]})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_authenticator_app"),
    ]

    operations = [
        migrations.RunPython(grant_removal, migrations.RunPython.noop),
    ]
