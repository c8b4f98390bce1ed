"""The PBX keeps the call log up to date: signed call events over a webhook, and CDR files (Asterisk Master.csv)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from backoffice.core.audit import record_bulk_create, record_change
from backoffice.core.contacts import normalize_phone
from backoffice.core.errors import DomainError, InvalidInput
from backoffice.core.models import AuditEntry
from backoffice.core.permissions import ensure
from backoffice.core.records import update_record
from backoffice.frontdesk.choices import CallOutcome, Direction, PbxEvent
from backoffice.frontdesk.models import Call, CallEvent, CallTransfer, name_search_keys
from backoffice.people.models import Employee

SIGNATURE_HEADER = "X-Pbx-Signature"
TIMESTAMP_HEADER = "X-Pbx-Timestamp"


class BadSignature(DomainError):
    status = 401
    code = "bad_signature"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>." followed by the raw body, hex-encoded (what the PBX sends)."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify_signature(*, timestamp: str, signature: str, body: bytes, now: float | None = None) -> None:
    secret = settings.FRONTDESK_PBX_SECRET
    if not secret:
        raise BadSignature(_("The PBX webhook is not configured (no shared secret)."))
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        raise BadSignature(_("The request has no valid timestamp.")) from None
    now = time.time() if now is None else now
    if abs(now - sent_at) > settings.FRONTDESK_PBX_REPLAY_SECONDS:
        raise BadSignature(_("The request is too old or from the future; it may be a replay."))
    expected = sign(secret, str(timestamp), body)
    if not hmac.compare_digest(expected, (signature or "").strip().lower()):
        raise BadSignature(_("The signature does not match."))


def _employee_by_extension(number: str) -> Employee | None:
    digits = (number or "").strip()
    if not digits.isdigit() or len(digits) > 6:
        return None
    return Employee.objects.filter(phone_extension=digits, archived_at__isnull=True).first()


def _is_internal(number: str) -> bool:
    digits = (number or "").strip()
    return digits.isdigit() and 2 <= len(digits) <= 6


def external_number(dialled: str) -> str:
    """E.164 of an outside number; a PBX often adds its outside-line prefix 0 in front (0 602 111 222)."""
    number = normalize_phone(dialled)
    digits = (dialled or "").strip()
    if not number and digits.startswith("0") and not digits.startswith("00"):
        number = normalize_phone(digits[1:])
    return number


def _parse_time(value) -> dt.datetime | None:
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value, tz=dt.UTC)
    parsed = parse_datetime(str(value or ""))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def parse_event(body: bytes) -> dict:
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(_("The body is not JSON.")) from None
    if not isinstance(data, dict):
        raise InvalidInput(_("The body is not a JSON object."))
    errors: dict[str, list[str]] = {}
    call_id = str(data.get("call_id") or "").strip()
    if not call_id or len(call_id) > 100:
        errors["call_id"] = [_("A call id of at most 100 characters is required.")]
    if data.get("event") not in PbxEvent.values:
        errors["event"] = [_("Unknown event; expected one of %(values)s.") % {"values": ", ".join(PbxEvent.values)}]
    at = _parse_time(data.get("timestamp"))
    if at is None:
        errors["timestamp"] = [_("A time (ISO 8601 or Unix seconds) is required.")]
    if errors:
        raise InvalidInput(fields=errors)
    return {
        "call_id": call_id,
        "event": data["event"],
        "from_number": str(data.get("from") or "")[:64],
        "to_number": str(data.get("to") or "")[:64],
        "at": at,
        "payload": data,
    }


def call_event_receive(*, actor: AbstractBaseUser | None, event: dict) -> Call:
    """Apply one PBX event to the call log; a repeated event changes nothing."""
    ensure(actor, "frontdesk.add_call")
    with transaction.atomic():
        if CallEvent.objects.filter(call_id=event["call_id"], event=event["event"], at=event["at"]).exists():
            return Call.objects.filter(pbx_call_id=event["call_id"]).first() or _call_for(event)
        CallEvent.objects.create(**event)
        call = _call_for(event)
        kind = event["event"]
        if kind == PbxEvent.ANSWERED and call.outcome in (CallOutcome.RINGING, CallOutcome.MISSED):
            update_record(call, outcome=CallOutcome.CONNECTED)
        elif kind == PbxEvent.TRANSFERRED:
            target = _employee_by_extension(event["to_number"])
            if target is not None:
                previous = call.transfers.order_by("-at", "-id").first()
                source = previous.to_person if previous else call.for_person
                if source is None or source.pk != target.pk:
                    transfer = CallTransfer.objects.create(
                        call=call, from_person=source, to_person=target, wanted=call.for_person, at=event["at"]
                    )
                    record_change(transfer, AuditEntry.Action.CREATE)
                update_record(call, outcome=CallOutcome.TRANSFERRED)
        elif kind == PbxEvent.HUNGUP:
            answered = (
                CallEvent.objects.filter(call_id=call.pbx_call_id, event=PbxEvent.ANSWERED).order_by("at").first()
            )
            changes = {}
            if answered is None:
                changes["outcome"] = CallOutcome.MISSED
            else:
                changes["duration_seconds"] = max(int((event["at"] - answered.at).total_seconds()), 0)
            update_record(call, **changes)
    return call


def _call_for(event: dict) -> Call:
    call = Call.objects.filter(pbx_call_id=event["call_id"]).first()
    if call is not None:
        return call
    outgoing = _is_internal(event["from_number"]) and not _is_internal(event["to_number"])
    external = event["to_number"] if outgoing else event["from_number"]
    internal = event["from_number"] if outgoing else event["to_number"]
    call = Call(
        pbx_call_id=event["call_id"],
        direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
        started_at=event["at"],
        number=external[:32],
        number_e164=external_number(external),
        for_person=_employee_by_extension(internal),
        outcome=CallOutcome.RINGING if event["event"] == PbxEvent.RINGING else CallOutcome.CONNECTED,
    )
    try:
        with transaction.atomic():
            call.save()
    except IntegrityError:
        return Call.objects.get(pbx_call_id=event["call_id"])  # a concurrent event created it
    record_change(call, AuditEntry.Action.CREATE)
    return call


# --- CDR import ---------------------------------------------------------------------------------

# Asterisk cdr-csv Master.csv: no header line, these columns (userfield, and later sequence, are optional).
CDR_COLUMNS = [
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
]
DISPOSITION = {
    "ANSWERED": CallOutcome.CONNECTED,
    "NO ANSWER": CallOutcome.MISSED,
    "BUSY": CallOutcome.MISSED,
    "FAILED": CallOutcome.MISSED,
    "CONGESTION": CallOutcome.MISSED,
}
MAX_CDR_BYTES = 50 * 1024 * 1024


@dataclass
class CdrReport:
    created: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _caller_name(clid: str) -> str:
    # clid looks like: "Jan Novák" <777123456>
    if "<" in clid:
        return clid.split("<", 1)[0].strip().strip('"').strip()
    return ""


def _cdr_time(value: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(parsed)


def cdr_import(*, actor: AbstractBaseUser | None, data: bytes) -> CdrReport:
    """Add the calls of a Master.csv file; rows already imported (same uniqueid) are skipped, bad rows reported."""
    ensure(actor, "frontdesk.add_call")
    if len(data) > MAX_CDR_BYTES:
        raise InvalidInput(fields={"file": [_("The file is larger than 50 MB.")]})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1250", errors="replace")
    report = CdrReport()
    pending: dict[str, Call] = {}
    extensions = dict(
        Employee.objects.filter(archived_at__isnull=True)
        .exclude(phone_extension="")
        .values_list("phone_extension", "pk")
    )
    for line_no, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) < len(CDR_COLUMNS):
            report.errors.append((line_no, _("expected at least %(n)d columns") % {"n": len(CDR_COLUMNS)}))
            continue
        cdr = dict(zip(CDR_COLUMNS, row, strict=False))
        started = _cdr_time(cdr["start"])
        uniqueid = cdr["uniqueid"].strip()
        if started is None:
            report.errors.append((line_no, _("the start time is not YYYY-MM-DD HH:MM:SS")))
            continue
        if not uniqueid:
            report.errors.append((line_no, _("the uniqueid column is empty")))
            continue
        if uniqueid in pending:
            report.skipped += 1
            continue
        outgoing = _is_internal(cdr["src"]) and not _is_internal(cdr["dst"])
        external = cdr["dst"] if outgoing else cdr["src"]
        internal = cdr["src"] if outgoing else cdr["dst"]
        try:
            billsec = int(cdr["billsec"] or 0)
        except ValueError:
            billsec = 0
        name = _caller_name(cdr["clid"]) if not outgoing else ""
        pending[uniqueid] = Call(
            pbx_call_id=uniqueid[:100],
            direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
            started_at=started,
            caller_name=name[:120],
            **name_search_keys(name[:120]),
            number=external[:32],
            number_e164=external_number(external),
            for_person_id=extensions.get(internal.strip()),
            outcome=DISPOSITION.get(cdr["disposition"].strip().upper(), CallOutcome.MISSED),
            duration_seconds=billsec,
        )
    known = set()
    ids = list(pending)
    for start in range(0, len(ids), 500):
        known.update(
            Call.objects.filter(pbx_call_id__in=ids[start : start + 500]).values_list("pbx_call_id", flat=True)
        )
    new = [call for key, call in pending.items() if key not in known]
    report.skipped += len(pending) - len(new)
    with transaction.atomic():
        created = Call.objects.bulk_create(new, batch_size=1000)
        if created and created[0].pk is None:  # backends that do not return ids
            created = list(Call.objects.filter(pbx_call_id__in=[c.pbx_call_id for c in new]))
        record_bulk_create(created, reason="CDR import")
    report.created = len(new)
    return report
