"""Fax: documents become TIFF Class F (CCITT G4, 204×196 dpi, A4), go out through the e-mail gateway with retries."""

from __future__ import annotations

import base64
import datetime as dt
import io
import subprocess

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from backoffice.core.errors import InvalidInput
from backoffice.core.models import Notification
from backoffice.core.roles import BACK_OFFICE
from backoffice.frontdesk import fax
from backoffice.frontdesk.choices import FaxStatus
from backoffice.frontdesk.models import Fax
from tests.builders import make_user
from tests.conftest import need_program


def tiny_tiff() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (1728, 100), 1).save(buffer, format="TIFF", compression="group4", dpi=(204, 196))
    return buffer.getvalue()


def two_page_pdf() -> bytes:
    """A real two-page PDF, made by Ghostscript from PostScript."""
    gs = need_program("gs", "apt-get install ghostscript")
    postscript = (
        b"%!PS\n/Helvetica findfont 24 scalefont setfont\n72 720 moveto (Strana 1) show showpage\n"
        b"72 720 moveto (Strana 2) show showpage\n"
    )
    done = subprocess.run(
        [gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", "-sOutputFile=-", "-"],
        input=postscript,
        capture_output=True,
        check=True,
    )
    return done.stdout


def tiffinfo(data: bytes, tmp_path) -> str:
    program = need_program("tiffinfo", "apt-get install libtiff-tools")
    path = tmp_path / "fax.tif"
    path.write_bytes(data)
    return subprocess.run([program, str(path)], capture_output=True, text=True, check=True).stdout


def _document(item: Fax) -> bytes:
    with default_storage.open(item.document.name) as handle:
        return handle.read()


@pytest.fixture
def sender(db):
    return make_user(BACK_OFFICE)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_pdf_with_a_cover_page_becomes_a_class_f_tiff_and_reaches_the_gateway(
    media, sender, smtp_server, settings, tmp_path
):
    settings.FRONTDESK_FAX_GATEWAY_DOMAIN = "fax.operator.cz"
    item = fax.fax_send(
        actor=sender, number="224 123 456", subject="Objednávka", cover_text="Žluťoučký kůň", document=two_page_pdf()
    )
    item.refresh_from_db()
    assert item.pages == 3 and item.number_e164 == "+420224123456"
    info = tiffinfo(_document(item), tmp_path)
    assert info.count("Image Width: 1728") == 3
    assert "Resolution: 204, 196 pixels/inch" in info
    assert "CCITT Group 4" in info
    assert "Image Length: 2292" in info  # A4 at 196 dpi
    assert item.status == FaxStatus.SENT and item.attempts == 1
    message = smtp_server.messages[-1]
    assert message["To"] == "420224123456@fax.operator.cz"
    attachment = next(message.iter_attachments())
    assert attachment.get_content_type() == "image/tiff"
    assert attachment.get_content() == _document(item)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refusing_gateway_is_retried_then_the_fax_fails_and_the_sender_is_told(media, sender, smtp_server, settings):
    settings.FRONTDESK_FAX_MAX_ATTEMPTS = 2
    smtp_server.mailbox.refuse = True
    item = fax.fax_send(actor=sender, number="224123456", cover_text="Prosím o potvrzení.")
    item.refresh_from_db()
    assert item.status == FaxStatus.QUEUED and item.attempts == 1 and "451" in item.last_error
    assert item.next_attempt_at > timezone.now()
    assert fax.send_due() == 0  # not due yet
    Fax.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    fax.send_due()
    item.refresh_from_db()
    assert item.status == FaxStatus.FAILED and item.attempts == 2
    assert Notification.objects.filter(recipient=sender, title__contains="could not be sent").exists()


@pytest.mark.django_db
def test_a_cover_page_alone_is_one_page(media, sender, tmp_path):
    item = fax.fax_send(actor=sender, number="+420224123456", cover_text="Jen průvodka")
    assert item.pages == 1
    assert "CCITT Group 4" in tiffinfo(_document(item), tmp_path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"number": "12", "cover_text": "x"}, "number", "not a valid phone number"),
        ({"number": "", "cover_text": "x"}, "number", "Enter a phone number"),
        ({"number": "224123456", "cover_text": ""}, "cover_text", "Upload a PDF"),
        ({"number": "224123456", "document": b"MZ not a pdf"}, "document", "Only PDF"),
        ({"number": "224123456", "document": b"%PDF-1.4 damaged"}, "document", "could not be read"),
    ],
)
def test_bad_fax_input_is_refused_with_the_reason(media, sender, values, field, words):
    if values.get("document", b"").startswith(b"%PDF"):
        need_program("gs", "apt-get install ghostscript")
    with pytest.raises(InvalidInput) as error:
        fax.fax_send(actor=sender, **values)
    assert words in error.value.fields[field][0]
    assert Fax.objects.count() == 0


