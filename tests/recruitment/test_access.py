"""Who may open which recruitment page and call which API operation. Applicant data is HR-confidential:
every other role (an interviewer not assigned, too) is denied everywhere — pages, API, files, exports."""

import datetime as dt

import pytest

from backoffice.core.roles import ADMINISTRATOR, HR, INTERVIEWER
from backoffice.recruitment import services
from backoffice.recruitment.choices import Stage
from tests.access import (
    ROLES_AND_ANONYMOUS,
    Cell,
    matrix_tests,
    scenario_storage,
    shared_scenario,
    sign_in,
)
from tests.builders import make_employee
from tests.recruitment.builders import make_application, make_position, next_weekday_at

HR_ONLY = frozenset({HR, ADMINISTRATOR})
FEEDBACK_GIVERS = frozenset({HR, ADMINISTRATOR, INTERVIEWER})
NOBODY = frozenset()


class Scenario:
    def __init__(self):
        self.position = make_position()
        self.application = make_application(self.position)
        self.shortlisted = make_application(self.position)
        services.application_move(actor=None, application=self.shortlisted, stage=Stage.SHORTLISTED)
        self.interviewer = make_employee()
        start = next_weekday_at(9)
        self.interview = services.interview_schedule(
            actor=None,
            application=self.shortlisted,
            interviewers=[self.interviewer],
            start=start,
            end=start + dt.timedelta(hours=1),
        )
        self.batch = services.intake_start(actor=None, position=self.position, files=[("a.txt", b"too short")])


R = "/recruitment"
PAGES = [
    Cell("GET", lambda s: f"{R}/", HR_ONLY, url_name="recruitment:position_list"),
    Cell("GET", lambda s: f"{R}/positions/new/", HR_ONLY, url_name="recruitment:position_create"),
    Cell("GET", lambda s: f"{R}/positions/{s.position.pk}/", HR_ONLY, url_name="recruitment:position_detail"),
    Cell("GET", lambda s: f"{R}/positions/{s.position.pk}/edit/", HR_ONLY, url_name="recruitment:position_edit"),
    Cell("GET", lambda s: f"{R}/positions/{s.position.pk}/ranking/", HR_ONLY, url_name="recruitment:position_ranking"),
    Cell("GET", lambda s: f"{R}/positions/{s.position.pk}/apply/", HR_ONLY, url_name="recruitment:application_create"),
    Cell("GET", lambda s: f"{R}/positions/{s.position.pk}/intake/", HR_ONLY, url_name="recruitment:intake_create"),
    Cell("GET", lambda s: f"{R}/intake/{s.batch.pk}/", HR_ONLY, url_name="recruitment:intake_detail"),
    Cell("GET", lambda s: f"{R}/applications/", HR_ONLY, url_name="recruitment:application_list"),
    Cell("GET", lambda s: f"{R}/applications/export.csv", HR_ONLY, url_name="recruitment:application_export"),
    Cell("GET", lambda s: f"{R}/applications/{s.application.pk}/", HR_ONLY, url_name="recruitment:application_detail"),
    Cell(
        "POST",
        lambda s: f"{R}/applications/{s.application.pk}/shortlist/",
        HR_ONLY,
        url_name="recruitment:application_shortlist",
    ),
    Cell(
        "POST",
        lambda s: f"{R}/applications/{s.application.pk}/move/",
        HR_ONLY,
        url_name="recruitment:application_move",
        payload=lambda s, u: {"stage": "screened"},
    ),
    Cell(
        "POST",
        lambda s: f"{R}/applications/{s.application.pk}/note/",
        HR_ONLY,
        url_name="recruitment:application_note",
        payload=lambda s, u: {"text": "Zavolat v pondělí"},
    ),
    Cell(
        "POST",
        lambda s: f"{R}/applications/{s.application.pk}/tags/",
        HR_ONLY,
        url_name="recruitment:application_tags",
        payload=lambda s, u: {"tags": "Pohoda, praxe"},
    ),
    Cell(
        "POST",
        lambda s: f"{R}/applications/{s.application.pk}/call/",
        HR_ONLY,
        url_name="recruitment:application_call",
        payload=lambda s, u: {"direction": "out", "purpose": "Domluva pohovoru"},
    ),
    Cell(
        "POST",
        lambda s: f"{R}/applications/{s.shortlisted.pk}/offer/make/",
        HR_ONLY,
        url_name="recruitment:application_offer",
    ),
    Cell(
        "GET",
        lambda s: f"{R}/applications/{s.application.pk}/interview/",
        HR_ONLY,
        url_name="recruitment:interview_create",
    ),
    Cell(
        "GET",
        lambda s: f"{R}/applications/{s.application.pk}/interview-slots/",
        HR_ONLY,
        url_name="recruitment:interview_offer",
    ),
    Cell("GET", lambda s: f"{R}/resumes/{s.application.resume_id}/", HR_ONLY, url_name="recruitment:resume_download"),
    Cell("GET", lambda s: f"{R}/interviews/", FEEDBACK_GIVERS, url_name="recruitment:interview_list"),
    # Feedback: only the interviewer assigned (not a role): every freshly signed-in user is denied.
    Cell("GET", lambda s: f"{R}/interviews/{s.interview.pk}/feedback/", NOBODY, url_name="recruitment:feedback"),
    Cell(
        "GET",
        lambda s: f"{R}/candidates/{s.application.candidate_id}/",
        HR_ONLY,
        url_name="recruitment:candidate_detail",
    ),
    Cell(
        "GET",
        lambda s: f"{R}/candidates/{s.application.candidate_id}/export/",
        HR_ONLY,
        url_name="recruitment:candidate_export",
    ),
    Cell(
        "POST",
        lambda s: f"{R}/candidates/{s.application.candidate_id}/erase/",
        HR_ONLY,
        url_name="recruitment:candidate_erase",
        payload=lambda s, u: {"reason": "žádost"},
    ),
]

