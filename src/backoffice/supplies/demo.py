"""Demo data: Czech office supplies with a year of consumption, so "What to order" makes sense on first start.

`--scale large` adds the benchmark volumes the issue names: 50,000 items, 5 locations and 5,000,000 movements over two
years (BACKOFFICE_DEMO_ITEMS and BACKOFFICE_DEMO_MOVEMENTS change that, e.g. for a quicker local run).
"""

from __future__ import annotations

import datetime as dt
import os
import random
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from backoffice.core.audit import record_bulk_create
from backoffice.core.demo import demo_step
from backoffice.people.models import Department, Employee
from backoffice.supplies import consumption, services
from backoffice.supplies.choices import MovementKind, ReorderMethod
from backoffice.supplies.models import Item, Location, ReorderRule, StockLevel, StockMovement, SupplierOffer

UNITS = [("ks", "kus"), ("bal", "balení"), ("ris", "ris"), ("kg", "kilogram"), ("l", "litr")]
LOCATIONS = [
    ("SKLAD", "Sklad 0.12", "Regál A"),
    ("KANC2", "Kancelář 2.05", "Skříň u tiskárny"),
    ("KUCH", "Kuchyňka 1.03", "Spodní skříňka"),
]
SUPPLIERS = [
    ("Papírnictví Pavlík s.r.o.", "2707845", "+420 602 111 222", 2),
    ("Kancelářské potřeby Novák a.s.", "4719891", "+420 731 222 333", 3),
    ("TonerShop CZ s.r.o.", "2612302", "+420 777 333 444", 5),
    ("Kávovar Servis s.r.o.", "6048101", "+420 605 444 555", 4),
]
# sku, name, category, unit, price, pack, average use per working day, supplier index
ITEMS = [
    ("PAP-A4-80", "Papír A4 80 g/m², 500 listů", "Papír", "ris", "109.00", 5, 2.2, 0),
    ("PAP-A3-80", "Papír A3 80 g/m², 500 listů", "Papír", "ris", "229.00", 5, 0.15, 0),
    ("OBL-C5", "Obálky C5 samolepicí", "Papír", "bal", "89.00", 1, 0.2, 0),
    ("PERO-MOD", "Kuličkové pero modré", "Psací potřeby", "ks", "12.50", 10, 1.4, 1),
    ("PERO-CER", "Kuličkové pero černé", "Psací potřeby", "ks", "12.50", 10, 0.6, 1),
    ("ZVYR-ZLU", "Zvýrazňovač žlutý", "Psací potřeby", "ks", "19.90", 10, 0.3, 1),
    ("TUZ-HB", "Tužka HB s gumou", "Psací potřeby", "ks", "6.90", 12, 0.4, 1),
    ("SESIT-A4", "Sešit A4 linkovaný", "Papír", "ks", "24.00", 10, 0.3, 0),
    ("BLOK-LEP", "Bloček samolepicí žlutý 76×76", "Papír", "bal", "32.00", 12, 0.5, 0),
    ("SAN-A4", "Šanon A4 páková mechanika 75 mm", "Archivace", "ks", "59.00", 10, 0.25, 1),
    ("DESKY-L", "Desky L průhledné, 10 ks", "Archivace", "bal", "45.00", 1, 0.2, 1),
    ("SPONKY", "Sponky dopisní 32 mm, 100 ks", "Drobné potřeby", "bal", "15.00", 10, 0.1, 1),
    ("SESIVACKA", "Náplně do sešívačky 24/6", "Drobné potřeby", "bal", "22.00", 10, 0.1, 1),
    ("TON-HP-59A", "Toner HP 59A černý", "Tonery", "ks", "2890.00", 1, 0.05, 2),
    ("TON-BR-2420", "Toner Brother TN-2420", "Tonery", "ks", "1590.00", 1, 0.04, 2),
    ("VALEC-BR", "Válec Brother DR-2400", "Tonery", "ks", "2190.00", 1, 0.01, 2),
    ("KAVA-ZRN", "Káva zrnková 1 kg", "Kuchyňka", "kg", "449.00", 1, 0.6, 3),
    ("MLEKO", "Mléko trvanlivé 1,5 % 1 l", "Kuchyňka", "l", "21.90", 12, 1.5, 3),
    ("CAJ-CER", "Čaj černý, 20 sáčků", "Kuchyňka", "bal", "39.00", 1, 0.2, 3),
    ("CUKR", "Cukr kostky 1 kg", "Kuchyňka", "kg", "32.00", 1, 0.1, 3),
    ("UTERKY", "Papírové ručníky skládané, 20 bal.", "Hygiena", "bal", "389.00", 1, 0.08, 1),
    ("MYDLO", "Tekuté mýdlo 5 l", "Hygiena", "l", "189.00", 5, 0.1, 1),
]


