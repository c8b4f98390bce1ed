"""Import items, suppliers, offers and opening stock from CSV or XLSX, all or nothing; export lists likewise.

Czech Excel writes CSV in Windows-1250 with ';'; others write UTF-8 with ','. Both are read. Every row is checked
before anything is written; one bad row means nothing is imported and the row and column are named.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.core.audit import record_bulk_create
from backoffice.core.contacts import normalize_phone
from backoffice.core.errors import Conflict, DomainError, InvalidInput
from backoffice.core.permissions import ensure
from backoffice.core.records import create_record
from backoffice.supplies import services
from backoffice.supplies.choices import MovementKind
from backoffice.supplies.models import ImportJob, Item, Location, Supplier, SupplierOffer, Unit
from backoffice.supplies.validators import ico_is_valid, validate_ean

MAX_ROWS = 200_000
MAX_ERRORS = 100
PROGRESS_EVERY = 1000
STORAGE_FOLDER = "supplies-imports"


@dataclass
class ImportResult:
    kind: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading files ------------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1250")
    except UnicodeDecodeError:
        raise InvalidInput(
            fields={"file": [_("The file is neither UTF-8 nor Windows-1250 text; save it as CSV or XLSX.")]}
        ) from None


def read_table(raw: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV or XLSX file, as text."""
    if filename.lower().endswith(".xlsx") or raw[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).active
        except Exception:  # noqa: BLE001 — any unreadable workbook is the user's file, not our bug
            raise InvalidInput(fields={"file": [_("This is not a readable XLSX workbook.")]}) from None
        table = [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        text = _decode(raw)
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
        table = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    table = [row for row in table if any(row)]
    if not table:
        raise InvalidInput(fields={"file": [_("The file is empty.")]})
    if len(table) - 1 > MAX_ROWS:
        raise InvalidInput(fields={"file": [_("At most %(n)s rows can be imported at once.") % {"n": MAX_ROWS}]})
    header = [h.strip().lower() for h in table[0]]
    return header, table[1:]


# --- per kind -----------------------------------------------------------------------------------


class RowError(Exception):
    def __init__(self, column: str, message: str):
        self.column, self.message = column, message
        super().__init__(message)


def _decimal(value: str, column: str, *, positive: bool = False) -> Decimal:
    try:
        number = Decimal(value.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise RowError(column, _("%(value)s is not a number.") % {"value": value}) from None
    if not number.is_finite() or number < 0 or (positive and number == 0):
        raise RowError(column, _("It must be more than zero.") if positive else _("It cannot be negative."))
    return number


class Context:
    """Lookups loaded once per import, so checking 50,000 rows costs a few queries."""

    def __init__(self):
        self.units = {u.code.lower(): u for u in Unit.objects.all()}
        self.skus = set(Item.objects.values_list("sku", flat=True))
        self.suppliers_by_ico = {s.ico: s for s in Supplier.objects.exclude(ico="")}
        self.suppliers_by_name = {s.name.lower(): s for s in Supplier.objects.all()}
        self.locations = {loc.code.upper(): loc for loc in Location.objects.all()}
        self.seen: set[str] = set()
        self._items: dict[str, int] | None = None

    def item_id(self, sku: str) -> int:
        if self._items is None:
            self._items = dict(Item.objects.values_list("sku", "id"))
        found = self._items.get(sku.upper())
        if found is None:
            raise RowError("sku", _("No item has the SKU %(sku)s.") % {"sku": sku})
        return found

    def supplier(self, value: str) -> Supplier:
        found = self.suppliers_by_ico.get(value) or self.suppliers_by_name.get(value.lower())
        if found is None:
            raise RowError("supplier", _("Unknown supplier %(value)s (give its IČO or exact name).") % {"value": value})
        return found


def _item_row(row: dict[str, str], ctx: Context) -> dict[str, Any]:
    sku = row["sku"].upper()
    if not sku:
        raise RowError("sku", _("The SKU is missing."))
    if sku in ctx.skus:
        raise RowError("sku", _("The SKU %(sku)s is already used.") % {"sku": sku})
    if sku in ctx.seen:
        raise RowError("sku", _("The SKU %(sku)s appears twice in the file.") % {"sku": sku})
    if not row["name"]:
        raise RowError("name", _("The name is missing."))
    unit = ctx.units.get(row["unit"].lower())
    if unit is None:
        raise RowError("unit", _("Unknown unit %(code)s.") % {"code": row["unit"]})
    ean = row.get("ean", "")
    if ean:
        try:
            validate_ean(ean)
        except Exception as exc:  # noqa: BLE001 — a ValidationError with one message
            raise RowError("ean", " ".join(getattr(exc, "messages", [str(exc)]))) from None
    ctx.seen.add(sku)
    return {"sku": sku, "name": row["name"][:200], "category": row.get("category", "")[:80], "unit": unit, "ean": ean}


def _save_items(rows: list[dict[str, Any]]) -> int:
    items = [Item(**row, search_text=services.item_search_text(row)) for row in rows]
    Item.objects.bulk_create(items, batch_size=2000)
    record_bulk_create(items, reason=str(_("import")))
    return len(items)


def _supplier_row(row: dict[str, str], ctx: Context) -> dict[str, Any]:
    if not row["name"]:
        raise RowError("name", _("The name is missing."))
    ico = row.get("ico", "").replace(" ", "")
    if ico:
        ico = ico.zfill(8) if ico.isdigit() else ico
        if not ico_is_valid(ico):
            raise RowError("ico", _("%(value)s is not a valid IČO (eight digits with a check digit).") % {"value": ico})
        if ico in ctx.suppliers_by_ico or ico in ctx.seen:
            raise RowError("ico", _("A supplier with the IČO %(ico)s already exists.") % {"ico": ico})
        ctx.seen.add(ico)
    phone = row.get("phone", "")
    e164 = normalize_phone(phone) if phone else ""
    if phone and not e164:
        raise RowError("phone", _("%(value)s is not a valid phone number.") % {"value": phone})
    lead = row.get("lead_time_days", "") or "3"
    if not lead.isdigit():
        raise RowError("lead_time_days", _("Give the lead time in whole days."))
    return {
        "name": row["name"][:200],
        "ico": ico,
        "dic": row.get("dic", "").replace(" ", "").upper()[:14],
        "phone": phone[:32],
        "phone_e164": e164,
        "email": row.get("email", "")[:254],
        "order_email": row.get("order_email", "")[:254],
        "lead_time_days": int(lead),
    }


def _save_suppliers(rows: list[dict[str, Any]]) -> int:
    suppliers = [Supplier(**row) for row in rows]
    Supplier.objects.bulk_create(suppliers, batch_size=2000)
    record_bulk_create(suppliers, reason=str(_("import")))
    return len(suppliers)


def _offer_row(row: dict[str, str], ctx: Context) -> dict[str, Any]:
    supplier = ctx.supplier(row["supplier"])
    item_id = ctx.item_id(row["sku"])
    key = f"{supplier.pk}:{item_id}"
    if key in ctx.seen:
        raise RowError("sku", _("This supplier's offer for %(sku)s appears twice.") % {"sku": row["sku"]})
    ctx.seen.add(key)
    return {
        "supplier": supplier,
        "item_id": item_id,
        "price": _decimal(row["price"], "price"),
        "pack_size": _decimal(row.get("pack_size") or "1", "pack_size", positive=True),
        "min_quantity": _decimal(row.get("min_quantity") or "0", "min_quantity"),
        "supplier_sku": row.get("supplier_sku", "")[:60],
        "currency": (row.get("currency") or "CZK").upper()[:3],
    }


def _save_offers(rows: list[dict[str, Any]]) -> int:
    existing = set(SupplierOffer.objects.values_list("supplier_id", "item_id"))
    clash = next((r for r in rows if (r["supplier"].pk, r["item_id"]) in existing), None)
    if clash is not None:
        raise InvalidInput(
            _("%(supplier)s already has an offer for one of these items.") % {"supplier": clash["supplier"]}
        )
    offers = [SupplierOffer(**row) for row in rows]
    SupplierOffer.objects.bulk_create(offers, batch_size=2000)
    record_bulk_create(offers, reason=str(_("import")))
    return len(offers)


def _stock_row(row: dict[str, str], ctx: Context) -> dict[str, Any]:
    location = ctx.locations.get(row["location"].upper())
    if location is None:
        raise RowError("location", _("Unknown location %(code)s.") % {"code": row["location"]})
    return {
        "item_id": ctx.item_id(row["sku"]),
        "location": location,
        "quantity": _decimal(row["quantity"], "quantity", positive=True),
        "unit_cost": _decimal(row["unit_cost"], "unit_cost") if row.get("unit_cost") else None,
    }


def _save_stock(rows: list[dict[str, Any]]) -> int:
    items = {i.pk: i for i in Item.objects.filter(pk__in={r["item_id"] for r in rows}).select_related("unit")}
    for row in rows:
        services._move(
            kind=MovementKind.RECEIPT,
            item=items[row["item_id"]],
            quantity=row["quantity"],
            to_location=row["location"],
            unit_cost=row["unit_cost"],
            reason=str(_("opening stock")),
        )
    return len(rows)


@dataclass(frozen=True)
class Kind:
    label: Any
    permission: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    parse: Callable[[dict[str, str], Context], dict[str, Any]]
    save: Callable[[list[dict[str, Any]]], int]


KINDS = {
    "items": Kind(
        gettext_lazy("items"), "supplies.add_item", ("sku", "name", "unit"), ("category", "ean"), _item_row, _save_items
    ),
    "suppliers": Kind(
        gettext_lazy("suppliers"),
        "supplies.add_supplier",
        ("name",),
        ("ico", "dic", "phone", "email", "order_email", "lead_time_days"),
        _supplier_row,
        _save_suppliers,
    ),
    "offers": Kind(
        gettext_lazy("supplier offers"),
        "supplies.add_supplieroffer",
        ("supplier", "sku", "price"),
        ("supplier_sku", "currency", "pack_size", "min_quantity"),
        _offer_row,
        _save_offers,
    ),
    "stock": Kind(
        gettext_lazy("opening stock"),
        "supplies.move_stock",
        ("sku", "location", "quantity"),
        ("unit_cost",),
        _stock_row,
        _save_stock,
    ),
}


def check(kind: str, raw: bytes, filename: str, progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Read and check every row; nothing is written. `progress(checked, total)` is told every thousand rows."""
    spec = KINDS.get(kind)
    if spec is None:
        raise InvalidInput(fields={"kind": [_("Choose what to import.")]})
    header, table = read_table(raw, filename)
    missing = [column for column in spec.required if column not in header]
    if missing:
        raise InvalidInput(
            _("The file lacks the column(s) %(missing)s. Needed: %(needed)s; optional: %(optional)s.")
            % {"missing": ", ".join(missing), "needed": ", ".join(spec.required), "optional": ", ".join(spec.optional)},
            fields={"file": [_("Missing column(s): %(missing)s.") % {"missing": ", ".join(missing)}]},
        )
    result = ImportResult(kind=kind, columns=[c for c in header if c in spec.required + spec.optional])
    ctx = Context()
    for number, cells in enumerate(table, start=2):  # row 1 is the header, as a spreadsheet numbers it
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number - 1, len(table))
        row = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        try:
            result.rows.append(spec.parse(row, ctx))
        except RowError as exc:
            result.errors.append(
                _("Row %(row)s, column %(column)s: %(message)s")
                % {"row": number, "column": exc.column, "message": exc.message}
            )
            if len(result.errors) >= MAX_ERRORS:
                break
    return result


def import_commit(
    *, actor, kind: str, raw: bytes, filename: str, progress: Callable[[int, int], None] | None = None
) -> ImportResult:
    """All or nothing: any bad row and nothing is written."""
    spec = KINDS.get(kind)
    if spec is None:
        raise InvalidInput(fields={"kind": [_("Choose what to import.")]})
    ensure(actor, spec.permission)
    result = check(kind, raw, filename, progress)
    if result.errors:
        raise InvalidInput(
            _("Nothing was imported: %(n)s rows have errors.") % {"n": len(result.errors)},
            fields={"file": result.errors},
        )
    with transaction.atomic():
        result.created = spec.save(result.rows)
    from backoffice.core.database import optimize

    optimize()  # a bulk load changes the tables' statistics
    return result


# --- imports as background jobs, with progress ---------------------------------------------------


def import_job_start(*, actor, kind: str, raw: bytes, filename: str) -> ImportJob:
    """Keep the upload and check it in the background; the page polls the job for progress and the row errors."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    spec = KINDS.get(kind)
    if spec is None:
        raise InvalidInput(fields={"kind": [_("Choose what to import.")]})
    ensure(actor, spec.permission)
    if not raw:
        raise InvalidInput(fields={"file": [_("The file is empty.")]})
    stored = default_storage.save(f"{STORAGE_FOLDER}/{uuid.uuid4().hex}", ContentFile(raw))
    with transaction.atomic():
        job = create_record(
            ImportJob,
            kind=kind,
            filename=(filename or "")[:200],
            file=stored,
            commit=False,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def import_job_commit(*, actor, job: ImportJob) -> ImportJob:
    """Import a checked file: a new job that checks again (the data may have changed) and saves all or nothing."""
    from django.core.files.storage import default_storage

    ensure(actor, KINDS[job.kind].permission)
    if job.commit or job.status != ImportJob.Status.CHECKED or job.errors:
        raise Conflict(_("Only a checked file without errors can be imported."))
    if not job.file or not default_storage.exists(job.file):
        raise Conflict(_("The checked file is no longer available; upload it again."))
    with transaction.atomic():
        started = create_record(
            ImportJob,
            kind=job.kind,
            filename=job.filename,
            file=job.file,
            commit=True,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        transaction.on_commit(lambda: _enqueue(started.pk))
    return started


def _enqueue(job_id: int) -> None:
    from backoffice.supplies.tasks import run_import

    run_import(job_id)


def _save_progress(job: ImportJob, **values: Any) -> None:
    """Progress is written in its own short statement, outside the import's transaction, so pollers see it."""
    for name, value in values.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**values)


def run_import_job(job_id: int) -> ImportJob:
    """The job's body: check every row (telling the progress), then for an import save all or nothing."""
    from django.core.files.storage import default_storage

    from backoffice.core.context import acting_as, user_actor

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not job.running:
        return job  # already done (a retried or duplicated task)
    _save_progress(job, status=ImportJob.Status.CHECKING, checked_rows=0)
    try:
        with default_storage.open(job.file) as handle:
            raw = handle.read()
    except FileNotFoundError:
        _save_progress(
            job,
            status=ImportJob.Status.FAILED,
            errors=[str(_("The checked file is no longer available; upload it again."))],
            finished_at=timezone.now(),
        )
        return job

    def progress(checked: int, total: int) -> None:
        _save_progress(job, checked_rows=checked, total_rows=total)

    try:
        result = check(job.kind, raw, job.filename, progress)
    except InvalidInput as exc:
        problems = [exc.message] if exc.message and exc.message != str(exc.default_message) else []
        problems += [message for messages in exc.fields.values() for message in messages]
        _save_progress(job, status=ImportJob.Status.FAILED, errors=problems, finished_at=timezone.now())
        return job
    total = len(result.rows) + len(result.errors)
    if result.errors or not job.commit:
        _save_progress(
            job,
            status=ImportJob.Status.FAILED if job.commit else ImportJob.Status.CHECKED,
            checked_rows=total,
            total_rows=max(total, job.total_rows),
            errors=[str(e) for e in result.errors],
            columns=result.columns,
            preview=[{c: str(row.get(c, "")) for c in result.columns} for row in result.rows[:20]],
            finished_at=timezone.now(),
        )
        return job
    _save_progress(job, status=ImportJob.Status.SAVING, checked_rows=total, total_rows=total)
    actor = user_actor(job.created_by) if job.created_by is not None else None
    try:
        if actor is not None:
            with acting_as(actor):
                created = _save(job, result)
        else:
            created = _save(job, result)
    except DomainError as exc:
        problems = [exc.message, *[m for messages in exc.fields.values() for m in messages]]
        _save_progress(job, status=ImportJob.Status.FAILED, errors=problems, finished_at=timezone.now())
        return job
    _save_progress(job, status=ImportJob.Status.DONE, created=created, finished_at=timezone.now())
    default_storage.delete(job.file)
    from backoffice.core.database import optimize

    optimize()  # a bulk load changes the tables' statistics
    return job


UPLOAD_KEPT_FOR = dt.timedelta(days=1)


def discard_stale_uploads(now: dt.datetime | None = None) -> int:
    """Delete the uploads of imports finished more than a day ago (checked but never imported, or failed).

    The job records stay as the history of what was tried; only the stored file goes, and an upload that a running
    import still reads is kept. Returns how many files were deleted.
    """
    from django.core.files.storage import default_storage

    running = [ImportJob.Status.QUEUED, ImportJob.Status.CHECKING, ImportJob.Status.SAVING]
    in_use = set(ImportJob.objects.filter(status__in=running).values_list("file", flat=True))
    cutoff = (now or timezone.now()) - UPLOAD_KEPT_FOR
    stale = ImportJob.objects.filter(finished_at__lt=cutoff).exclude(file="").exclude(status__in=running)
    names = {name for name in stale.values_list("file", flat=True) if name not in in_use}
    deleted = 0
    for name in sorted(names):
        if default_storage.exists(name):
            default_storage.delete(name)
            deleted += 1
    ImportJob.objects.filter(file__in=names).exclude(status__in=running).update(file="")
    return deleted


def _save(job: ImportJob, result: ImportResult) -> int:
    with transaction.atomic():
        return KINDS[job.kind].save(result.rows)


# --- export -------------------------------------------------------------------------------------


def export(rows: Iterable[list[Any]], header: list[str], fmt: str) -> tuple[bytes, str]:
    """CSV for Czech Excel (UTF-8 with BOM, ';') or XLSX."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(header)
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([str(v).replace(".", ",") if isinstance(v, Decimal) else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


def export_rows(kind: str, user) -> tuple[list[str], Iterable[list[Any]]]:
    from backoffice.supplies import selectors

    if kind == "items":
        rows = selectors.items_visible_to(user).filter(archived_at__isnull=True).order_by("sku")
        return ["sku", "name", "category", "unit", "ean"], (
            [i.sku, i.name, i.category, i.unit.code, i.ean] for i in rows.iterator(chunk_size=2000)
        )
    if kind == "suppliers":
        rows = selectors.suppliers_visible_to(user).filter(archived_at__isnull=True)
        return ["name", "ico", "dic", "phone", "email", "order_email", "lead_time_days"], (
            [s.name, s.ico, s.dic, s.phone, s.email, s.order_email, s.lead_time_days] for s in rows
        )
    if kind == "offers":
        rows = selectors.offers_visible_to(user)
        return ["supplier", "sku", "price", "currency", "pack_size", "min_quantity", "supplier_sku"], (
            [
                o.supplier.ico or o.supplier.name,
                o.item.sku,
                o.price,
                o.currency,
                o.pack_size,
                o.min_quantity,
                o.supplier_sku,
            ]
            for o in rows.iterator(chunk_size=2000)
        )
    if kind == "stock":
        rows = selectors.levels_visible_to(user).filter(on_hand__gt=0).order_by("item__sku")
        return ["sku", "location", "quantity"], (
            [lv.item.sku, lv.location.code, lv.on_hand] for lv in rows.iterator(chunk_size=2000)
        )
    if kind == "movements":
        rows = selectors.movements_visible_to(user)[:100_000]
        return ["when", "sku", "kind", "quantity", "from", "to", "reason", "by"], (
            [
                m.occurred_at.isoformat(),
                m.item.sku,
                m.kind,
                m.quantity,
                m.from_location.code if m.from_location else "",
                m.to_location.code if m.to_location else "",
                m.reason,
                m.actor_label,
            ]
            for m in rows
        )
    if kind == "orders":
        rows = selectors.orders_visible_to(user)
        return ["number", "supplier", "status", "expected_on"], (
            [o.number, o.supplier.name, o.status, o.expected_on.isoformat() if o.expected_on else ""] for o in rows
        )
    if kind == "requests":
        rows = selectors.requests_visible_to(user)
        return ["created", "requester", "sku", "quantity", "status"], (
            [r.created_at.isoformat(), r.requester.full_name, r.item.sku, r.quantity, r.status] for r in rows
        )
    raise InvalidInput(fields={"kind": [_("This list cannot be exported.")]})
