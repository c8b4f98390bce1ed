"""The HR reports match the data: the hiring funnel and time to hire, and training compliance, computed by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from backoffice.core.errors import NotAllowed
from backoffice.core.roles import BACK_OFFICE, HR, INTERVIEWER
from backoffice.recruitment import services as recruitment
from backoffice.recruitment.models import Application, StageChange
from backoffice.reports.filters import Period
from backoffice.reports.selectors import report_figures
from backoffice.staff import services as staff
from tests.builders import make_employee, make_user
from tests.recruitment.builders import make_application, make_position
from tests.reports.builders import prague
from tests.staff.builders import make_course

pytestmark = pytest.mark.django_db
MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def ready(user):
    user.get_all_permissions()
    return user


def dated(application, *, applied: dt.datetime, hired: dt.datetime | None = None) -> None:
    """Date an application made through the services today: applied then, each later move an hour apart."""
    Application.objects.filter(pk=application.pk).update(created_at=applied)
    for n, change in enumerate(StageChange.objects.filter(application=application).order_by("at", "id")):
        StageChange.objects.filter(pk=change.pk).update(at=applied + dt.timedelta(hours=n))
    if hired:
        StageChange.objects.filter(application=application, to_stage="hired").update(at=hired)


def hire(application) -> None:
    recruitment.application_move(actor=None, application=application, stage="interview")
    recruitment.application_offer(actor=None, application=application)
    recruitment.application_offer_answer(actor=None, application=application, accepted=True)
    recruitment.application_hire(actor=None, application=application, start_date=dt.date(2026, 4, 1))


@pytest.fixture
def pipeline(departments):
    """Four applications in March (two in each department) and a hire in March of one from February."""
    sales, it = departments
    seller, admin = make_position(department=sales), make_position(department=it)
    hired = make_application(seller)
    recruitment.application_move(actor=None, application=hired, stage="screened")
    recruitment.application_move(actor=None, application=hired, stage="shortlisted")
    hire(hired)
    dated(hired, applied=prague(2026, 3, 2, 10), hired=prague(2026, 3, 22, 10))  # 20 days
    rejected = make_application(seller)
    recruitment.application_move(actor=None, application=rejected, stage="screened")
    recruitment.application_move(actor=None, application=rejected, stage="rejected", reason="Málo praxe")
    dated(rejected, applied=prague(2026, 3, 5))
    withdrawn = make_application(admin)
    recruitment.application_move(actor=None, application=withdrawn, stage="shortlisted")  # skips screening
    recruitment.application_move(actor=None, application=withdrawn, stage="withdrawn", reason="Jiná nabídka")
    dated(withdrawn, applied=prague(2026, 3, 10))
    fresh = make_application(admin)
    dated(fresh, applied=prague(2026, 3, 31, 23, 30))  # still March in Prague (21:30 UTC)
    earlier = make_application(seller)
    hire(earlier)
    # 20 Feb 12:00 CET to 31 Mar 23:30 CEST: 39 days 10.5 hours = 39.4 days; applied before the period.
    dated(earlier, applied=prague(2026, 2, 20, 12), hired=prague(2026, 3, 31, 23, 30))
    late = make_application(admin)
    dated(late, applied=prague(2026, 4, 1, 0, 30))  # 31 March 22:30 UTC, but April in Prague
    return sales, it


def test_hiring_funnel_and_time_to_hire(pipeline, django_assert_max_num_queries):
    user = ready(make_user(HR))
    with django_assert_max_num_queries(3):
        figures = report_figures(user, "hiring", MARCH)
    funnel = {row["stage"]: row for row in figures.table("funnel").rows}
    assert {stage: row["applications"] for stage, row in funnel.items()} == {
        "new": 4,
        "screened": 3,
        "shortlisted": 2,
        "interview": 1,
        "offer": 1,
        "hired": 1,
        "rejected": 1,
        "withdrawn": 1,
    }
    assert funnel["screened"]["share"] == Decimal("75.0") and funnel["shortlisted"]["share"] == Decimal("50.0")
    assert funnel["shortlisted"]["from_previous"] == Decimal("66.7")
    assert funnel["new"]["from_previous"] is None and funnel["rejected"]["from_previous"] is None
    departments = {row["department"]: row for row in figures.table("departments").rows}
    assert [departments["Obchod"][f"s{n}"] for n in range(6)] == [2, 2, 1, 1, 1, 1]
    assert [departments["IT"][f"s{n}"] for n in range(6)] == [2, 1, 1, 0, 0, 0]
    assert figures.table("time_to_hire").rows == [
        {"month": dt.date(2026, 3, 1), "hires": 2, "average_days": Decimal("29.7"), "median_days": Decimal("29.7")}
    ]
    assert figures.table("summary").rows[0]["hires"] == 2

    sales = pipeline[0]
    only_sales = report_figures(user, "hiring", Period(MARCH.since, MARCH.until, sales))
    assert only_sales.table("funnel").rows[0]["applications"] == 2


def test_hiring_is_for_hr_only():
    for role in (BACK_OFFICE, INTERVIEWER):
        with pytest.raises(NotAllowed):
            report_figures(make_user(role), "hiring", MARCH)


def test_training_compliance_by_department_and_course(departments, django_assert_max_num_queries):
    sales, it = departments
    safety = make_course("BOZP", name="Bezpečnost práce", months=24)
    finance = make_course("FIN", name="Finanční kontrola", months=12)
    staff.course_require(actor=None, course=safety)
    staff.course_require(actor=None, course=finance, department=sales)
    first, second = make_employee(department=sales), make_employee(department=sales)
    admin = make_employee(department=it)
    on = dt.date(2026, 6, 30)

    def certificate(employee, course, until):
        staff.certificate_record(
            actor=None, employee=employee, course=course, issued_on=dt.date(2025, 6, 1), valid_until=until
        )

    certificate(first, safety, dt.date(2027, 6, 30))  # valid
    certificate(first, finance, dt.date(2026, 7, 15))  # expires within 30 days
    certificate(second, safety, dt.date(2026, 5, 31))  # expired; finance missing
    certificate(admin, safety, dt.date(2028, 1, 1))  # valid
    user = ready(make_user(HR, employee=False))
    with django_assert_max_num_queries(5):
        figures = report_figures(user, "training", Period(dt.date(2026, 6, 1), on))
    by_department = {row["department"]: row for row in figures.table("departments").rows}
    assert by_department["Obchod"] == {
        "department": "Obchod",
        "required": 4,
        "valid": 1,
        "expiring": 1,
        "expired": 1,
        "missing": 1,
        "compliance": Decimal("50.0"),
        "people_behind": 1,
    }
    assert by_department["IT"]["required"] == 1 and by_department["IT"]["compliance"] == Decimal("100.0")
    by_course = {row["course"]: row for row in figures.table("courses").rows}
    assert by_course["BOZP Bezpečnost práce"]["compliance"] == Decimal("66.7")
    assert (by_course["FIN Finanční kontrola"]["expiring"], by_course["FIN Finanční kontrola"]["missing"]) == (1, 1)
    only_it = report_figures(user, "training", Period(dt.date(2026, 6, 1), on, it))
    assert [row["department"] for row in only_it.table("departments").rows] == ["IT"]