# sku, pack, units in it, the pack's barcode
PACKS = [
    ("PAP-A4-80", "krabice", Decimal("5"), "8594000000013"),
    ("PERO-MOD", "krabička", Decimal("10"), "8594000000020"),
    ("PERO-CER", "krabička", Decimal("10"), ""),
    ("MLEKO", "karton", Decimal("12"), ""),
]


def _ico(prefix7: str) -> str:
    total = sum(int(d) * w for d, w in zip(prefix7, range(8, 1, -1), strict=True))
    return prefix7 + str((11 - total % 11) % 10)


def _working_days(start: dt.date, end: dt.date):
    day = start
    while day < end:
        if day.weekday() < 5:
            yield day
        day += dt.timedelta(days=1)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@demo_step(order=20)
def build_supplies(*, scale: str, out) -> None:
    rng = random.Random(20)
    units = {code: services.unit_create(actor=None, code=code, name=name) for code, name in UNITS}
    locations = [services.location_create(actor=None, code=c, room=r, cabinet=k) for c, r, k in LOCATIONS]
    suppliers = [
        services.supplier_create(
            actor=None,
            name=name,
            ico=_ico(prefix),
            phone=phone,
            email=f"obchod{n}@example.cz",
            order_email=f"objednavky{n}@example.cz",
            lead_time_days=lead,
        )
        for n, (name, prefix, phone, lead) in enumerate(SUPPLIERS, start=1)
    ]
    departments = list(Department.objects.all())
    employees = list(Employee.objects.filter(archived_at__isnull=True)[:40])
    today = timezone.localdate()
    start = today - dt.timedelta(days=365)
    movements, levels = [], []
    for sku, name, category, unit, price, pack, per_day, supplier_index in ITEMS:
        supplier = suppliers[supplier_index]
        item = services.item_create(
            actor=None, sku=sku, name=name, category=category, unit=units[unit], preferred_supplier=supplier
        )
        services.offer_create(actor=None, supplier=supplier, item=item, price=Decimal(price), pack_size=Decimal(pack))
        location = locations[2] if category == "Kuchyňka" else locations[0]
        issued = Decimal("0")
        for day in _working_days(start, today):
            amount = int(rng.expovariate(1 / per_day) + 0.5) if per_day >= 0.3 else int(rng.random() < per_day)
            if amount <= 0:
                continue
            issued += amount
            employee = rng.choice(employees) if employees else None
            movements.append(
                StockMovement(
                    item=item,
                    kind=MovementKind.ISSUE,
                    quantity=amount,
                    from_location=location,
                    employee=employee,
                    department=employee.department if employee else rng.choice(departments or [None]),
                    unit_cost=Decimal(price),
                    occurred_at=_at(day, 10),
                    occurred_on=day,
                    actor_label="system:demo",
                )
            )
        left = Decimal(rng.randint(0, max(int(per_day * 20), 3)))
        movements.append(
            StockMovement(
                item=item,
                kind=MovementKind.RECEIPT,
                quantity=issued + left,
                to_location=location,
                unit_cost=Decimal(price),
                occurred_at=_at(start, 8),
                occurred_on=start,
                actor_label="system:demo",
                reason="Počáteční stav",
            )
        )
        levels.append(StockLevel(item=item, location=location, on_hand=left))
    StockMovement.objects.bulk_create(movements, batch_size=2000)
    StockLevel.objects.bulk_create(levels)
    paper = Item.objects.get(sku="PAP-A4-80")
    ReorderRule.objects.create(
        item=Item.objects.get(sku="KAVA-ZRN"),
        location=locations[2],  # the coffee is kept (and planned) in the kitchen
        method=ReorderMethod.MANUAL,
        min_quantity=Decimal("5"),
        max_quantity=Decimal("15"),
    )
    for sku, name, in_pack, ean in PACKS:
        services.item_pack_create(actor=None, item=Item.objects.get(sku=sku), name=name, quantity=in_pack, ean=ean)
    if employees and employees[0].user_id:
        services.supply_request_create(
            actor=employees[0].user, item=paper, quantity=Decimal("2"), note="Do zasedačky, prosím."
        )
    out.write(f"supplies: {len(ITEMS)} items, {len(movements)} movements over a year")
    if scale == "large":
        _large(units, suppliers, rng, out)
    consumption.rebuild()  # the movements above were written in bulk, past the services that keep it


