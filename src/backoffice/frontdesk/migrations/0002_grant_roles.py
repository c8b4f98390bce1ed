from django.db import migrations

from backoffice.core.roles import BACK_OFFICE, OFFICE_MANAGER, grant

CALLS = ["frontdesk.view_call", "frontdesk.add_call", "frontdesk.change_call", "frontdesk.view_calltransfer"]
MESSAGES = ["frontdesk.view_phonemessage", "frontdesk.add_phonemessage", "frontdesk.change_phonemessage"]
INBOX = ["frontdesk.view_conversation", "frontdesk.change_conversation", "frontdesk.view_mailbox",
         "frontdesk.view_routingrule", "frontdesk.add_routingrule", "frontdesk.change_routingrule",
         "frontdesk.delete_routingrule"]
FAX = ["frontdesk.view_fax", "frontdesk.add_fax"]


# Phone messages are private: the person, whoever covers for them, and the back office (who takes them) only.


def forwards(apps, schema_editor):
    grant(
        apps,
        {
            BACK_OFFICE: CALLS + MESSAGES + INBOX + FAX,
            OFFICE_MANAGER: ["frontdesk.view_call", "frontdesk.view_conversation",
                             "frontdesk.change_conversation", "frontdesk.view_fax"],
        },
        all_of_apps=["frontdesk"],
    )


class Migration(migrations.Migration):
    dependencies = [("frontdesk", "0001_calls_messages_inbox_fax"), ("people", "0002_grant_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