@pytest.mark.django_db
def test_the_api_and_the_page_send_a_fax(media, api_for, client_for):
    api = api_for(BACK_OFFICE)
    pdf = base64.b64encode(two_page_pdf()).decode()
    created = api.post(
        "/api/v1/frontdesk/faxes",
        {"number": "224123456", "subject": "Smlouva", "document_pdf_base64": pdf},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["pages"] == 2
    bad = api.post(
        "/api/v1/frontdesk/faxes",
        {"number": "224123456", "document_pdf_base64": "***"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "document_pdf_base64" in bad.json()["fields"]
    page = client_for(BACK_OFFICE).post("/frontdesk/fax/new/", {"number": "abc", "cover_text": "x"})
    assert page.status_code == 200 and "not a valid phone number" in page.content.decode()
    assert Fax.objects.count() == 1


@pytest.mark.django_db
def test_hylafax_takes_the_fax_and_its_job_id_is_kept(media, sender, hylafax, client_for):
    item = fax.fax_send(actor=sender, number="224 123 456", subject="Objednávka", cover_text="Žluťoučký kůň")
    assert fax.send_due() == 1
    item.refresh_from_db()
    assert item.status == FaxStatus.SENT and item.attempts == 1 and item.last_error == ""
    jobs = hylafax.jobs()
    assert list(jobs) == [item.transport_ref]
    job = dict(line.split(":", 1) for line in jobs[item.transport_ref].splitlines() if ":" in line)
    assert job["number"] == "+420224123456"
    assert job["jobtag"] == f"backoffice-fax-{item.pk}"
    assert (job["resolution"], job["pagewidth"], job["pagelength"]) == ("196", "209", "296")  # fine, A4
    stored = hylafax.spool / job["tiff"].split(":")[-1]
    assert stored.read_bytes() == _document(item)  # the TIFF Class F we made, as the server will fax it
    page = client_for(BACK_OFFICE).get(f"/frontdesk/fax/{item.pk}/").content.decode()
    assert f'data-testid="fax-job">{item.transport_ref}<' in page


@pytest.mark.django_db
def test_an_unreachable_hylafax_server_is_retried_with_the_reason_shown(media, sender, hylafax, settings):
    from tests.peers import free_port

    settings.FRONTDESK_HYLAFAX_SERVER = f"127.0.0.1:{free_port()}"  # nobody listens there
    item = fax.fax_send(actor=sender, number="224123456", cover_text="Prosím o potvrzení.")
    assert fax.send_due() == 0
    item.refresh_from_db()
    assert item.status == FaxStatus.QUEUED and item.attempts == 1 and item.transport_ref == ""
    assert item.last_error.startswith("TransportFailed: sendfax failed (exit")
    assert item.next_attempt_at > timezone.now() and hylafax.jobs() == {}
    settings.FRONTDESK_HYLAFAX_SERVER = hylafax.server  # the server is back
    Fax.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    assert fax.send_due() == 1
    item.refresh_from_db()
    assert item.status == FaxStatus.SENT and item.attempts == 2 and list(hylafax.jobs()) == [item.transport_ref]


@pytest.mark.django_db
def test_without_the_hylafax_client_the_fax_waits_and_says_what_is_missing(media, sender, settings, monkeypatch):
    settings.FRONTDESK_FAX_TRANSPORT = "hylafax"
    item = fax.fax_send(actor=sender, number="224123456", cover_text="Prosím o potvrzení.")
    monkeypatch.setenv("PATH", "/nonexistent")
    assert fax.send_due() == 0
    item.refresh_from_db()
    assert item.status == FaxStatus.QUEUED and "sendfax (HylaFAX client" in item.last_error
