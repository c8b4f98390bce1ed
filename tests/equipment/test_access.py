"""Who may open which equipment page and call which API operation: the full matrix, denial included."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.core.roles import ADMINISTRATOR, BACK_OFFICE, OFFICE_MANAGER, TECHNICIAN
from backoffice.equipment import services
from tests.access import EVERYONE, Cell, matrix_tests, scenario_storage, shared_scenario
from tests.builders import make_user
from tests.equipment.conftest import make_asset, make_toner, make_vendor, pdf_bytes, png_bytes

REGISTER = frozenset({ADMINISTRATOR, BACK_OFFICE, OFFICE_MANAGER})  # add and retire assets, vendors, plans
WORKSHOP = REGISTER | {TECHNICIAN}  # see the register, change assets, read meters, work on requests, write guides


class Scenario:
    """Someone else's fault report on a machine nobody in the matrix is assigned to."""

    def __init__(self):
        self.vendor = make_vendor()
        self.asset = make_asset(vendor=self.vendor)
        self.spare = make_asset()
        self.technician = make_user(TECHNICIAN)
        self.request = services.request_report(
            actor=make_user(None),
            asset=self.asset,
            description="Nejde tisk.",
            photo=SimpleUploadedFile("fault.png", png_bytes(), "image/png"),
        )
        self.file = services.asset_file_add(
            actor=None, asset=self.asset, kind="document", filename="manual.pdf", data=pdf_bytes()
        )
        self.toner = make_toner()
        self.done = services.request_report(
            actor=make_user(None), asset=self.spare, description="Hotovo.", self_help=True
        )


ASSIGN = lambda s, u: {"assignee": s.technician.employee.pk}  # noqa: E731
RESOLVE = lambda s, u: {"status": "resolved", "resolution": "Vyčištěno."}  # noqa: E731

PAGES = [
    Cell("GET", lambda s: "/equipment/", WORKSHOP, url_name="equipment:asset_list"),
    Cell("GET", lambda s: "/equipment/new/", REGISTER, url_name="equipment:asset_create"),
    Cell("GET", lambda s: "/equipment/discover/", REGISTER, url_name="equipment:asset_discover"),
    Cell("GET", lambda s: "/equipment/labels.pdf", WORKSHOP, url_name="equipment:asset_labels"),
    Cell("GET", lambda s: f"/equipment/{s.asset.pk}/", WORKSHOP, url_name="equipment:asset_detail"),
    Cell("GET", lambda s: f"/equipment/{s.asset.pk}/?tab=meters", WORKSHOP, url_name="equipment:asset_detail"),
    Cell("GET", lambda s: f"/equipment/{s.asset.pk}/?tab=history", WORKSHOP, url_name="equipment:asset_detail"),
    Cell("GET", lambda s: f"/equipment/{s.asset.pk}/edit/", WORKSHOP, url_name="equipment:asset_edit"),
    Cell("POST", lambda s: f"/equipment/{s.spare.pk}/archive/", REGISTER, url_name="equipment:asset_archive"),
    Cell("POST", lambda s: f"/equipment/{s.asset.pk}/poll/", WORKSHOP, url_name="equipment:asset_poll"),
    Cell(
        "POST",
        lambda s: f"/equipment/{s.asset.pk}/readings/",
        WORKSHOP,
        url_name="equipment:reading_add",
        payload=lambda s, u: {"pages": 100},
    ),
    Cell("GET", lambda s: f"/equipment/{s.asset.pk}/report/", EVERYONE, url_name="equipment:fault_report"),
    Cell(
        "POST",
        lambda s: f"/equipment/{s.asset.pk}/report/",
        EVERYONE,
        url_name="equipment:fault_report",
        payload=lambda s, u: {"description": "Bliká."},
    ),
    Cell(
        "POST",
        lambda s: f"/equipment/{s.asset.pk}/files/",
        WORKSHOP,
        url_name="equipment:asset_file_upload",
        payload=lambda s, u: {"kind": "photo", "file": SimpleUploadedFile("a.png", png_bytes(), "image/png")},
    ),
    Cell("GET", lambda s: f"/equipment/files/{s.file.pk}/", WORKSHOP, url_name="equipment:asset_file_download"),
    Cell("POST", lambda s: f"/equipment/files/{s.file.pk}/archive/", WORKSHOP, url_name="equipment:asset_file_archive"),
    Cell("GET", lambda s: f"/equipment/{s.asset.pk}/?tab=files", WORKSHOP, url_name="equipment:asset_detail"),
    Cell("GET", lambda s: f"/equipment/requests/{s.request.pk}/photo/", WORKSHOP, url_name="equipment:request_photo"),
    Cell("GET", lambda s: "/equipment/requests/", EVERYONE, url_name="equipment:request_list"),
    Cell("GET", lambda s: f"/equipment/requests/{s.request.pk}/", WORKSHOP, url_name="equipment:request_detail"),
    Cell(
        "POST",
        lambda s: f"/equipment/requests/{s.request.pk}/triage/",
        WORKSHOP,
        url_name="equipment:request_triage",
        payload=lambda s, u: {"priority": "high", "kind": "fault"},
    ),
    Cell(
        "POST",
        lambda s: f"/equipment/requests/{s.request.pk}/assign/",
        WORKSHOP,
        url_name="equipment:request_assign",
        payload=ASSIGN,
    ),
    Cell(
        "POST",
        lambda s: f"/equipment/requests/{s.request.pk}/status/",
        WORKSHOP,
        url_name="equipment:request_move",
        payload=RESOLVE,
    ),
    Cell(
        "POST",
        lambda s: f"/equipment/requests/{s.done.pk}/reopen/",
        WORKSHOP,
        url_name="equipment:request_reopen",
        payload=lambda s, u: {"reason": "Zase."},
    ),
    Cell("GET", lambda s: "/equipment/vendors/", WORKSHOP, url_name="equipment:vendor_list"),
    Cell("GET", lambda s: "/equipment/vendors/new/", REGISTER, url_name="equipment:vendor_create"),
    Cell("GET", lambda s: "/equipment/guides/", EVERYONE, url_name="equipment:guide_list"),
    Cell("GET", lambda s: "/equipment/guides/new/", WORKSHOP, url_name="equipment:guide_create"),
    Cell("GET", lambda s: "/equipment/plans/", WORKSHOP, url_name="equipment:plan_list"),
    Cell("GET", lambda s: "/equipment/plans/new/", REGISTER, url_name="equipment:plan_create"),
    Cell("GET", lambda s: "/equipment/reports/", WORKSHOP, url_name="equipment:reports"),
    Cell("GET", lambda s: "/equipment/consumables/", WORKSHOP, url_name="equipment:consumable_list"),
    Cell("GET", lambda s: "/equipment/consumables/new/", REGISTER, url_name="equipment:consumable_create"),
]

