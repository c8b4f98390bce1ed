from django.db import migrations

from backoffice.core.roles import ADMINISTRATOR, HR, INTERVIEWER, grant

MODELS = ["position", "positionskill", "positionlanguage", "candidate", "resume", "application", "stagechange",
          "applicationnote", "intakebatch", "intakefile", "interview", "feedback"]
# Applicant data is HR-confidential: HR runs recruitment; an interviewer only gives feedback on the
# interviews they are assigned to (the selectors show them those applications and nothing else).
RUN_RECRUITMENT = [
    f"recruitment.{verb}_{model}" for model in MODELS for verb in ("view", "add", "change", "delete")
] + ["recruitment.export_candidate"]


def forwards(apps, schema_editor):
    grant(
        apps,
        {HR: RUN_RECRUITMENT, INTERVIEWER: ["recruitment.add_feedback"]},
        all_of_apps=["recruitment"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0001_positions_candidates_applications"),
        ("people", "0002_grant_roles"),
        ("core", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
