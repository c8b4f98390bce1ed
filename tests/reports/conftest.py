"""Report fixtures: departments and a small supplies ledger with month boundaries in Prague time."""

import pytest

from tests.builders import make_department
from tests.reports.builders import issue, prague
from tests.supplies.builders import make_item, make_location, make_offer, make_supplier, stock


@pytest.fixture
def departments():
    return make_department("Obchod"), make_department("IT")


@pytest.fixture
def ledger(departments):
    """Three issues in two months and two departments, and two just outside the period.

    Paper costs 10.00 a ream, pens 2.50 a piece. In UTC the IT issue at 00:15 on 1 February (Prague) is still
    31 January; in the report it belongs to February.
    """
    sales, it = departments
    shelf = make_location(code="SKLAD")
    paper, pens = make_item(sku="PAP", name="Papír A4"), make_item(sku="PERO", name="Pero")
    make_offer(make_supplier(name="Papírnictví"), paper, price="10.00")
    make_offer(make_supplier(name="Psací potřeby"), pens, price="2.50")
    stock(paper, shelf, 100)
    stock(pens, shelf, 100)
    issue(paper, shelf, 3, department=sales, at=prague(2026, 1, 31, 23, 30))
    issue(paper, shelf, 2, department=it, at=prague(2026, 2, 1, 0, 15))
    issue(pens, shelf, 4, department=sales, at=prague(2026, 2, 15))
    issue(paper, shelf, 7, department=sales, at=prague(2025, 12, 31, 23, 30))  # before the period
    issue(paper, shelf, 9, department=it, at=prague(2026, 3, 1, 0, 30))  # after it (28 Feb in UTC)
    return sales, it
