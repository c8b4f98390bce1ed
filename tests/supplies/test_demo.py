"""Demo data: on first start "What to order" has sensible suggestions; the large scale keeps the ledger consistent."""

import io

import pytest
from django.db.models import Q, Sum

from backoffice.supplies import planning
from backoffice.supplies.demo import build_supplies
from backoffice.supplies.models import Item, StockLevel, StockMovement

pytestmark = pytest.mark.django_db


def _ledger_matches_on_hand() -> bool:
    for level in StockLevel.objects.all():
        moves = StockMovement.objects.filter(item_id=level.item_id)
        into = moves.filter(to_location_id=level.location_id).aggregate(s=Sum("quantity"))["s"] or 0
        out = moves.filter(from_location_id=level.location_id).aggregate(s=Sum("quantity"))["s"] or 0
        if into - out != level.on_hand:
            return False
    return True


def test_small_demo_has_a_year_of_use_and_suggestions_with_reasons():
    build_supplies(scale="small", out=io.StringIO())
    assert StockMovement.objects.filter(kind="issue").count() > 500
    found = planning.suggestions()
    assert found and all(s.explanation() for s in found)
    assert _ledger_matches_on_hand()


def test_large_demo_volumes_are_configurable_and_consistent(monkeypatch):
    monkeypatch.setenv("BACKOFFICE_DEMO_ITEMS", "300")
    monkeypatch.setenv("BACKOFFICE_DEMO_MOVEMENTS", "3000")
    build_supplies(scale="large", out=io.StringIO())
    assert Item.objects.filter(sku__startswith="BULK-").count() == 300
    assert StockMovement.objects.filter(item__sku__startswith="BULK-").count() == 3000
    assert not StockMovement.objects.filter(Q(occurred_on__isnull=True)).exists()
    assert _ledger_matches_on_hand()
    assert len(planning.suggestions()) > 0