API = "/api/v1/equipment"
JSON_OK = frozenset({200, 201})
UNREADABLE = frozenset({422})  # allowed, and the answer is a clear error (no SNMP settings / nobody at the address)

API_CELLS = [
    Cell("GET", lambda s: f"{API}/assets", EVERYONE, operation="GET /api/v1/equipment/assets"),
    Cell(
        "POST",
        lambda s: f"{API}/assets",
        REGISTER,
        operation="POST /api/v1/equipment/assets",
        payload=lambda s, u: {
            "category": "fax",
            "manufacturer": "Panasonic",
            "model_name": "KX",
            "serial_number": "F1",
        },
    ),
    Cell("GET", lambda s: f"{API}/assets/{s.asset.pk}", WORKSHOP, operation="GET /api/v1/equipment/assets/{asset_id}"),
    Cell(
        "PATCH",
        lambda s: f"{API}/assets/{s.asset.pk}",
        WORKSHOP,
        operation="PATCH /api/v1/equipment/assets/{asset_id}",
        payload=lambda s, u: {"location": "Sklad"},
    ),
    Cell(
        "DELETE",
        lambda s: f"{API}/assets/{s.spare.pk}",
        REGISTER,
        operation="DELETE /api/v1/equipment/assets/{asset_id}",
    ),
    Cell(
        "GET",
        lambda s: f"{API}/assets/{s.asset.pk}/history",
        WORKSHOP,
        operation="GET /api/v1/equipment/assets/{asset_id}/history",
    ),
    Cell(
        "GET",
        lambda s: f"{API}/assets/{s.asset.pk}/self-help",
        EVERYONE,
        operation="GET /api/v1/equipment/assets/{asset_id}/self-help",
    ),
    Cell(
        "GET",
        lambda s: f"{API}/assets/{s.asset.pk}/readings",
        WORKSHOP,
        operation="GET /api/v1/equipment/assets/{asset_id}/readings",
    ),
    Cell(
        "POST",
        lambda s: f"{API}/assets/{s.asset.pk}/readings",
        WORKSHOP,
        operation="POST /api/v1/equipment/assets/{asset_id}/readings",
        payload=lambda s, u: {"pages": 1200},
    ),
    Cell(
        "GET",
        lambda s: f"{API}/assets/{s.asset.pk}/supplies",
        WORKSHOP,
        operation="GET /api/v1/equipment/assets/{asset_id}/supplies",
    ),
    Cell(
        "POST",
        lambda s: f"{API}/assets/{s.asset.pk}/poll",
        WORKSHOP,
        operation="POST /api/v1/equipment/assets/{asset_id}/poll",
        ok=UNREADABLE,
    ),
    Cell(
        "POST",
        lambda s: f"{API}/discover",
        REGISTER,
        operation="POST /api/v1/equipment/discover",
        payload=lambda s, u: {"ip_address": "127.0.0.1", "port": 9},
        ok=UNREADABLE,
    ),
    Cell(
        "GET",
        lambda s: f"{API}/assets/{s.asset.pk}/files",
        WORKSHOP,
        operation="GET /api/v1/equipment/assets/{asset_id}/files",
    ),
    Cell(
        "POST",
        lambda s: f"{API}/assets/{s.asset.pk}/files",
        WORKSHOP,
        operation="POST /api/v1/equipment/assets/{asset_id}/files",
        payload=lambda s, u: {"kind": "photo", "file": SimpleUploadedFile("a.png", png_bytes(), "image/png")},
        form=True,  # an upload is a form, not JSON
    ),
    Cell(
        "GET",
        lambda s: f"{API}/files/{s.file.pk}/download",
        WORKSHOP,
        operation="GET /api/v1/equipment/files/{file_id}/download",
    ),
    Cell(
        "DELETE", lambda s: f"{API}/files/{s.file.pk}", WORKSHOP, operation="DELETE /api/v1/equipment/files/{file_id}"
    ),
    Cell(
        "GET",
        lambda s: f"{API}/requests/{s.request.pk}/photo",
        WORKSHOP,
        operation="GET /api/v1/equipment/requests/{request_id}/photo",
    ),
    Cell("GET", lambda s: f"{API}/vendors", EVERYONE, operation="GET /api/v1/equipment/vendors"),
    Cell(
        "POST",
        lambda s: f"{API}/vendors",
        REGISTER,
        operation="POST /api/v1/equipment/vendors",
        payload=lambda s, u: {"name": "Nový servis", "email": "n@example.cz"},
    ),
    Cell("GET", lambda s: f"{API}/guides", EVERYONE, operation="GET /api/v1/equipment/guides"),
    Cell(
        "POST",
        lambda s: f"{API}/guides",
        WORKSHOP,
        operation="POST /api/v1/equipment/guides",
        payload=lambda s, u: {"manufacturer": "Brother", "title": "Toner", "body": "Vyměňte toner."},
    ),
    Cell("GET", lambda s: f"{API}/requests", EVERYONE, operation="GET /api/v1/equipment/requests"),
    Cell(
        "POST",
        lambda s: f"{API}/requests",
        EVERYONE,
        operation="POST /api/v1/equipment/requests",
        payload=lambda s, u: {"asset_id": s.asset.pk, "description": "Bliká."},
    ),
    Cell(
        "GET",
        lambda s: f"{API}/requests/{s.request.pk}",
        WORKSHOP,
        operation="GET /api/v1/equipment/requests/{request_id}",
    ),
    Cell(
        "POST",
        lambda s: f"{API}/requests/{s.request.pk}/triage",
        WORKSHOP,
        operation="POST /api/v1/equipment/requests/{request_id}/triage",
        payload=lambda s, u: {"priority": "urgent"},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/requests/{s.request.pk}/assign",
        WORKSHOP,
        operation="POST /api/v1/equipment/requests/{request_id}/assign",
        payload=lambda s, u: {"vendor_id": s.vendor.pk},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/requests/{s.request.pk}/status",
        WORKSHOP,
        operation="POST /api/v1/equipment/requests/{request_id}/status",
        payload=RESOLVE,
    ),
    Cell(
        "POST",
        lambda s: f"{API}/requests/{s.done.pk}/reopen",
        WORKSHOP,
        operation="POST /api/v1/equipment/requests/{request_id}/reopen",
        payload=lambda s, u: {"reason": "Zase."},
    ),
    Cell("GET", lambda s: f"{API}/plans", EVERYONE, operation="GET /api/v1/equipment/plans"),
    Cell(
        "POST",
        lambda s: f"{API}/plans",
        REGISTER,
        operation="POST /api/v1/equipment/plans",
        payload=lambda s, u: {"asset_id": s.asset.pk, "title": "Čištění", "every_months": 3},
    ),
    Cell(
        "GET",
        lambda s: f"{API}/reports/reliability",
        WORKSHOP,
        operation="GET /api/v1/equipment/reports/reliability",
    ),
    Cell("GET", lambda s: f"{API}/consumables", EVERYONE, operation="GET /api/v1/equipment/consumables"),
    Cell(
        "POST",
        lambda s: f"{API}/consumables",
        REGISTER,
        operation="POST /api/v1/equipment/consumables",
        payload=lambda s, u: {
            "manufacturer": "Brother",
            "model_name": "MFC-L2710DW",
            "item_id": s.toner.pk,
            "match": "Black Toner",
        },
    ),
]


@pytest.fixture(autouse=True)
def quick_snmp(settings):
    settings.EQUIPMENT_SNMP_TIMEOUT = 0.5


scenario = shared_scenario(Scenario, files=True)
media_root = scenario_storage()  # not the conftest's directory per test: the scenario's photo and manual stay

test_pages, test_api, test_every_page_is_in_the_matrix, test_every_api_operation_is_in_the_matrix = matrix_tests(
    pages=PAGES, api_cells=API_CELLS, namespaces={"equipment"}, api="/api/v1/equipment/"
)
