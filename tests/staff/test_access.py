"""Who may open which staff page and call which API operation: the full matrix, denial included.

Disciplinary records are HR's alone: every other role (the Administrator too) is denied every page, every API
operation and every file of them.
"""

import datetime as dt

from django.utils import timezone

from backoffice.core.roles import ADMINISTRATOR, BACK_OFFICE, HR
from backoffice.staff import services
from backoffice.staff.choices import DisciplineKind, LeavingReason
from tests.access import EVERYONE, Cell, matrix_tests, shared_scenario
from tests.builders import days, make_employee
from tests.staff.builders import make_course, make_laptop, make_session, make_template
from tests.staff.test_discipline import PNG

CONFIDENTIAL = frozenset({HR})
MANAGE = frozenset({HR, ADMINISTRATOR})
RUN = MANAGE | {BACK_OFFICE}  # onboarding tasks and training sessions


class Scenario:
    """An onboarding, a course with a past session and a certificate, a disciplinary record with evidence and an
    offboarding with a laptop to return: all of people the signed-in user is not."""

    def __init__(self):
        self.boss = make_employee()
        self.hire = make_employee(manager=self.boss, start_date=days(3))
        self.template = make_template(owner=self.boss)
        self.onboarding = services.onboarding_start(actor=None, employee=self.hire)
        self.task = self.onboarding.tasks.order_by("id").first()
        self.course = make_course()
        start = timezone.now() - dt.timedelta(hours=3)
        self.session = make_session(self.course, start=start)
        services.enrol(actor=None, session=self.session, employee=self.hire)
        self.certificate = services.certificate_record(
            actor=None, employee=self.hire, course=self.course, issued_on=days(-5)
        )
        self.worker = make_employee()
        self.record = services.discipline_record(
            actor=None,
            employee=self.worker,
            kind=DisciplineKind.WRITTEN,
            incident_date=days(-3),
            description="Pozdní příchody",
        )
        self.evidence = services.evidence_add(actor=None, record=self.record, filename="doklad.png", data=PNG)
        self.leaver = make_employee(manager=self.boss)
        self.laptop = make_laptop(assignee=self.leaver)
        self.offboarding = services.offboarding_start(
            actor=None, employee=self.leaver, reason=LeavingReason.AGREEMENT, last_day=days(20)
        )


