"""The ranking index of every stored resume, derived from its extracted profile (no resume is read again)."""

from django.db import migrations, models


def fill_index(apps, schema_editor):
    from backoffice.recruitment.screening import index_of

    Resume = apps.get_model("recruitment", "Resume")
    batch = []
    for resume in Resume.objects.exclude(profile={}).only("pk", "profile").iterator(chunk_size=500):
        resume.index = index_of(resume.profile)
        batch.append(resume)
        if len(batch) >= 500:
            Resume.objects.bulk_update(batch, ["index"])
            batch = []
    Resume.objects.bulk_update(batch, ["index"])


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0002_grant_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="resume",
            name="index",
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="ranking index"),
        ),
        migrations.RunPython(fill_index, migrations.RunPython.noop),
    ]
