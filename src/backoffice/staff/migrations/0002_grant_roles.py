from django.db import migrations

from backoffice.core.roles import ADMINISTRATOR, BACK_OFFICE, HR, grant

MODELS = [
    "onboardingtemplate",
    "onboardingtemplatetask",
    "onboarding",
    "onboardingtask",
    "course",
    "courserequirement",
    "trainingsession",
    "enrolment",
    "certificate",
    "offboarding",
    "assetreturn",
]
CONFIDENTIAL = ["disciplinaryrecord", "disciplinaryevidence"]
ACTIONS = ["view", "add", "change", "delete"]


def _all(models):
    return [f"staff.{action}_{model}" for model in models for action in ACTIONS]


BACK_OFFICE_WORK = [
    "staff.view_onboardingtemplate",
    "staff.view_onboarding",
    "staff.add_onboarding",
    "staff.change_onboarding",
    "staff.view_onboardingtask",
    "staff.change_onboardingtask",
    "staff.view_course",
    "staff.view_trainingsession",
    "staff.add_trainingsession",
    "staff.change_trainingsession",
    "staff.view_enrolment",
    "staff.add_enrolment",
    "staff.change_enrolment",
    "staff.view_certificate",
    "staff.add_certificate",
]


def forwards(apps, schema_editor):
    # Disciplinary records are HR's alone: not even the Administrator role is granted them.
    grant(
        apps,
        {
            HR: _all(MODELS + CONFIDENTIAL),
            ADMINISTRATOR: _all(MODELS),
            BACK_OFFICE: BACK_OFFICE_WORK,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_lifecycle"), ("people", "0002_grant_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
