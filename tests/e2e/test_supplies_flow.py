"""Supplies in the browser: count the shelf, see what to order and why, order it, receive part of it."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import expect

from backoffice.supplies import services
from backoffice.supplies.choices import ReorderMethod
from backoffice.supplies.models import PurchaseOrder, StockLevel
from tests.builders import make_user
from tests.e2e.conftest import BROWSER_TEST, ENGLISH_BROWSER, log_in, shot
from tests.supplies.builders import make_item, make_location, make_offer, make_supplier, stock

pytestmark = BROWSER_TEST


def test_count_then_suggestion_then_order_then_receive(new_page, settings):
    settings.SUPPLIES_APPROVAL_LIMIT = 100000
    supplier = make_supplier(name="Papírnictví Pavlík")
    item = make_item(sku="PAP-A4", name="Papír A4 80 g", preferred_supplier=supplier)
    make_offer(supplier, item, price="109.00", pack_size=Decimal("5"))
    services.reorder_rule_set(
        actor=None, item=item, method=ReorderMethod.MANUAL, min_quantity=Decimal("5"), max_quantity=Decimal("20")
    )
    shelf = make_location(code="SKLAD", room="Sklad")
    stock(item, shelf, 8)

    page = new_page(ENGLISH_BROWSER)
    log_in(page, make_user("Office manager"))

    page.goto("/supplies/counts/new/")
    page.get_by_label(re.compile(r"^Location")).select_option(label="Sklad")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Count of Sklad")
    page.get_by_label(re.compile(r"^SKU or barcode")).fill("PAP-A4")
    page.get_by_label(re.compile(r"^Counted")).fill("3")
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_test_id("count-lines")).to_contain_text("-5")
    page.get_by_label("Reason").fill("Monthly count")
    page.get_by_role("button", name="Post the differences").click()
    expect(page.get_by_role("status").filter(has_text="The differences were posted.")).to_be_visible()
    assert StockLevel.objects.get(item=item).on_hand == 3

    page.goto("/supplies/to-order/")
    row = page.get_by_test_id("suggestions").locator("tr", has_text="PAP-A4")
    expect(row).to_contain_text("reorder at 5, order up to 20")
    expect(row).to_contain_text("20 ks")
    page.get_by_label("Deliver to").select_option(label="Sklad")
    shot(page, "supplies-suggestions")
    page.get_by_test_id("order-suggestions").click()
    expect(page).to_have_url(re.compile(r"/supplies/orders/$"))
    order = PurchaseOrder.objects.get()
    page.get_by_role("link", name=order.number).click()
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("button", name="Send to the supplier").click()
    expect(page.get_by_test_id("order-status")).to_have_text("sent")
    line = order.lines.get()
    page.locator(f"#line-{line.pk}").fill("15")
    page.get_by_test_id("receive").click()
    expect(page.get_by_test_id("order-status")).to_have_text("partly received")
    shot(page, "supplies-order-received")
    assert StockLevel.objects.get(item=item).on_hand == 18


def test_an_order_by_hand_in_packs_and_an_import_with_progress(new_page, tmp_path):
    make_supplier(name="Kancelářské potřeby Novák")
    pens = make_item(sku="PERO-MOD", name="Kuličkové pero modré")
    services.item_pack_create(actor=None, item=pens, name="box", quantity="10")
    make_location(code="SKLAD", room="Sklad")

    page = new_page(ENGLISH_BROWSER)
    log_in(page, make_user("Back office"))
    page.goto("/supplies/orders/")
    page.get_by_role("link", name="New order").click()
    page.get_by_label(re.compile(r"^Supplier")).select_option(label="Kancelářské potřeby Novák")
    page.get_by_label(re.compile(r"^Deliver to")).select_option(label="Sklad")
    page.get_by_label("Line 1: Item").select_option(label=str(pens))
    page.get_by_label("Line 1: Quantity").fill("-3")
    page.get_by_test_id("order-save").click()
    expect(page.get_by_test_id("order-lines")).to_contain_text("The quantity must be more than zero.")
    assert not PurchaseOrder.objects.exists()
    page.get_by_label("Line 1: Quantity").fill("3")
    page.get_by_label("Line 1: In packs").select_option(label="PERO-MOD: box (10 ks)")
    page.get_by_label("Line 1: Unit price").fill("12,50")
    page.get_by_test_id("order-save").click()
    expect(page.get_by_test_id("order-status")).to_have_text("draft")
    assert PurchaseOrder.objects.get().lines.get().quantity == 30

    page.goto("/supplies/import/")
    csv_file = tmp_path / "items.csv"
    csv_file.write_bytes("sku;name;unit\nSESIT-A5;Sešit A5;ks\n".encode("cp1250"))
    page.get_by_label(re.compile(r"^What")).select_option("items")
    page.get_by_label(re.compile(r"^File")).set_input_files(str(csv_file))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_test_id("import-preview")).to_contain_text("Sešit A5")
    page.get_by_test_id("import-commit").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("1 row was imported.")
