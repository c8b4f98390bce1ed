"""Resume words and skills read again from each stored resume's text with Czech word endings ignored, so that
stored resumes and positions' words meet (ranking compares them stem to stem); the rest of the profile is kept."""

from django.db import migrations


def reread_terms(apps, schema_editor):
    from backoffice.recruitment.extraction import find_skills, fold_text, terms
    from backoffice.recruitment.screening import index_of

    Resume = apps.get_model("recruitment", "Resume")
    batch = []
    for resume in Resume.objects.exclude(profile={}).only("pk", "text", "profile").iterator(chunk_size=500):
        folded = fold_text(resume.text)
        original = resume.text if len(folded) == len(resume.text) else folded
        words = terms(folded)
        skills, mentions = find_skills(folded, original)
        resume.profile = {**resume.profile, "terms": dict(words), "length": sum(words.values()), "skills": skills,
                          "mentions": mentions}  # fmt: skip
        resume.index = index_of(resume.profile)
        batch.append(resume)
        if len(batch) >= 500:
            Resume.objects.bulk_update(batch, ["profile", "index"])
            batch = []
    Resume.objects.bulk_update(batch, ["profile", "index"])


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0003_resume_ranking_index"),
    ]

    operations = [
        migrations.RunPython(reread_terms, migrations.RunPython.noop),
    ]
