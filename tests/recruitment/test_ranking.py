"""Ranking many applications fast: every one scored from its resume's stored ranking index, the explanation (with
the evidence) worked out only for the rows shown, and the two always agreeing."""

import dataclasses

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.core.roles import HR
from backoffice.recruitment import evaluation, selectors
from backoffice.recruitment.choices import Source, Stage
from backoffice.recruitment.extraction import profile
from backoffice.recruitment.models import Application, Candidate, Resume
from backoffice.recruitment.screening import MUST_HAVE_PENALTY, POINTS, LanguageNeed, index_of, order, rank
from tests.recruitment.builders import make_application, make_position

pytestmark = pytest.mark.django_db


def test_the_fast_score_of_every_resume_is_the_score_its_explanation_shows():
    dataset = evaluation.load_czech()
    profiles = [(key, profile(text)) for key, text in dataset.resumes.items()]
    cases = [case.requirements for case in dataset.cases]
    strict = dataclasses.replace(cases[0], languages=[LanguageNeed("English", "C1", True), LanguageNeed("German")])
    for requirements in [*cases, strict]:
        fast = order(requirements, [(key, index_of(p)) for key, p in profiles])
        explained = rank(requirements, profiles)
        assert [(p.key, p.score) for p in fast] == [(s.key, s.score) for s in explained]
        for scored in explained:
            points = sum(f.points for f in scored.findings) - MUST_HAVE_PENALTY * len(scored.missing_must_haves)
            points += 0 if requirements.languages else POINTS["languages"]  # no language asked: its points given
            assert scored.score == pytest.approx(max(points, 0.0), abs=0.051)
    assert any(s.missing_must_haves for s in rank(strict, profiles))


def _more_applications(position, resume, count: int) -> None:
    """Many applications sharing one stored resume, written directly (as the benchmark does)."""
    now = timezone.now()
    candidates = Candidate.objects.bulk_create(
        Candidate(name=f"Uchazeč {n}", email=f"hromadne{n}@example.cz") for n in range(count)
    )
    Application.objects.bulk_create(
        Application(candidate=c, position=position, resume=resume, stage=Stage.NEW, stage_since=now, source=Source.BULK)
        for c in candidates
    )


def test_the_ranking_page_explains_one_page_at_a_time_and_the_api_pages_with_offset(client_for, api_for):
    position = make_position()
    best = make_application(position, name="Nejlepší Účetní")
    weak = make_application(position, name="Slabý Skladník", text="Slabý Skladník\nskladník, VZV\n2019 - 2020")
    _more_applications(position, best.resume, 60)
    ranking = selectors.ranked_applications(None, position)
    assert len(ranking) == 62
    assert ranking[-1][0] == weak and ranking[-1][1].missing_must_haves == ["Accounting"]
    hr = client_for(HR)
    url = reverse("recruitment:position_ranking", args=[position.pk])
    first, second = hr.get(url).content.decode(), hr.get(url + "?page=2").content.decode()
    assert first.count('data-testid="rank-row"') == 50 and second.count('data-testid="rank-row"') == 12
    assert "Slabý Skladník" in second and "Slabý Skladník" not in first
    assert "<td>62</td>" in second and 'rel="prev"' in second
    api = api_for(HR)
    rows = api.get(f"/api/v1/recruitment/positions/{position.pk}/ranking?offset=60&limit=5").json()
    assert [r["candidate_name"] for r in rows][-1] == "Slabý Skladník" and len(rows) == 2
    assert rows[-1]["findings"][0]["name"] == "Accounting" and not rows[-1]["findings"][0]["matched"]


def test_a_resume_stored_without_its_ranking_index_is_ranked_from_its_profile():
    position = make_position()
    for n in range(3):
        make_application(position, name=f"Kandidátka {n}")
    make_application(position, name="Skladník", text="Skladník\nskladník, VZV\n2019 - 2020")
    before = [(a.pk, s.score) for a, s in selectors.ranked_applications(None, position)]
    assert all(r.index for r in Resume.objects.all())  # stored with the profile
    Resume.objects.update(index={})  # as rows written before the index existed
    after = [(a.pk, s.score) for a, s in selectors.ranked_applications(None, position)]
    assert after == before
    application = Application.objects.get(candidate__name="Skladník")
    assert selectors.explain(application).score == dict(before)[application.pk]


def test_the_migration_rereads_the_words_of_resumes_stored_before_stemming():
    import importlib

    from django.apps import apps

    from backoffice.core.text import fold

    position = make_position()
    make_application(position, name="Stará Účetní")
    make_application(position, name="Skladník", text="Skladník\nskladník, VZV\n2019 - 2020")
    fresh = [(a.pk, s.score) for a, s in selectors.ranked_applications(None, position)]
    for resume in Resume.objects.all():  # as a database from before stemming has it: words as written
        words = {}
        for word in fold(resume.text).replace(",", " ").split():
            words[word] = words.get(word, 0) + 1
        resume.profile = {**resume.profile, "terms": words}
        resume.save()
    assert any("ucetnictvi" in r.index["terms"] for r in Resume.objects.all())
    migration = importlib.import_module("backoffice.recruitment.migrations.0004_resume_terms_stemmed").Migration
    reread = [op for op in migration.operations if op.__class__.__name__ == "RunPython"][0]
    reread.code(apps, None)
    stored = Resume.objects.get(candidate__name="Stará Účetní")
    assert "ucetnictv" in stored.index["terms"] and "ucetnictvi" not in stored.index["terms"]
    assert stored.profile["emails"] and stored.profile["skills"]  # the rest of the profile is kept
    assert [(a.pk, s.score) for a, s in selectors.ranked_applications(None, position)] == fresh
