"""Who may open which people page and call which API operation: the full matrix, denial included."""

from backoffice.core.roles import ADMINISTRATOR, BACK_OFFICE, HR, OFFICE_MANAGER
from backoffice.core.tokens import token_create
from backoffice.people import services
from backoffice.people.choices import AbsenceKind, AbsenceStatus
from backoffice.people.models import Absence
from tests.access import ALL_ROLES, EVERYONE, NO_ROLE, Cell, matrix_tests, shared_scenario
from tests.builders import days, make_employee, make_user

STAFF_RECORDS = frozenset({HR, ADMINISTRATOR})
ABSENCE_KEEPERS = frozenset({BACK_OFFICE, OFFICE_MANAGER, HR, ADMINISTRATOR})


class Scenario:
    """Someone else's records, which the matrix tries to reach."""

    def __init__(self):
        self.other = make_employee(first_name="Cizí", last_name="Kolegyně")
        self.substitute = make_employee(first_name="Ochotný", last_name="Kolega")
        self.absence = services.absence_record(
            actor=None, employee=self.other, kind=AbsenceKind.SICK_LEAVE, start_date=days(1), end_date=days(3)
        )
        Absence.objects.filter(pk=self.absence.pk).update(status=AbsenceStatus.REQUESTED)
        self.substitution = services.substitution_create(
            actor=None, absent=self.other, substitute=self.substitute, start_date=days(1), end_date=days(3)
        )
        self.foreign_token, _ = token_create(user=make_user(HR), name="someone else's")


def own_employee_id(user):
    return user.employee.pk if user is not None else 0


PAGES = [
    Cell("GET", lambda s: "/", EVERYONE, url_name="core:my_work"),
    Cell("GET", lambda s: "/notifications/", EVERYONE, url_name="core:notifications"),
    Cell("POST", lambda s: "/notifications/read/", EVERYONE, url_name="core:notifications_read"),
    Cell("GET", lambda s: "/profile/", EVERYONE, url_name="core:profile"),
    Cell("POST", lambda s: "/profile/preferences/", EVERYONE, url_name="core:preferences"),
    Cell("POST", lambda s: f"/profile/tokens/{s.foreign_token.pk}/revoke/", frozenset(), url_name="core:token_revoke"),
    # A signed-in session has passed its second factor: the verify page sends it on, the enrol page offers a new app.
    Cell("GET", lambda s: "/accounts/second-factor/", EVERYONE, url_name="core:second_factor_verify"),
    Cell("GET", lambda s: "/accounts/second-factor/enrol/", EVERYONE, url_name="core:second_factor_enrol"),
    # one's own app only; for Administrator and HR the answer is the profile with "cannot be removed"
    Cell("POST", lambda s: "/profile/second-factor/remove/", EVERYONE, url_name="core:second_factor_remove"),
    Cell("GET", lambda s: "/people/", EVERYONE, url_name="people:directory"),
    Cell("GET", lambda s: f"/people/{s.other.pk}/", ALL_ROLES, url_name="people:employee_detail"),
    Cell("GET", lambda s: f"/people/{s.other.pk}/?tab=history", STAFF_RECORDS, url_name="people:employee_detail"),
    Cell("GET", lambda s: "/people/new/", STAFF_RECORDS, url_name="people:employee_create"),
    Cell("GET", lambda s: f"/people/{s.other.pk}/edit/", STAFF_RECORDS, url_name="people:employee_edit"),
    Cell("POST", lambda s: f"/people/{s.other.pk}/archive/", STAFF_RECORDS, url_name="people:employee_archive"),
    Cell("GET", lambda s: "/people/departments/", ALL_ROLES, url_name="people:department_list"),
    Cell("GET", lambda s: "/people/departments/new/", STAFF_RECORDS, url_name="people:department_create"),
    Cell("GET", lambda s: "/people/absences/", EVERYONE, url_name="people:absence_list"),
    Cell("GET", lambda s: "/people/absences/new/", EVERYONE, url_name="people:absence_create"),
    Cell(
        "POST",
        lambda s: f"/people/absences/{s.absence.pk}/decide/",
        ABSENCE_KEEPERS,
        url_name="people:absence_decide",
        payload=lambda s, u: {"decision": "approve"},
    ),
    Cell(
        "POST", lambda s: f"/people/absences/{s.absence.pk}/cancel/", ABSENCE_KEEPERS, url_name="people:absence_cancel"
    ),
    Cell("GET", lambda s: "/people/substitutions/", EVERYONE, url_name="people:substitution_list"),
    Cell("GET", lambda s: "/people/substitutions/new/", EVERYONE, url_name="people:substitution_create"),
    Cell(
        "POST",
        lambda s: f"/people/substitutions/{s.substitution.pk}/cancel/",
        ABSENCE_KEEPERS,
        url_name="people:substitution_cancel",
    ),
]

