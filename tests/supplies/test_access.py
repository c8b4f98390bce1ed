"""Who may open which supplies page and call which API operation: the full matrix, denial included."""

from decimal import Decimal

from backoffice.core.roles import ADMINISTRATOR, BACK_OFFICE, EMPLOYEE, OFFICE_MANAGER, TECHNICIAN
from backoffice.supplies import imports, services
from backoffice.supplies.choices import ReorderMethod
from tests.access import ALL_ROLES, EVERYONE, Cell, matrix_tests, shared_scenario
from tests.builders import make_employee, make_user
from tests.supplies.builders import make_item, make_location, make_offer, make_supplier, stock

RUN = frozenset({BACK_OFFICE, OFFICE_MANAGER, ADMINISTRATOR})
SEE_STOCK = RUN | {TECHNICIAN}
APPROVERS = frozenset({OFFICE_MANAGER, ADMINISTRATOR})


class Scenario:
    """Records the matrix tries to reach: someone else's request, orders in each state, an open count."""

    def __init__(self):
        self.location = make_location(code="SKLAD")
        self.other_location = make_location(code="KANC")
        self.supplier = make_supplier(name="Papírnictví Pavlík")
        self.item = make_item(sku="PAP-A4", name="Papír A4")
        make_offer(self.supplier, self.item, price="100.00")
        services.reorder_rule_set(
            actor=None,
            item=self.item,
            method=ReorderMethod.MANUAL,
            min_quantity=Decimal("5"),
            max_quantity=Decimal("10"),
        )
        stock(self.item, self.location, 3)
        self.low_item = make_item(sku="TONER-1", name="Toner")
        make_offer(self.supplier, self.low_item, price="1500.00")
        services.reorder_rule_set(
            actor=None,
            item=self.low_item,
            method=ReorderMethod.MANUAL,
            min_quantity=Decimal("1"),
            max_quantity=Decimal("2"),
        )
        requester = make_user(EMPLOYEE)
        self.request = services.supply_request_create(actor=requester, item=self.item, quantity="1")
        lines = [{"item": self.item, "quantity": "1"}]
        big = [{"item": self.item, "quantity": "1000"}]
        self.order = services.purchase_order_create(
            actor=None, supplier=self.supplier, location=self.location, lines=lines
        )
        self.awaiting = services.purchase_order_create(
            actor=None, supplier=self.supplier, location=self.location, lines=big
        )
        services.purchase_order_submit(actor=None, order=self.awaiting)
        self.approved = services.purchase_order_create(
            actor=None, supplier=self.supplier, location=self.location, lines=lines
        )
        services.purchase_order_submit(actor=None, order=self.approved)
        self.sent = services.purchase_order_create(
            actor=None, supplier=self.supplier, location=self.location, lines=lines
        )
        services.purchase_order_submit(actor=None, order=self.sent)
        services.purchase_order_send(actor=None, order=self.sent)
        self.sent_line = self.sent.lines.get()
        self.count = services.stock_count_open(actor=None, location=self.other_location)
        self.employee = make_employee()
        self.pack = services.item_pack_create(actor=None, item=self.item, name="krabice", quantity="5")
        self.rule = services.reorder_rule_set(
            actor=None,
            item=self.item,
            location=self.other_location,
            method=ReorderMethod.MANUAL,
            min_quantity=Decimal("1"),
            max_quantity=Decimal("4"),
        )
        self.import_job = imports.import_job_start(
            actor=None, kind="items", raw="sku;name;unit\nIMP-1;Sešit;ks\n".encode(), filename="items.csv"
        )
        imports.run_import_job(self.import_job.pk)  # checked (the test's transaction never commits to start it)