S = "/staff"
PAGES = [
    Cell("GET", lambda s: f"{S}/", EVERYONE, url_name="staff:my_hr"),
    Cell("GET", lambda s: f"{S}/onboarding/", RUN, url_name="staff:onboarding_list"),
    Cell("GET", lambda s: f"{S}/onboarding/new/", RUN, url_name="staff:onboarding_start"),
    Cell("GET", lambda s: f"{S}/onboarding/{s.onboarding.pk}/", RUN, url_name="staff:onboarding_detail"),
    Cell("GET", lambda s: f"{S}/onboarding/{s.onboarding.pk}/?tab=history", RUN, url_name="staff:onboarding_detail"),
    Cell("POST", lambda s: f"{S}/onboarding/tasks/{s.task.pk}/done/", RUN, url_name="staff:task_done"),
    Cell("GET", lambda s: f"{S}/onboarding/templates/", RUN, url_name="staff:template_list"),
    Cell("GET", lambda s: f"{S}/onboarding/templates/new/", MANAGE, url_name="staff:template_create"),
    Cell("GET", lambda s: f"{S}/onboarding/templates/{s.template.pk}/", RUN, url_name="staff:template_detail"),
    Cell(
        "POST",
        lambda s: f"{S}/onboarding/templates/{s.template.pk}/",
        MANAGE,
        url_name="staff:template_detail",
        payload=lambda s, u: {
            "title": "Klíče",
            "kind": "keys",
            "responsible": "manager",
            "area": "staff",
            "due_offset_days": 0,
        },
    ),
    Cell("GET", lambda s: f"{S}/training/", RUN, url_name="staff:course_list"),
    Cell("GET", lambda s: f"{S}/training/courses/new/", MANAGE, url_name="staff:course_create"),
    Cell("GET", lambda s: f"{S}/training/courses/{s.course.pk}/", RUN, url_name="staff:course_detail"),
    Cell(
        "POST",
        lambda s: f"{S}/training/courses/{s.course.pk}/",
        MANAGE,
        url_name="staff:course_detail",
        payload=lambda s, u: {"job_title": "Řidič"},
    ),
    Cell("GET", lambda s: f"{S}/training/sessions/new/", RUN, url_name="staff:session_create"),
    Cell("GET", lambda s: f"{S}/training/sessions/{s.session.pk}/", RUN, url_name="staff:session_detail"),
    Cell(
        "POST",
        lambda s: f"{S}/training/sessions/{s.session.pk}/",
        RUN,
        url_name="staff:session_detail",
        payload=lambda s, u: {"action": "attendance", "attended": [s.hire.pk]},
    ),
    Cell("GET", lambda s: f"{S}/training/certificates/new/", RUN, url_name="staff:certificate_create"),
    Cell(
        "GET", lambda s: f"{S}/training/certificates/{s.certificate.pk}/file/", RUN, url_name="staff:certificate_file"
    ),
    Cell("GET", lambda s: f"{S}/training/matrix/", RUN, url_name="staff:matrix"),
    Cell("GET", lambda s: f"{S}/training/matrix/export.csv", RUN, url_name="staff:matrix_export"),
    Cell("GET", lambda s: f"{S}/training/matrix/export.xlsx", RUN, url_name="staff:matrix_export"),
    Cell("GET", lambda s: f"{S}/discipline/", CONFIDENTIAL, url_name="staff:discipline_list"),
    Cell("GET", lambda s: f"{S}/discipline/new/", CONFIDENTIAL, url_name="staff:discipline_create"),
    Cell("GET", lambda s: f"{S}/discipline/{s.record.pk}/", CONFIDENTIAL, url_name="staff:discipline_detail"),
    Cell(
        "GET", lambda s: f"{S}/discipline/{s.record.pk}/?tab=history", CONFIDENTIAL, url_name="staff:discipline_detail"
    ),
    Cell("GET", lambda s: f"{S}/discipline/{s.record.pk}/edit/", CONFIDENTIAL, url_name="staff:discipline_edit"),
    Cell(
        "GET",
        lambda s: f"{S}/discipline/{s.record.pk}/letter.pdf?lang=cs",
        CONFIDENTIAL,
        url_name="staff:discipline_letter",
    ),
    Cell(
        "GET",
        lambda s: f"{S}/discipline/{s.record.pk}/letter.pdf?lang=en",
        CONFIDENTIAL,
        url_name="staff:discipline_letter",
    ),
    Cell(
        "POST", lambda s: f"{S}/discipline/{s.record.pk}/acknowledge/", CONFIDENTIAL, url_name="staff:discipline_action"
    ),
    Cell("GET", lambda s: f"{S}/discipline/evidence/{s.evidence.pk}/", CONFIDENTIAL, url_name="staff:evidence_file"),
    Cell("GET", lambda s: f"{S}/offboarding/", MANAGE, url_name="staff:offboarding_list"),
    Cell("GET", lambda s: f"{S}/offboarding/new/", MANAGE, url_name="staff:offboarding_start"),
    Cell("GET", lambda s: f"{S}/offboarding/{s.offboarding.pk}/", MANAGE, url_name="staff:offboarding_detail"),
    Cell(
        "POST",
        lambda s: f"{S}/offboarding/{s.offboarding.pk}/return/",
        MANAGE,
        url_name="staff:offboarding_return",
        payload=lambda s, u: {"asset": s.laptop.pk},
    ),
    Cell(
        "POST",
        lambda s: f"{S}/offboarding/{s.offboarding.pk}/certificate/",
        MANAGE,
        url_name="staff:offboarding_action",
    ),
    Cell(
        "GET",
        lambda s: f"{S}/offboarding/{s.offboarding.pk}/employment-certificate.pdf",
        MANAGE,
        url_name="staff:employment_certificate",
    ),
]

API = "/api/v1/staff"


def op(method: str, path: str) -> str:
    return f"{method} {API}{path}"