API = "/api/v1"
API_CELLS = [
    Cell("GET", lambda s: f"{API}/me", EVERYONE, operation="GET /api/v1/me"),
    Cell("GET", lambda s: f"{API}/me/work", EVERYONE, operation="GET /api/v1/me/work"),
    Cell("GET", lambda s: f"{API}/me/notifications", EVERYONE, operation="GET /api/v1/me/notifications"),
    Cell(
        "POST",
        lambda s: f"{API}/me/notifications/read",
        EVERYONE,
        operation="POST /api/v1/me/notifications/read",
        payload=lambda s, u: {},
    ),
    Cell("GET", lambda s: f"{API}/me/tokens", EVERYONE, operation="GET /api/v1/me/tokens"),
    Cell(
        "POST",
        lambda s: f"{API}/me/tokens",
        EVERYONE,
        operation="POST /api/v1/me/tokens",
        payload=lambda s, u: {"name": "skript"},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/me/tokens/{s.foreign_token.pk}/revoke",
        frozenset(),
        operation="POST /api/v1/me/tokens/{token_id}/revoke",
    ),
    Cell("GET", lambda s: f"{API}/people/employees", EVERYONE, operation="GET /api/v1/people/employees"),
    Cell(
        "GET",
        lambda s: f"{API}/people/employees/{s.other.pk}",
        ALL_ROLES,
        operation="GET /api/v1/people/employees/{employee_id}",
    ),
    Cell(
        "POST",
        lambda s: f"{API}/people/employees",
        STAFF_RECORDS,
        operation="POST /api/v1/people/employees",
        payload=lambda s, u: {"first_name": "Nová", "last_name": "Posila"},
    ),
    Cell(
        "PATCH",
        lambda s: f"{API}/people/employees/{s.other.pk}",
        STAFF_RECORDS,
        operation="PATCH /api/v1/people/employees/{employee_id}",
        payload=lambda s, u: {"job_title": "Vedoucí"},
    ),
    Cell(
        "DELETE",
        lambda s: f"{API}/people/employees/{s.other.pk}",
        STAFF_RECORDS,
        operation="DELETE /api/v1/people/employees/{employee_id}",
    ),
    Cell("GET", lambda s: f"{API}/people/departments", EVERYONE, operation="GET /api/v1/people/departments"),
    Cell(
        "POST",
        lambda s: f"{API}/people/departments",
        STAFF_RECORDS,
        operation="POST /api/v1/people/departments",
        payload=lambda s, u: {"name": "Nákup", "code": "NAK"},
    ),
    Cell("GET", lambda s: f"{API}/people/absences", EVERYONE, operation="GET /api/v1/people/absences"),
    Cell(
        "POST",
        lambda s: f"{API}/people/absences",
        EVERYONE,
        operation="POST /api/v1/people/absences",
        payload=lambda s, u: {
            "employee_id": own_employee_id(u),
            "kind": "vacation",
            "start_date": str(days(20)),
            "end_date": str(days(21)),
        },
    ),
    Cell(
        "POST",
        lambda s: f"{API}/people/absences/{s.absence.pk}/decision",
        ABSENCE_KEEPERS,
        operation="POST /api/v1/people/absences/{absence_id}/decision",
        payload=lambda s, u: {"approve": True},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/people/absences/{s.absence.pk}/cancel",
        ABSENCE_KEEPERS,
        operation="POST /api/v1/people/absences/{absence_id}/cancel",
    ),
    Cell("GET", lambda s: f"{API}/people/substitutions", EVERYONE, operation="GET /api/v1/people/substitutions"),
    Cell(
        "POST",
        lambda s: f"{API}/people/substitutions",
        ALL_ROLES,
        operation="POST /api/v1/people/substitutions",
        payload=lambda s, u: {
            "absent_id": own_employee_id(u),
            "substitute_id": s.substitute.pk,
            "start_date": str(days(20)),
            "end_date": str(days(21)),
        },
        special={NO_ROLE: 422},
    ),  # without the directory, the substitute is an unknown employee
    Cell(
        "POST",
        lambda s: f"{API}/people/substitutions/{s.substitution.pk}/cancel",
        ABSENCE_KEEPERS,
        operation="POST /api/v1/people/substitutions/{substitution_id}/cancel",
    ),
    Cell("GET", lambda s: f"{API}/people/directory", EVERYONE, operation="GET /api/v1/people/directory"),
    Cell(
        "GET",
        lambda s: f"{API}/people/responsible?employee_id={s.other.pk}&area=supplies",
        ALL_ROLES,
        operation="GET /api/v1/people/responsible",
    ),
]


def people_and_me(operation: str) -> bool:
    return operation.split()[1].startswith(("/api/v1/people/", "/api/v1/me/")) or operation.endswith("/me")


scenario = shared_scenario(Scenario)

test_pages, test_api, test_every_page_is_in_the_matrix, test_every_api_operation_is_in_the_matrix = matrix_tests(
    pages=PAGES, api_cells=API_CELLS, namespaces={"core", "people"}, api=people_and_me
)
