"""Demo data: open positions with candidates whose real PDF/DOCX resumes were read, and booked interviews."""

import io

import pytest

from backoffice.people.demo import build_people
from backoffice.recruitment.demo import build_recruitment
from backoffice.recruitment.models import Application, Interview, Position, Resume

pytestmark = pytest.mark.django_db


def test_demo_positions_candidates_resumes_and_interviews():
    build_people(scale="small", out=io.StringIO())
    build_recruitment(scale="small", out=io.StringIO())
    assert Position.objects.filter(status="open").count() == 3
    assert Application.objects.count() >= 30
    types = set(Resume.objects.values_list("content_type", flat=True))
    assert {"application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"} <= types
    assert all(r.profile.get("skills") for r in Resume.objects.all()[:10])
    assert Interview.objects.filter(meeting__isnull=False).count() == 3
