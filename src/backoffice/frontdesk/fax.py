"""Fax: documents become TIFF Class F (CCITT G4, 204×196 dpi, A4), go out through a gateway with retries,
and faxes a gateway delivers by e-mail become entries of the fax inbox."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.core.audit import record_change, snapshot
from backoffice.core.errors import InvalidInput
from backoffice.core.models import AuditEntry
from backoffice.core.outbox import make_message_id, retry_delay
from backoffice.core.permissions import ensure
from backoffice.core.records import create_record
from backoffice.frontdesk import files
from backoffice.frontdesk.choices import Direction, FaxStatus
from backoffice.frontdesk.models import Fax, MailAttachment, Mailbox, MailMessage

log = logging.getLogger(__name__)

# A fax page: 1728 dots across (the Class F line), 204×196 dpi, A4 long.
WIDTH, HEIGHT, DPI = 1728, 2292, (204, 196)
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_PAGES = 50
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LEASE = dt.timedelta(minutes=5)


class ConversionFailed(InvalidInput):
    pass


def _pdf_pages(pdf: bytes) -> list:
    """Each PDF page rendered at fax resolution, as 1-bit images (Ghostscript)."""
    from PIL import Image

    gs = shutil.which("gs")
    if gs is None:
        raise ConversionFailed(fields={"document": [_("PDF conversion is not installed on the server (ghostscript).")]})
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.pdf", Path(tmp) / "out.tif"
        source.write_bytes(pdf)
        command = [
            gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiffg4", "-r204x196",
            "-dDEVICEWIDTHPOINTS=610", "-dDEVICEHEIGHTPOINTS=842", "-dFIXEDMEDIA", "-dPDFFitPage",
            f"-dLastPage={MAX_PAGES}", f"-sOutputFile={target}", str(source),
        ]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, timeout=120, check=False)
        except subprocess.TimeoutExpired:
            raise ConversionFailed(fields={"document": [_("The PDF took too long to convert.")]}) from None
        if done.returncode != 0 or not target.exists():
            raise ConversionFailed(fields={"document": [_("The PDF could not be read; is it damaged?")]})
        pages = []
        with Image.open(target) as image:
            for index in range(getattr(image, "n_frames", 1)):
                image.seek(index)
                pages.append(image.convert("1").resize((WIDTH, HEIGHT)))
        return pages


def _cover_page(*, number: str, subject: str, text: str, sender: str, pages: int):
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("1", (WIDTH, HEIGHT), 1)
    draw = ImageDraw.Draw(page)
    big = ImageFont.truetype(FONT, 72) if Path(FONT).exists() else ImageFont.load_default()
    normal = ImageFont.truetype(FONT, 40) if Path(FONT).exists() else ImageFont.load_default()
    y = 150
    draw.text((120, y), _("Fax"), font=big, fill=0)
    y += 160
    for line in [
        _("To: %(number)s") % {"number": number},
        _("From: %(sender)s") % {"sender": sender},
        _("Subject: %(subject)s") % {"subject": subject},
        _("Pages including this one: %(pages)d") % {"pages": pages},
        timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    ]:
        draw.text((120, y), line, font=normal, fill=0)
        y += 70
    y += 60
    for paragraph in (text or "").splitlines() or [""]:
        for line in textwrap.wrap(paragraph, 70) or [""]:
            draw.text((120, y), line, font=normal, fill=0)
            y += 56
            if y > HEIGHT - 120:
                return page
    return page


def _tiff(pages: list) -> bytes:
    buffer = io.BytesIO()
    pages[0].save(
        buffer,
        format="TIFF",
        compression="group4",
        dpi=DPI,
        save_all=True,
        append_images=pages[1:],
    )
    return buffer.getvalue()


def render(*, number: str, subject: str, cover_text: str, pdf: bytes | None, sender: str) -> tuple[bytes, int]:
    """The fax document (multi-page TIFF G4) and its page count."""
    body = _pdf_pages(pdf) if pdf else []
    pages = []
    if cover_text or not body:
        pages.append(_cover_page(number=number, subject=subject, text=cover_text, sender=sender, pages=len(body) + 1))
    pages.extend(body)
    return _tiff(pages), len(pages)


def fax_send(
    *,
    actor: AbstractBaseUser | None,
    number: str,
    subject: str = "",
    cover_text: str = "",
    document: bytes | None = None,
) -> Fax:
    """Queue a fax: a PDF, a cover page, or both; converted now so a bad document is refused right away."""
    from backoffice.frontdesk.services import phone_or_error

    ensure(actor, "frontdesk.add_fax")
    e164 = phone_or_error(number, "number", required=True)
    if document:
        refused = files.fax_document_refusal(document)
        if refused:
            raise InvalidInput(fields={"document": [refused]})
    elif not (cover_text or "").strip():
        raise InvalidInput(fields={"cover_text": [_("Upload a PDF or write the text of the cover page.")]})
    tiff, pages = render(
        number=e164, subject=subject, cover_text=cover_text, pdf=document or None, sender=settings.COMPANY_NAME
    )
    path = files.store("frontdesk/fax", "fax.tif", tiff)
    with transaction.atomic():
        fax = create_record(
            Fax,
            direction=Direction.OUTGOING,
            number=number.strip(),
            number_e164=e164,
            status=FaxStatus.QUEUED,
            document=path,
            pages=pages,
            subject=subject[:300],
            sent_by=actor if actor is not None and actor.is_authenticated else None,
            next_attempt_at=timezone.now(),
            message_id=make_message_id(),
        )
        transaction.on_commit(_wake_sender)
    return fax


def _wake_sender() -> None:
    from backoffice.frontdesk.tasks import send_faxes

    send_faxes()


def gateway_address(number_e164: str) -> str:
    return f"{number_e164.lstrip('+')}@{settings.FRONTDESK_FAX_GATEWAY_DOMAIN}"


class TransportFailed(Exception):
    """The transport refused the fax; the message says why (it is shown on the fax's page)."""


def sendfax_command(fax: Fax, path: str) -> list[str]:
    """HylaFAX's client: to the configured hfaxd, no cover page of its own (ours is in the TIFF), tagged with our id."""
    program = shutil.which("sendfax")
    if program is None:
        raise TransportFailed("sendfax (HylaFAX client, apt-get install hylafax-client) is not installed")
    return [
        program,
        "-h", settings.FRONTDESK_HYLAFAX_SERVER,
        "-n",
        "-m",  # fine resolution (196 lines/inch), as the TIFF was made
        "-s", "a4",
        "-i", f"backoffice-fax-{fax.pk}",
        "-d", fax.number_e164,
        path,
    ]  # fmt: skip


JOB_ID = re.compile(r"request id is (\d+)")


def _send_with_hylafax(fax: Fax, document: bytes) -> str:
    """Hand the TIFF to HylaFAX; return its job id. HylaFAX then dials and redials by itself."""
    with tempfile.NamedTemporaryFile(suffix=".tif") as tmp:
        tmp.write(document)
        tmp.flush()
        command = sendfax_command(fax, tmp.name)
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        except subprocess.TimeoutExpired:
            raise TransportFailed(f"sendfax got no answer from {settings.FRONTDESK_HYLAFAX_SERVER} in 60 s") from None
    said = " ".join((done.stderr or done.stdout or "").split())[-500:]
    if done.returncode != 0:
        raise TransportFailed(f"sendfax failed (exit {done.returncode}): {said or 'no message'}")
    job = JOB_ID.search(done.stdout or "")
    if job is None:
        raise TransportFailed(f"sendfax did not report a job id: {said or 'no output'}")
    return job.group(1)


def _transmit(fax: Fax) -> str:
    """Send by the configured transport; return the transport's reference for the fax ("" for the gateway)."""
    document = default_storage.open(fax.document.name).read()
    if settings.FRONTDESK_FAX_TRANSPORT == "hylafax":
        return _send_with_hylafax(fax, document)
    mail = EmailMessage(
        subject=fax.subject or _("Fax"),
        body="",
        to=[gateway_address(fax.number_e164)],
        headers={"Message-ID": fax.message_id},
    )
    mail.attach(f"fax-{fax.pk}.tif", document, "image/tiff")
    mail.send()
    return ""


def send_due(limit: int = 20) -> int:
    """Send queued faxes that are due; a failure is retried with back-off, then marked failed and the sender told."""
    now = timezone.now()
    due = list(
        Fax.objects.filter(direction=Direction.OUTGOING, status=FaxStatus.QUEUED, next_attempt_at__lte=now).values_list(
            "id", flat=True
        )[:limit]
    )
    sent = 0
    for fax_id in due:
        if not Fax.objects.filter(pk=fax_id, status=FaxStatus.QUEUED, next_attempt_at__lte=now).update(
            next_attempt_at=now + LEASE
        ):
            continue  # another worker has it
        fax = Fax.objects.select_related("sent_by").get(pk=fax_id)
        before = snapshot(fax)
        fax.attempts += 1
        try:
            fax.transport_ref = _transmit(fax)
        except Exception as exc:  # noqa: BLE001 — every transport failure is retried and shown
            log.warning("fax %s: sending failed: %s", fax.pk, exc)
            fax.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            fax.next_attempt_at = timezone.now() + retry_delay(fax.attempts)
            if fax.attempts >= settings.FRONTDESK_FAX_MAX_ATTEMPTS:
                fax.status = FaxStatus.FAILED
        else:
            fax.status, fax.last_error, fax.next_attempt_at = FaxStatus.SENT, "", None
            sent += 1
        with transaction.atomic():
            fax.save(
                update_fields=["attempts", "last_error", "next_attempt_at", "status", "transport_ref", "updated_at"]
            )
            record_change(fax, AuditEntry.Action.UPDATE, before=before)
            if fax.status == FaxStatus.FAILED and fax.sent_by is not None:
                from backoffice.core.notifications import notify
                from backoffice.core.preferences import speaking_to

                with speaking_to(fax.sent_by):
                    notify(
                        recipient=fax.sent_by,
                        title=_("The fax to %(number)s could not be sent") % {"number": fax.number_e164},
                        body=fax.last_error,
                        url=reverse("frontdesk:fax_detail", args=[fax.pk]),
                    )
    return sent


FAX_TYPES = {"application/pdf", "image/tiff"}


def _tiff_pages(data: bytes) -> int:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return getattr(image, "n_frames", 1)
    except Exception:  # noqa: BLE001
        return 0


def receive_from_mail(*, mailbox: Mailbox, message: MailMessage, attachments: list[MailAttachment]) -> list[Fax]:
    """A fax the gateway delivered as e-mail: each PDF/TIFF attachment becomes an entry routed to a person."""
    from backoffice.frontdesk.services import tell

    received = []
    number = "".join(ch for ch in (message.from_address.split("@")[0]) if ch.isdigit() or ch == "+")[:32]
    for attachment in attachments:
        if attachment.refused or attachment.content_type not in FAX_TYPES:
            continue
        pages = 0
        if attachment.content_type == "image/tiff":
            pages = _tiff_pages(default_storage.open(attachment.file.name).read())
        fax = create_record(
            Fax,
            direction=Direction.INCOMING,
            number=number or message.from_address[:32],
            number_e164="",
            status=FaxStatus.RECEIVED,
            document=attachment.file.name,
            pages=pages,
            subject=message.subject[:300],
            for_person=mailbox.fax_recipient,
            reason="fax gateway",
        )
        received.append(fax)
        if mailbox.fax_recipient is not None:
            tell(
                mailbox.fax_recipient,
                title=lambda fax=fax: _("A fax arrived from %(number)s") % {"number": fax.number},
                body=lambda: message.subject,
                url=reverse("frontdesk:fax_detail", args=[fax.pk]),
                area_cover=True,
            )
    return received
