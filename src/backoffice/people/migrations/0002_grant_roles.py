from django.db import migrations

from backoffice.core.roles import (
    ADMINISTRATOR, BACK_OFFICE, EMPLOYEE, HR, INTERVIEWER, OFFICE_MANAGER, TECHNICIAN, grant,
)

DIRECTORY = ["people.view_employee", "people.view_department"]
ABSENCES = ["people.view_absence", "people.add_absence", "people.change_absence"]
COVER = ["people.view_substitution", "people.add_substitution", "people.change_substitution"]
STAFF_RECORDS = ["people.add_employee", "people.change_employee", "people.delete_employee",
                 "people.add_department", "people.change_department", "people.delete_department"]


def forwards(apps, schema_editor):
    grant(
        apps,
        {
            BACK_OFFICE: DIRECTORY + ABSENCES + COVER,
            OFFICE_MANAGER: DIRECTORY + ABSENCES + COVER,
            HR: DIRECTORY + ABSENCES + COVER + STAFF_RECORDS,
            INTERVIEWER: DIRECTORY,
            TECHNICIAN: DIRECTORY,
            EMPLOYEE: DIRECTORY,
        },
        all_of_apps=["people"],
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial"), ("core", "0002_create_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
