"""Demo data: a realistic office fleet with meter history and repairs; `--scale large` adds benchmark volumes."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from backoffice.core.demo import demo_step
from backoffice.core.models import Notification
from backoffice.equipment import monthly, services
from backoffice.equipment.choices import AssetStatus, Category, ReadingSource, RequestKind, RequestStatus
from backoffice.equipment.models import Asset, MaintenanceRequest, MeterReading
from backoffice.people.models import Employee

FLEET = [
    (Category.COPIER, "Sharp", "MX-3570N", "2. patro, chodba", 3000),
    (Category.COPIER, "Xerox", "AltaLink C8045", "přízemí, podatelna", 2500),
    (Category.PRINTER, "Brother", "MFC-L2710DW", "recepce", 600),
    (Category.PRINTER, "HP", "LaserJet Pro M404dn", "účtárna", 900),
    (Category.PRINTER, "HP", "LaserJet Pro M404dn", "personální", 500),
    (Category.PRINTER, "Canon", "i-SENSYS LBP233dw", "obchod", 700),
    (Category.PRINTER, "Kyocera", "ECOSYS P2235dn", "sklad", 400),
    (Category.PRINTER, "Brother", "HL-L5100DN", "vedení", 300),
    (Category.FAX, "Panasonic", "KX-FL422", "recepce", 40),
    (Category.SHREDDER, "HSM", "Securio B24", "účtárna", 0),
]

FAULTS = [
    ("Papír se zasekává v zásobníku 2.", "Vyčištěny podávací válečky zásobníku 2."),
    ("Tisk je pruhovaný a bledý.", "Vyměněn toner a vyčištěna korona."),
    ("Na displeji chyba E-52.", "Výměna fixační jednotky servisem."),
    ("Nejde skenovat do e-mailu.", "Obnoveno heslo SMTP v nastavení zařízení."),
]

GUIDES = [
    (
        "Sharp",
        "MX-3570N",
        "Papír se zasekl v zásobníku 2",
        "1. Vysuňte zásobník 2.\n2. Vyjměte zmačkaný papír.\n3. Zásobník zasuňte až na doraz.",
    ),
    (
        "Brother",
        "",
        "Výměna toneru",
        "1. Otevřete přední kryt.\n2. Vytáhněte jednotku válce s tonerem.\n3. Zatlačte páčku a vyměňte toner.",
    ),
    (
        "Xerox",
        "AltaLink C8045",
        "Co znamená chyba E-52",
        "Chyba fixační jednotky. Vypněte zařízení na 10 minut; pokud se chyba vrátí, nahlaste závadu.",
    ),
]


def _employee(username: str) -> Employee | None:
    user = get_user_model().objects.filter(username=username).first()
    return Employee.objects.filter(user=user).first() if user else None


@demo_step(order=30)
def build_equipment(*, scale: str, out) -> None:
    rng = random.Random(4)
    vendor = services.vendor_create(
        actor=None,
        name="Kancelářská technika Praha s.r.o.",
        email="servis@kt-praha.example.cz",
        phone="+420 222 333 444",
    )
    for manufacturer, model, title, body in GUIDES:
        services.guide_create(actor=None, manufacturer=manufacturer, model_name=model, title=title, body=body)
    technician = _employee("technik")
    reporter = get_user_model().objects.filter(username="zamestnanec").first()
    today = timezone.localdate()
    history_from = timezone.now()
    assets = []
    for number, (category, manufacturer, model, location, pages_a_day) in enumerate(FLEET, start=1):
        bought = today - dt.timedelta(days=rng.randint(300, 1500))
        asset = services.asset_create(
            actor=None,
            category=category,
            manufacturer=manufacturer,
            model_name=model,
            serial_number=f"{manufacturer[:2].upper()}{rng.randint(10**7, 10**8 - 1)}",
            inventory_number=f"HIM-{number:04d}",
            location=location,
            purchase_date=bought,
            purchase_price=Decimal(rng.randint(4, 90) * 1000),
            warranty_until=bought + dt.timedelta(days=730),
            vendor=vendor if category == Category.COPIER else None,
            contract_number="SM-2024-118" if category == Category.COPIER else "",
            response_hours=8 if category == Category.COPIER else None,
            contract_until=today + dt.timedelta(days=45) if category == Category.COPIER else None,
        )
        assets.append(asset)
        if pages_a_day:
            counter = rng.randint(5000, 50000)
            readings = []
            for month in range(12, -1, -1):
                counter += pages_a_day * 30 + rng.randint(-200, 200)
                readings.append(
                    MeterReading(
                        asset=asset,
                        pages=counter,
                        taken_at=timezone.now() - dt.timedelta(days=30 * month),
                        source=ReadingSource.MANUAL,
                    )
                )
            MeterReading.objects.bulk_create(readings)
        for _repair in range(rng.randint(0, 3)):
            description, resolution = rng.choice(FAULTS)
            request = services.request_report(actor=reporter, asset=asset, description=description, out_of_service=True)
            if technician is not None:
                services.request_assign(actor=None, request=request, assignee=technician)
                services.request_move(actor=None, request=request, status=RequestStatus.IN_PROGRESS)
                services.request_move(
                    actor=None,
                    request=request,
                    status=RequestStatus.RESOLVED,
                    resolution=resolution,
                    parts_cost=Decimal(rng.randint(0, 30) * 100),
                    labour_cost=Decimal(rng.randint(1, 6) * 450),
                )
            back = dt.timedelta(days=rng.randint(20, 300))
            took = dt.timedelta(hours=rng.randint(2, 72))
            resolved = request.resolved_at is not None
            MaintenanceRequest.objects.filter(pk=request.pk).update(
                created_at=request.created_at - back,
                resolved_at=request.created_at - back + took if resolved else None,
                down_from=request.created_at - back,
                down_until=request.created_at - back + took if resolved else None,
                repair_seconds=int(took.total_seconds()) if resolved else None,
                down_seconds=int(took.total_seconds()) if resolved else None,
            )
    # The repairs above are last year's history: their notifications were read long ago. Only the fault below is new.
    Notification.objects.filter(created_at__gte=history_from, read_at__isnull=True).update(read_at=timezone.now())
    services.request_report(actor=reporter, asset=assets[2], description="Tiskárna hlásí „Vyměňte toner“.")
    services.plan_create(
        actor=None,
        asset=assets[0],
        title="Čištění a kontrola",
        checklist="Vyčistit sklo\nKontrola válců",
        every_months=3,
        assignee=technician,
    )
    if scale == "large":
        _large(rng, vendor)
    monthly.rebuild()  # readings and requests above were written in bulk, past the services that keep it
    out.write(f"equipment: {len(assets)} assets")


def _large(
    rng: random.Random, vendor, assets: int = 20_000, requests: int = 200_000, readings: int = 2_000_000
) -> None:
    """Benchmark volumes, written in bulk (no audit rows for the readings: they are measurements)."""
    from backoffice.core.audit import record_bulk_create
    from backoffice.core.text import fold

    models = [(c, m, mo) for c, m, mo, _loc, _p in FLEET]
    now = timezone.now()
    rows = []
    for number in range(assets):
        category, manufacturer, model = models[number % len(models)]
        serial = f"BENCH{number:07d}"
        location = f"Budova {number % 7 + 1}, patro {number % 5}"
        rows.append(
            Asset(
                category=category,
                manufacturer=manufacturer,
                model_name=model,
                serial_number=serial,
                inventory_number=f"INV-{number:06d}",
                location=location,
                status=AssetStatus.IN_SERVICE,
                purchase_date=(now - dt.timedelta(days=200 + number % 1500)).date(),
                search_text=fold(f"{manufacturer} {model} {serial} INV-{number:06d} {location}"),
            )
        )
    created = Asset.objects.bulk_create(rows, batch_size=2000)
    record_bulk_create(created, reason="demo --scale large")
    ids = [a.pk for a in created]
    batch = []
    for number in range(requests):
        reported = now - dt.timedelta(hours=rng.randint(24, 24 * 900))
        repair = dt.timedelta(hours=rng.randint(1, 96))
        batch.append(
            MaintenanceRequest(
                asset_id=ids[number % len(ids)],
                kind=RequestKind.FAULT,
                description=FAULTS[number % len(FAULTS)][0],
                status=RequestStatus.CLOSED,
                out_of_service=number % 3 == 0,
                down_from=reported if number % 3 == 0 else None,
                down_until=reported + repair if number % 3 == 0 else None,
                resolved_at=reported + repair,
                closed_at=reported + repair,
                resolution=FAULTS[number % len(FAULTS)][1],
                repair_seconds=int(repair.total_seconds()),
                down_seconds=int(repair.total_seconds()) if number % 3 == 0 else None,
                parts_cost=Decimal(number % 20 * 100),
                labour_cost=Decimal(450),
            )
        )
        if len(batch) == 5000:
            _requests_insert(batch)
            batch = []
    _requests_insert(batch)
    per_asset = readings // len(ids)
    batch = []
    for asset_id in ids:
        counter = rng.randint(1000, 100000)
        for step in range(per_asset):
            counter += rng.randint(100, 3000)
            batch.append(
                MeterReading(asset_id=asset_id, pages=counter, taken_at=now - dt.timedelta(days=7 * (per_asset - step)))
            )
        if len(batch) >= 20000:
            MeterReading.objects.bulk_create(batch, batch_size=5000)
            batch = []
    MeterReading.objects.bulk_create(batch, batch_size=5000)


def _requests_insert(batch: list[MaintenanceRequest]) -> None:
    if not batch:
        return
    created_at = [r.down_from or r.resolved_at - dt.timedelta(hours=4) for r in batch]
    created = MaintenanceRequest.objects.bulk_create(batch, batch_size=2500)
    # created_at is auto_now_add: set the reporting time afterwards, in bulk.
    for request, when in zip(created, created_at, strict=True):
        request.created_at = when
    MaintenanceRequest.objects.bulk_update(created, ["created_at"], batch_size=2500)