S = "/supplies"
PAGES = [
    Cell("GET", lambda s: f"{S}/", ALL_ROLES, url_name="supplies:item_list"),
    Cell("GET", lambda s: f"{S}/items/new/", RUN, url_name="supplies:item_create"),
    Cell("GET", lambda s: f"{S}/items/{s.item.pk}/", ALL_ROLES, url_name="supplies:item_detail"),
    Cell("GET", lambda s: f"{S}/items/{s.item.pk}/?tab=history", RUN, url_name="supplies:item_detail"),
    Cell("GET", lambda s: f"{S}/items/{s.item.pk}/edit/", RUN, url_name="supplies:item_edit"),
    Cell("POST", lambda s: f"{S}/items/{s.item.pk}/archive/", RUN, url_name="supplies:item_archive"),
    Cell("GET", lambda s: f"{S}/items/{s.item.pk}/offers/new/", RUN, url_name="supplies:offer_create"),
    Cell("GET", lambda s: f"{S}/items/{s.item.pk}/packs/new/", RUN, url_name="supplies:pack_create"),
    Cell(
        "POST",
        lambda s: f"{S}/items/{s.item.pk}/packs/new/",
        RUN,
        url_name="supplies:pack_create",
        payload=lambda s, u: {"name": "karton", "quantity": "50"},
    ),
    Cell("POST", lambda s: f"{S}/items/{s.item.pk}/packs/{s.pack.pk}/delete/", RUN, url_name="supplies:pack_delete"),
    Cell("GET", lambda s: f"{S}/items/{s.item.pk}/reorder-rule/", RUN, url_name="supplies:rule_edit"),
    Cell(
        "POST",
        lambda s: f"{S}/items/{s.item.pk}/reorder-rule/",
        RUN,
        url_name="supplies:rule_edit",
        payload=lambda s, u: {
            "location": s.location.pk,
            "method": "manual",
            "min_quantity": "2",
            "max_quantity": "6",
            "lookback_days": "90",
            "review_days": "14",
            "service_level": "0.95",
        },
    ),
    Cell(
        "POST",
        lambda s: f"{S}/items/{s.item.pk}/reorder-rules/{s.rule.pk}/delete/",
        RUN,
        url_name="supplies:rule_delete",
    ),
    Cell("GET", lambda s: f"{S}/suppliers/", RUN, url_name="supplies:supplier_list"),
    Cell("GET", lambda s: f"{S}/suppliers/new/", RUN, url_name="supplies:supplier_create"),
    Cell("GET", lambda s: f"{S}/suppliers/{s.supplier.pk}/", RUN, url_name="supplies:supplier_detail"),
    Cell("GET", lambda s: f"{S}/suppliers/{s.supplier.pk}/edit/", RUN, url_name="supplies:supplier_edit"),
    Cell("GET", lambda s: f"{S}/stock/", SEE_STOCK, url_name="supplies:stock_list"),
    Cell("GET", lambda s: f"{S}/stock/movements/", SEE_STOCK, url_name="supplies:movement_list"),
    Cell("GET", lambda s: f"{S}/stock/movements/new/", RUN, url_name="supplies:movement_create"),
    Cell("GET", lambda s: f"{S}/requests/", ALL_ROLES, url_name="supplies:request_list"),
    Cell("GET", lambda s: f"{S}/requests/new/", ALL_ROLES, url_name="supplies:request_create"),
    Cell(
        "POST",
        lambda s: f"{S}/requests/{s.request.pk}/handle/",
        RUN,
        url_name="supplies:request_handle",
        payload=lambda s, u: {"action": "reject", "answer": "Není skladem"},
    ),
    Cell("GET", lambda s: f"{S}/to-order/", RUN, url_name="supplies:suggestion_list"),
    Cell(
        "POST",
        lambda s: f"{S}/to-order/order/",
        RUN,
        url_name="supplies:suggestion_order",
        payload=lambda s, u: {"location": s.location.pk},
    ),
    Cell("GET", lambda s: f"{S}/orders/", RUN, url_name="supplies:order_list"),
    Cell("GET", lambda s: f"{S}/orders/new/", RUN, url_name="supplies:order_create"),
    Cell(
        "POST",
        lambda s: f"{S}/orders/new/",
        RUN,
        url_name="supplies:order_create",
        payload=lambda s, u: {
            "supplier": s.supplier.pk,
            "location": s.location.pk,
            "language": "cs",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-item": s.item.pk,
            "lines-0-quantity": "2",
            "lines-0-vat_rate": "21",
        },
    ),
    Cell("GET", lambda s: f"{S}/orders/{s.order.pk}/", RUN, url_name="supplies:order_detail"),
    Cell("GET", lambda s: f"{S}/orders/{s.order.pk}/pdf/", RUN, url_name="supplies:order_pdf"),
    Cell("POST", lambda s: f"{S}/orders/{s.order.pk}/submit/", RUN, url_name="supplies:order_action"),
    Cell(
        "POST",
        lambda s: f"{S}/orders/{s.awaiting.pk}/approve/",
        RUN,
        url_name="supplies:order_action",
        special={BACK_OFFICE: 403},
    ),
    Cell("GET", lambda s: f"{S}/counts/", RUN, url_name="supplies:count_list"),
    Cell("GET", lambda s: f"{S}/counts/new/", RUN, url_name="supplies:count_create"),
    Cell("GET", lambda s: f"{S}/counts/{s.count.pk}/", RUN, url_name="supplies:count_detail"),
    Cell("GET", lambda s: f"{S}/counts/{s.count.pk}/sheet/", RUN, url_name="supplies:count_sheet"),
    Cell(
        "POST",
        lambda s: f"{S}/counts/{s.count.pk}/post/",
        RUN,
        url_name="supplies:count_post",
        payload=lambda s, u: {"reason": "Inventura"},
    ),
    Cell("GET", lambda s: f"{S}/import/", RUN, url_name="supplies:import"),
    Cell("GET", lambda s: f"{S}/import/{s.import_job.pk}/", RUN, url_name="supplies:import_job"),
    Cell("POST", lambda s: f"{S}/import/{s.import_job.pk}/commit/", RUN, url_name="supplies:import_job_commit"),
    Cell("GET", lambda s: f"{S}/usage/", SEE_STOCK, url_name="supplies:usage"),
    Cell("GET", lambda s: f"{S}/export/items.csv", ALL_ROLES, url_name="supplies:export"),
    Cell("GET", lambda s: f"{S}/export/suppliers.xlsx", ALL_ROLES, url_name="supplies:export"),
]

