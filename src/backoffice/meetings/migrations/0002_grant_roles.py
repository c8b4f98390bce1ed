from django.db import migrations

from backoffice.core.roles import ADMINISTRATOR, BACK_OFFICE, HR, INTERVIEWER, OFFICE_MANAGER, grant

BOOK = ["meetings.add_meeting", "meetings.add_slotoffer"]
RUN = ["meetings.view_all_meetings", "meetings.change_meeting", "meetings.change_slotoffer",
       "meetings.change_workinghours"]


def forwards(apps, schema_editor):
    grant(
        apps,
        {
            ADMINISTRATOR: BOOK + RUN,
            HR: BOOK + RUN,
            INTERVIEWER: BOOK,
            BACK_OFFICE: BOOK,
            OFFICE_MANAGER: BOOK,
        },
        all_of_apps=["meetings"],
    )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial"), ("people", "0002_grant_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
