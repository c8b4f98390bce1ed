"""CalDAV passwords encrypted at rest: the field becomes core.secrets.EncryptedTextField and the passwords already
stored are encrypted in place."""

from django.db import migrations

from backoffice.core import secrets


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_grant_roles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="calendarfeed",
            name="password",
            field=secrets.EncryptedTextField(blank=True, verbose_name="password"),
        ),
        secrets.encrypt_existing("meetings", "CalendarFeed", "password"),
    ]
