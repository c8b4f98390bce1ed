"""Supplies test data, made through the services production uses."""

from __future__ import annotations

import itertools
from decimal import Decimal

from backoffice.supplies import services
from backoffice.supplies.models import Unit

_seq = itertools.count(1)
VALID_ICOS = ["27074358", "25596641", "00006947", "45274649", "26185610", "47114983", "60193336", "49240901"]


def unit(code: str = "ks") -> Unit:
    found = Unit.objects.filter(code=code).first()
    return found or services.unit_create(actor=None, code=code, name=code)


def make_location(code: str | None = None, **values):
    n = next(_seq)
    return services.location_create(
        actor=None, code=code or f"LOC{n}", room=values.pop("room", f"Místnost {n}"), **values
    )


def make_supplier(**values):
    n = next(_seq)
    defaults = {"name": f"Dodavatel {n}", "order_email": f"objednavky{n}@dodavatel.cz", "lead_time_days": 3}
    defaults.update(values)
    return services.supplier_create(actor=None, **defaults)


def make_item(sku: str | None = None, **values):
    n = next(_seq)
    defaults = {"name": f"Položka {n}", "category": "Papír", "unit": unit()}
    defaults.update(values)
    return services.item_create(actor=None, sku=sku or f"SKU-{n}", **defaults)


def make_offer(supplier, item, price="10.00", **values):
    return services.offer_create(actor=None, supplier=supplier, item=item, price=Decimal(price), **values)


def stock(item, location, quantity) -> None:
    services.stock_receive(actor=None, item=item, location=location, quantity=Decimal(str(quantity)))