def _large(units, suppliers, rng, out) -> None:
    count = int(os.environ.get("BACKOFFICE_DEMO_ITEMS", "50000"))
    total_movements = int(os.environ.get("BACKOFFICE_DEMO_MOVEMENTS", "5000000"))
    locations = list(Location.objects.all())
    for n in range(len(locations), 5):
        locations.append(services.location_create(actor=None, code=f"SKLAD{n}", room=f"Sklad {n}"))
    unit_list = list(units.values())
    categories = ["Papír", "Psací potřeby", "Archivace", "Tonery", "Kuchyňka", "Hygiena", "Drobné potřeby"]
    items = [
        Item(
            sku=f"BULK-{n:06d}",
            name=f"Položka {n} {rng.choice(categories).lower()}",
            category=rng.choice(categories),
            unit=rng.choice(unit_list),
            preferred_supplier=suppliers[n % len(suppliers)],
        )
        for n in range(count)
    ]
    for item in items:
        item.search_text = services.item_search_text({"sku": item.sku, "name": item.name, "category": item.category})
    Item.objects.bulk_create(items, batch_size=2000)
    record_bulk_create(items, reason="demo --scale large")
    SupplierOffer.objects.bulk_create(
        [
            SupplierOffer(
                supplier=item.preferred_supplier,
                item=item,
                price=Decimal(rng.randint(5, 900)),
                pack_size=Decimal(rng.choice([1, 5, 10])),
            )
            for item in items
        ],
        batch_size=5000,
    )
    today = timezone.localdate()
    per_item = max(total_movements // count, 2)
    balances: dict[tuple[int, int], int] = {}
    ops = connection.ops
    # Plain executemany rows: building a million model instances would take most of the time.
    sql = (
        f"INSERT INTO {StockMovement._meta.db_table} (item_id, kind, quantity, from_location_id, to_location_id, "
        "occurred_at, occurred_on, actor_label, reason) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    days = [today - dt.timedelta(days=n) for n in range(732)]
    stamps = [ops.adapt_datetimefield_value(_at(day, 11)) for day in days]
    dates = [ops.adapt_datefield_value(day) for day in days]
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for item in items:
            location_id = locations[item.pk % len(locations)].pk
            issued = 0
            for _ in range(per_item - 1):
                n = rng.randint(1, 730)
                amount = rng.randint(1, 5)
                issued += amount
                batch.append((item.pk, "issue", amount, location_id, None, stamps[n], dates[n], "system:demo", ""))
            left = rng.randint(0, 30)
            batch.append(
                (item.pk, "receipt", issued + left, None, location_id, stamps[731], dates[731], "system:demo", "")
            )
            balances[(item.pk, location_id)] = left
            if len(batch) >= 20000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    StockLevel.objects.bulk_create(
        [StockLevel(item_id=i, location_id=loc, on_hand=q) for (i, loc), q in balances.items()], batch_size=5000
    )
    out.write(f"supplies (large): {count} items, {count * per_item} movements over two years")