API = "/api/v1/supplies"


def op(method: str, path: str) -> str:
    return f"{method} {API}{path}"


API_CELLS = [
    Cell("GET", lambda s: f"{API}/units", EVERYONE, operation=op("GET", "/units")),
    Cell(
        "POST",
        lambda s: f"{API}/units",
        RUN,
        operation=op("POST", "/units"),
        payload=lambda s, u: {"code": "bal", "name": "balení"},
    ),
    Cell("GET", lambda s: f"{API}/locations", EVERYONE, operation=op("GET", "/locations")),
    Cell(
        "POST",
        lambda s: f"{API}/locations",
        RUN,
        operation=op("POST", "/locations"),
        payload=lambda s, u: {"code": "NOVY", "room": "Nový sklad"},
    ),
    Cell("GET", lambda s: f"{API}/items", EVERYONE, operation=op("GET", "/items")),
    Cell("GET", lambda s: f"{API}/items/{s.item.pk}", ALL_ROLES, operation=op("GET", "/items/{item_id}")),
    Cell(
        "POST",
        lambda s: f"{API}/items",
        RUN,
        operation=op("POST", "/items"),
        payload=lambda s, u: {"sku": "PERO-1", "name": "Pero", "unit": "ks"},
    ),
    Cell(
        "PATCH",
        lambda s: f"{API}/items/{s.item.pk}",
        RUN,
        operation=op("PATCH", "/items/{item_id}"),
        payload=lambda s, u: {"name": "Papír A4 80 g"},
    ),
    Cell("DELETE", lambda s: f"{API}/items/{s.item.pk}", RUN, operation=op("DELETE", "/items/{item_id}")),
    Cell(
        "PUT",
        lambda s: f"{API}/items/{s.item.pk}/reorder-rule",
        RUN,
        operation=op("PUT", "/items/{item_id}/reorder-rule"),
        payload=lambda s, u: {"method": "automatic"},
    ),
    Cell(
        "PUT",
        lambda s: f"{API}/items/{s.item.pk}/reorder-rule",
        RUN,
        operation=op("PUT", "/items/{item_id}/reorder-rule"),
        payload=lambda s, u: {"method": "manual", "location_id": s.location.pk, "min_quantity": 1, "max_quantity": 3},
    ),
    Cell(
        "GET",
        lambda s: f"{API}/items/{s.item.pk}/reorder-rules",
        RUN,
        operation=op("GET", "/items/{item_id}/reorder-rules"),
    ),
    Cell(
        "DELETE",
        lambda s: f"{API}/items/{s.item.pk}/reorder-rules/{s.rule.pk}",
        RUN,
        operation=op("DELETE", "/items/{item_id}/reorder-rules/{rule_id}"),
    ),
    Cell("GET", lambda s: f"{API}/items/{s.item.pk}/packs", ALL_ROLES, operation=op("GET", "/items/{item_id}/packs")),
    Cell(
        "POST",
        lambda s: f"{API}/items/{s.item.pk}/packs",
        RUN,
        operation=op("POST", "/items/{item_id}/packs"),
        payload=lambda s, u: {"name": "karton", "quantity": "50"},
    ),
    Cell(
        "DELETE",
        lambda s: f"{API}/items/{s.item.pk}/packs/{s.pack.pk}",
        RUN,
        operation=op("DELETE", "/items/{item_id}/packs/{pack_id}"),
    ),
    Cell("GET", lambda s: f"{API}/suppliers", EVERYONE, operation=op("GET", "/suppliers")),
    Cell("GET", lambda s: f"{API}/suppliers/{s.supplier.pk}", RUN, operation=op("GET", "/suppliers/{supplier_id}")),
    Cell(
        "POST",
        lambda s: f"{API}/suppliers",
        RUN,
        operation=op("POST", "/suppliers"),
        payload=lambda s, u: {"name": "Nový dodavatel", "ico": "27074358"},
    ),
    Cell(
        "PATCH",
        lambda s: f"{API}/suppliers/{s.supplier.pk}",
        RUN,
        operation=op("PATCH", "/suppliers/{supplier_id}"),
        payload=lambda s, u: {"lead_time_days": 5},
    ),
    Cell("GET", lambda s: f"{API}/offers", EVERYONE, operation=op("GET", "/offers")),
    Cell(
        "POST",
        lambda s: f"{API}/offers",
        RUN,
        operation=op("POST", "/offers"),
        payload=lambda s, u: {"supplier_id": s.supplier.pk, "item_id": make_item().pk, "price": "12.50"},
    ),
    Cell("GET", lambda s: f"{API}/stock", EVERYONE, operation=op("GET", "/stock")),
    Cell("GET", lambda s: f"{API}/movements", EVERYONE, operation=op("GET", "/movements")),
    Cell(
        "POST",
        lambda s: f"{API}/movements",
        RUN,
        operation=op("POST", "/movements"),
        payload=lambda s, u: {
            "kind": "issue",
            "item_id": s.item.pk,
            "quantity": "1",
            "from_location_id": s.location.pk,
        },
    ),
    Cell("GET", lambda s: f"{API}/requests", EVERYONE, operation=op("GET", "/requests")),
    Cell(
        "POST",
        lambda s: f"{API}/requests",
        ALL_ROLES,
        operation=op("POST", "/requests"),
        payload=lambda s, u: {"item_id": s.item.pk, "quantity": "2"},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/requests/{s.request.pk}/issue",
        RUN,
        operation=op("POST", "/requests/{request_id}/issue"),
        payload=lambda s, u: {"location_id": s.location.pk},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/requests/{s.request.pk}/order",
        RUN,
        operation=op("POST", "/requests/{request_id}/order"),
        payload=lambda s, u: {"answer": "Objednáno"},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/requests/{s.request.pk}/reject",
        RUN,
        operation=op("POST", "/requests/{request_id}/reject"),
        payload=lambda s, u: {"answer": "Není potřeba"},
    ),
    Cell("GET", lambda s: f"{API}/suggestions", RUN, operation=op("GET", "/suggestions")),
    Cell(
        "POST",
        lambda s: f"{API}/suggestions/order",
        RUN,
        operation=op("POST", "/suggestions/order"),
        payload=lambda s, u: {"location_id": s.location.pk, "item_ids": [s.low_item.pk]},
    ),
    Cell("GET", lambda s: f"{API}/orders", EVERYONE, operation=op("GET", "/orders")),
    Cell(
        "POST",
        lambda s: f"{API}/orders",
        RUN,
        operation=op("POST", "/orders"),
        payload=lambda s, u: {
            "supplier_id": s.supplier.pk,
            "location_id": s.location.pk,
            "lines": [{"item_id": s.item.pk, "quantity": "3"}],
        },
    ),
    Cell("GET", lambda s: f"{API}/orders/{s.order.pk}", RUN, operation=op("GET", "/orders/{order_id}")),
    Cell("GET", lambda s: f"{API}/orders/{s.order.pk}/pdf", RUN, operation=op("GET", "/orders/{order_id}/pdf")),
    Cell("POST", lambda s: f"{API}/orders/{s.order.pk}/submit", RUN, operation=op("POST", "/orders/{order_id}/submit")),
    Cell(
        "POST",
        lambda s: f"{API}/orders/{s.awaiting.pk}/approve",
        RUN,
        operation=op("POST", "/orders/{order_id}/approve"),
        special={BACK_OFFICE: 403},
    ),
    Cell("POST", lambda s: f"{API}/orders/{s.approved.pk}/send", RUN, operation=op("POST", "/orders/{order_id}/send")),
    Cell(
        "POST",
        lambda s: f"{API}/orders/{s.sent.pk}/receive",
        RUN,
        operation=op("POST", "/orders/{order_id}/receive"),
        payload=lambda s, u: {"lines": {str(s.sent_line.pk): "1"}},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/orders/{s.order.pk}/cancel",
        RUN,
        operation=op("POST", "/orders/{order_id}/cancel"),
        payload=lambda s, u: {"answer": "Omyl"},
    ),
    Cell("GET", lambda s: f"{API}/counts", EVERYONE, operation=op("GET", "/counts")),
    Cell(
        "POST",
        lambda s: f"{API}/counts",
        RUN,
        operation=op("POST", "/counts"),
        payload=lambda s, u: {"location_id": s.location.pk},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/counts/{s.count.pk}/lines",
        RUN,
        operation=op("POST", "/counts/{count_id}/lines"),
        payload=lambda s, u: {"code": "PAP-A4", "counted": "3"},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/counts/{s.count.pk}/post",
        RUN,
        operation=op("POST", "/counts/{count_id}/post"),
        payload=lambda s, u: {"reason": "Inventura"},
    ),
    Cell("GET", lambda s: f"{API}/usage", SEE_STOCK, operation=op("GET", "/usage")),
    # The matrix sends JSON, not a file: the allowed get "attach a file" (422), the rest are denied first.
    Cell("POST", lambda s: f"{API}/imports/items", RUN, operation=op("POST", "/imports/{kind}"), ok=frozenset({422})),
    Cell(
        "POST",
        lambda s: f"{API}/imports/items/jobs",
        RUN,
        operation=op("POST", "/imports/{kind}/jobs"),
        ok=frozenset({422}),
    ),
    Cell("GET", lambda s: f"{API}/imports/jobs/{s.import_job.pk}", RUN, operation=op("GET", "/imports/jobs/{job_id}")),
    Cell(
        "POST",
        lambda s: f"{API}/imports/jobs/{s.import_job.pk}/commit",
        RUN,
        operation=op("POST", "/imports/jobs/{job_id}/commit"),
        ok=frozenset({202}),
    ),
]


scenario = shared_scenario(Scenario)

test_pages, test_api, test_every_page_is_in_the_matrix, test_every_api_operation_is_in_the_matrix = matrix_tests(
    pages=PAGES, api_cells=API_CELLS, namespaces={"supplies"}, api="/api/v1/supplies/"
)