API_CELLS = [
    # Lists answer everyone, restricted to what each may see (their own, or nothing): proven in test_confidential.
    Cell("GET", lambda s: f"{API}/onboardings", EVERYONE, operation=op("GET", "/onboardings")),
    Cell(
        "POST",
        lambda s: f"{API}/onboardings",
        RUN,
        operation=op("POST", "/onboardings"),
        payload=lambda s, u: {"employee_id": s.boss.pk},
    ),
    Cell(
        "GET",
        lambda s: f"{API}/onboardings/{s.onboarding.pk}",
        RUN,
        operation=op("GET", "/onboardings/{onboarding_id}"),
    ),
    Cell(
        "POST",
        lambda s: f"{API}/tasks/{s.task.pk}/done",
        RUN,
        operation=op("POST", "/tasks/{task_id}/done"),
        payload=lambda s, u: {},
    ),
    Cell("GET", lambda s: f"{API}/courses", EVERYONE, operation=op("GET", "/courses")),
    Cell(
        "POST",
        lambda s: f"{API}/courses",
        MANAGE,
        operation=op("POST", "/courses"),
        payload=lambda s, u: {"code": "PO", "name": "Požární ochrana", "validity_months": 24},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/courses/{s.course.pk}/requirements",
        MANAGE,
        operation=op("POST", "/courses/{course_id}/requirements"),
        payload=lambda s, u: {"job_title": "Řidič"},
    ),
    Cell("GET", lambda s: f"{API}/sessions", EVERYONE, operation=op("GET", "/sessions")),
    Cell(
        "POST",
        lambda s: f"{API}/sessions",
        RUN,
        operation=op("POST", "/sessions"),
        payload=lambda s, u: {
            "course_id": s.course.pk,
            "starts_at": "2030-05-01T09:00:00+02:00",
            "ends_at": "2030-05-01T11:00:00+02:00",
            "place": "Zasedačka",
            "external_trainer": "Lektor",
        },
    ),
    Cell(
        "POST",
        lambda s: f"{API}/sessions/{s.session.pk}/enrolments",
        RUN,
        operation=op("POST", "/sessions/{session_id}/enrolments"),
        payload=lambda s, u: {"employee_id": s.boss.pk},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/sessions/{s.session.pk}/attendance",
        RUN,
        operation=op("POST", "/sessions/{session_id}/attendance"),
        payload=lambda s, u: {"attended": [s.hire.pk]},
    ),
    Cell("GET", lambda s: f"{API}/certificates", EVERYONE, operation=op("GET", "/certificates")),
    Cell(
        "POST",
        lambda s: f"{API}/certificates",
        RUN,
        operation=op("POST", "/certificates"),
        payload=lambda s, u: {"employee_id": s.boss.pk, "course_id": s.course.pk, "issued_on": "2026-01-10"},
    ),
    Cell("GET", lambda s: f"{API}/matrix", RUN, operation=op("GET", "/matrix")),
    Cell("GET", lambda s: f"{API}/discipline", EVERYONE, operation=op("GET", "/discipline")),
    Cell(
        "POST",
        lambda s: f"{API}/discipline",
        CONFIDENTIAL,
        operation=op("POST", "/discipline"),
        payload=lambda s, u: {
            "employee_id": s.worker.pk,
            "kind": "verbal",
            "incident_date": "2026-01-10",
            "description": "Pozdě",
        },
    ),
    Cell(
        "GET", lambda s: f"{API}/discipline/{s.record.pk}", CONFIDENTIAL, operation=op("GET", "/discipline/{record_id}")
    ),
    Cell(
        "PATCH",
        lambda s: f"{API}/discipline/{s.record.pk}",
        CONFIDENTIAL,
        operation=op("PATCH", "/discipline/{record_id}"),
        payload=lambda s, u: {"witnesses": "Jan Doležal"},
    ),
    Cell(
        "GET",
        lambda s: f"{API}/discipline/{s.record.pk}/letter?lang=en",
        CONFIDENTIAL,
        operation=op("GET", "/discipline/{record_id}/letter"),
    ),
    Cell("GET", lambda s: f"{API}/offboardings", MANAGE, operation=op("GET", "/offboardings")),
    Cell(
        "POST",
        lambda s: f"{API}/offboardings",
        MANAGE,
        operation=op("POST", "/offboardings"),
        payload=lambda s, u: {"employee_id": s.hire.pk, "reason": "agreement", "last_day": "2030-01-31"},
    ),
    Cell(
        "GET",
        lambda s: f"{API}/offboardings/{s.offboarding.pk}",
        MANAGE,
        operation=op("GET", "/offboardings/{offboarding_id}"),
    ),
    Cell(
        "POST",
        lambda s: f"{API}/offboardings/{s.offboarding.pk}/returns",
        MANAGE,
        operation=op("POST", "/offboardings/{offboarding_id}/returns"),
        payload=lambda s, u: {"asset_id": s.laptop.pk},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/offboardings/{s.offboarding.pk}/exit-interview",
        MANAGE,
        operation=op("POST", "/offboardings/{offboarding_id}/exit-interview"),
        payload=lambda s, u: {"notes": "Stěhuje se."},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/offboardings/{s.offboarding.pk}/employment-certificate",
        MANAGE,
        operation=op("POST", "/offboardings/{offboarding_id}/employment-certificate"),
    ),
    Cell(
        "POST",
        lambda s: f"{API}/offboardings/{s.offboarding.pk}/revoke-access",
        MANAGE,
        operation=op("POST", "/offboardings/{offboarding_id}/revoke-access"),
    ),
    Cell(
        "POST",
        lambda s: f"{API}/offboardings/{s.offboarding.pk}/handover",
        MANAGE,
        operation=op("POST", "/offboardings/{offboarding_id}/handover"),
    ),
]


scenario = shared_scenario(Scenario)

test_pages, test_api, test_every_page_is_in_the_matrix, test_every_api_operation_is_in_the_matrix = matrix_tests(
    pages=PAGES, api_cells=API_CELLS, namespaces={"staff"}, api="/api/v1/staff/"
)
