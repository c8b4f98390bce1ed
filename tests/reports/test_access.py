"""Who may open which report, download it and call its API: the full matrix, denial included. A report is
shown to those who may see the module's own data behind it."""

from backoffice.core.roles import ADMINISTRATOR, BACK_OFFICE, HR, OFFICE_MANAGER, TECHNICIAN
from tests.access import EVERYONE, Cell, matrix_tests

SEE_STOCK = frozenset({BACK_OFFICE, OFFICE_MANAGER, TECHNICIAN, ADMINISTRATOR})
SEE_REPAIRS = frozenset({BACK_OFFICE, OFFICE_MANAGER, TECHNICIAN, ADMINISTRATOR})
SEE_CALLS = frozenset({BACK_OFFICE, OFFICE_MANAGER, ADMINISTRATOR})
SEE_APPLICANTS = frozenset({HR, ADMINISTRATOR})  # applicant data is HR-confidential
SEE_TRAINING = frozenset({HR, ADMINISTRATOR, BACK_OFFICE})
ANY_REPORT = SEE_STOCK | SEE_REPAIRS | SEE_CALLS | SEE_APPLICANTS | SEE_TRAINING
BY_REPORT = {
    "supplies": SEE_STOCK,
    "equipment": SEE_REPAIRS,
    "calls": SEE_CALLS,
    "hiring": SEE_APPLICANTS,
    "training": SEE_TRAINING,
}
PERIOD = "?since=2026-01-01&until=2026-03-31"

PAGES = [Cell("GET", lambda s: "/reports/", ANY_REPORT, url_name="reports:index")]
for _slug, _allowed in BY_REPORT.items():
    PAGES += [
        Cell("GET", lambda s, slug=_slug: f"/reports/{slug}/{PERIOD}", _allowed, url_name=f"reports:{_slug}"),
        *(
            Cell(
                "GET",
                lambda s, slug=_slug, fmt=_fmt: f"/reports/{slug}.{fmt}{PERIOD}",
                _allowed,
                url_name=f"reports:{_slug}_export",
            )
            for _fmt in ("csv", "xlsx", "pdf")
        ),
    ]

API = "/api/v1/reports"
API_CELLS = [Cell("GET", lambda s: f"{API}/", EVERYONE, operation=f"GET {API}/")]
API_CELLS += [
    Cell("GET", lambda s, slug=_slug: f"{API}/{slug}{PERIOD}", _allowed, operation=f"GET {API}/{_slug}")
    for _slug, _allowed in BY_REPORT.items()
]


# No records of anyone's: the cells get None, and a page cell is named by its path.
test_pages, test_api, test_every_page_is_in_the_matrix, test_every_api_operation_is_in_the_matrix = matrix_tests(
    pages=PAGES,
    api_cells=API_CELLS,
    namespaces={"reports"},
    api=lambda operation: operation.startswith(f"GET {API}"),
    page_ids=lambda cell: cell.path(None),
    scenario=False,
)