API = "/api/v1/recruitment"


def op(method: str, path: str) -> str:
    return f"{method} {API}{path}"


API_CELLS = [
    Cell("GET", lambda s: f"{API}/positions", HR_ONLY, operation=op("GET", "/positions")),
    Cell(
        "POST",
        lambda s: f"{API}/positions",
        HR_ONLY,
        operation=op("POST", "/positions"),
        payload=lambda s, u: {"title": "Skladník", "skills": [{"name": "VZV", "weight": 3}]},
    ),
    Cell("GET", lambda s: f"{API}/positions/{s.position.pk}", HR_ONLY, operation=op("GET", "/positions/{position_id}")),
    Cell(
        "PATCH",
        lambda s: f"{API}/positions/{s.position.pk}",
        HR_ONLY,
        operation=op("PATCH", "/positions/{position_id}"),
        payload=lambda s, u: {"headcount": 2},
    ),
    Cell(
        "GET",
        lambda s: f"{API}/positions/{s.position.pk}/ranking",
        HR_ONLY,
        operation=op("GET", "/positions/{position_id}/ranking"),
    ),
    Cell(
        "POST",
        lambda s: f"{API}/positions/{s.position.pk}/applications",
        HR_ONLY,
        operation=op("POST", "/positions/{position_id}/applications"),
        payload=lambda s, u: {"name": "Nový Uchazeč", "email": "novy@example.cz"},
    ),
    Cell("GET", lambda s: f"{API}/applications", FEEDBACK_GIVERS, operation=op("GET", "/applications")),
    Cell(
        "GET",
        lambda s: f"{API}/applications/{s.application.pk}",
        HR_ONLY,
        operation=op("GET", "/applications/{application_id}"),
    ),
    Cell(
        "POST",
        lambda s: f"{API}/applications/{s.application.pk}/move",
        HR_ONLY,
        operation=op("POST", "/applications/{application_id}/move"),
        payload=lambda s, u: {"stage": "screened"},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/applications/{s.application.pk}/interviews",
        HR_ONLY,
        operation=op("POST", "/applications/{application_id}/interviews"),
        payload=lambda s, u: {
            "interviewer_ids": [s.interviewer.pk],
            "start": next_weekday_at(13).isoformat(),
            "end": next_weekday_at(14).isoformat(),
        },
    ),
    Cell(
        "POST",
        lambda s: f"{API}/interviews/{s.interview.pk}/feedback",
        NOBODY,
        operation=op("POST", "/interviews/{interview_id}/feedback"),
        payload=lambda s, u: {"scores": {}, "recommendation": "hire"},
    ),
    Cell(
        "GET",
        lambda s: f"{API}/candidates/{s.application.candidate_id}/export",
        HR_ONLY,
        operation=op("GET", "/candidates/{candidate_id}/export"),
    ),
]


CAREERS = [
    Cell("GET", lambda s: "/careers/", frozenset(ROLES_AND_ANONYMOUS), url_name="careers:position_list"),
    Cell("GET", lambda s: f"/careers/{s.position.pk}/", frozenset(ROLES_AND_ANONYMOUS), url_name="careers:apply"),
    Cell("GET", lambda s: "/careers/thanks/", frozenset(ROLES_AND_ANONYMOUS), url_name="careers:thanks"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES_AND_ANONYMOUS)
@pytest.mark.parametrize("cell", CAREERS, ids=str)
def test_careers_pages_are_public(client, scenario, cell, role):
    sign_in(client, role, api=False)
    response = client.get(cell.path(scenario))
    assert response.status_code == 200
    assert scenario.application.candidate.name not in response.content.decode()


scenario = shared_scenario(Scenario, files=True)  # files: the resumes
private_files = scenario_storage()  # not the conftest's folder per test: the scenario's resumes stay

test_pages, test_api, test_every_page_is_in_the_matrix, test_every_api_operation_is_in_the_matrix = matrix_tests(
    pages=PAGES,
    api_cells=API_CELLS,
    namespaces={"recruitment", "careers"},
    api="/api/v1/recruitment/",
    also_listed=CAREERS,
)
