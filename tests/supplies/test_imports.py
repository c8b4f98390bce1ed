"""Import from what Czech Excel writes (Windows-1250, ';') and from UTF-8 / XLSX: checked, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from backoffice.core.errors import Conflict, InvalidInput
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE
from backoffice.supplies import imports
from backoffice.supplies.models import ImportJob, Item, StockLevel, Supplier, SupplierOffer
from tests.builders import make_user
from tests.supplies.builders import make_item, make_location, unit

pytestmark = pytest.mark.django_db

ITEMS_CP1250 = (
    "SKU;Název;name;unit;category\nPAP-A4;x;Papír A4 80 g, žlutý;ris;Papír\nPERO;x;Kuličkové pero;ks;Psací potřeby\n"
)


@pytest.fixture(autouse=True)
def units():
    unit("ks"), unit("ris")


def test_windows_1250_with_semicolons_imports_with_diacritics_intact():
    result = imports.import_commit(actor=None, kind="items", raw=ITEMS_CP1250.encode("cp1250"), filename="a.csv")
    assert result.created == 2
    assert Item.objects.get(sku="PAP-A4").name == "Papír A4 80 g, žlutý"


def test_utf8_with_commas_and_a_bom():
    raw = "\ufeffsku,name,unit\nSESIT,Sešit A4,ks\n".encode()
    imports.import_commit(actor=None, kind="items", raw=raw, filename="b.csv")
    assert Item.objects.get(sku="SESIT").name == "Sešit A4"


def test_xlsx():
    book = Workbook()
    sheet = book.active
    sheet.append(["sku", "name", "unit", "ean"])
    sheet.append(["TONER", "Toner HP 59A", "ks", "8594001234561"])
    buffer = io.BytesIO()
    book.save(buffer)
    imports.import_commit(actor=None, kind="items", raw=buffer.getvalue(), filename="c.xlsx")
    assert Item.objects.get(sku="TONER").ean == "8594001234561"


def test_one_bad_row_and_nothing_is_imported_with_rows_and_columns_named():
    make_item(sku="STARA")
    raw = "sku;name;unit\nNOVA;Nová;ks\nSTARA;Duplicitní;ks\nDIVNA;Divná;krabice\nNOVA;Znovu;ks\n".encode()
    with pytest.raises(InvalidInput) as caught:
        imports.import_commit(actor=None, kind="items", raw=raw, filename="d.csv")
    errors = caught.value.fields["file"]
    assert errors == [
        "Row 3, column sku: The SKU STARA is already used.",
        "Row 4, column unit: Unknown unit krabice.",
        "Row 5, column sku: The SKU NOVA appears twice in the file.",
    ]
    assert list(Item.objects.values_list("sku", flat=True)) == ["STARA"]


def test_missing_columns_and_unreadable_files_are_explained():
    with pytest.raises(InvalidInput) as caught:
        imports.check("items", b"sku;name\nA;B\n", "e.csv")
    assert "unit" in caught.value.message and "file" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        imports.check("items", "sku;name;unit\nA;B;ks\n".encode("utf-16"), "f.csv")
    assert "file" in caught.value.fields
    with pytest.raises(InvalidInput):
        imports.check("items", b"PK\x03\x04not really a workbook", "g.xlsx")


def test_suppliers_with_ico_checked_then_offers_and_opening_stock():
    raw = "name;ico;phone;lead_time_days\nPapírnictví Pavlík;27074358;602 111 222;2\nŠpatná;12345678;;\n"
    result = imports.check("suppliers", raw.encode("cp1250"), "s.csv")
    assert result.errors == ["Row 3, column ico: 12345678 is not a valid IČO (eight digits with a check digit)."]
    imports.import_commit(actor=None, kind="suppliers", raw=raw.rsplit("Špatná", 1)[0].encode(), filename="s.csv")
    assert Supplier.objects.get().phone_e164 == "+420602111222"
    make_item(sku="PAP-A4")
    imports.import_commit(
        actor=None, kind="offers", raw=b"supplier;sku;price;pack_size\n27074358;PAP-A4;109,50;5\n", filename="o.csv"
    )
    offer = SupplierOffer.objects.get()
    assert str(offer.price) == "109.50" and offer.pack_size == 5
    make_location(code="SKLAD")
    imports.import_commit(actor=None, kind="stock", raw=b"sku;location;quantity\nPAP-A4;sklad;12\n", filename="z.csv")
    assert StockLevel.objects.get().on_hand == 12


def test_the_page_checks_in_a_job_shows_progress_then_imports(client, django_capture_on_commit_callbacks):
    client.force_login(make_user(BACK_OFFICE))
    upload = SimpleUploadedFile("items.csv", ITEMS_CP1250.encode("cp1250"))
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/supplies/import/", {"kind": "items", "file": upload})
    assert started.status_code == 302
    job = ImportJob.objects.get()
    assert started["Location"] == f"/supplies/import/{job.pk}/"
    assert job.status == ImportJob.Status.CHECKED and job.total_rows == 2 and not job.errors
    page = client.get(started["Location"]).content.decode()
    assert "Papír A4 80 g, žlutý" in page and 'value="100"' in page and "hx-trigger" not in page  # finished: no polling
    assert not Item.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/supplies/import/{job.pk}/commit/")
    imported = ImportJob.objects.get(commit=True)
    assert done["Location"] == f"/supplies/import/{imported.pk}/"
    assert imported.status == ImportJob.Status.DONE and imported.created == 2 and Item.objects.count() == 2
    assert "2 rows were imported." in client.get(done["Location"]).content.decode()
    again = client.post(f"/supplies/import/{job.pk}/commit/", follow=True)  # the checked file is gone now
    assert "no longer available" in again.content.decode() and Item.objects.count() == 2


def test_a_running_job_is_polled_by_htmx_without_inline_script(client):
    client.force_login(make_user(BACK_OFFICE))
    job = imports.import_job_start(actor=None, kind="items", raw=ITEMS_CP1250.encode("cp1250"), filename="a.csv")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING, checked_rows=1000, total_rows=4000)
    page = client.get(f"/supplies/import/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="25"' in page and "1000 of 4000 rows checked" in page
    assert "<script>" not in page and "style=" not in page
    partial = client.get(f"/supplies/import/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="import-progress"')


def test_progress_is_reported_while_checking_and_a_bad_row_imports_nothing(monkeypatch):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    seen = []
    real = imports._save_progress
    monkeypatch.setattr(imports, "_save_progress", lambda job, **v: (seen.append(dict(v)), real(job, **v)))
    rows = "".join(f"OK-{n};Položka {n};ks\n" for n in range(5)) + "BAD;Špatná;krabice\n"
    job = imports.import_job_start(actor=None, kind="items", raw=f"sku;name;unit\n{rows}".encode(), filename="x.csv")
    imports.run_import_job(job.pk)
    job.refresh_from_db()
    assert [v["checked_rows"] for v in seen if "total_rows" in v and len(v) == 2] == [1, 3, 5]
    assert job.status == ImportJob.Status.CHECKED and job.errors == ["Row 7, column unit: Unknown unit krabice."]
    with pytest.raises(Conflict):
        imports.import_job_commit(actor=None, job=job)
    assert not Item.objects.exists()


def test_a_commit_job_rechecks_and_writes_nothing_when_the_data_changed_meanwhile():
    job = imports.import_job_start(actor=None, kind="items", raw=b"sku;name;unit\nNOVA;Nova;ks\n", filename="x.csv")
    imports.run_import_job(job.pk)
    make_item(sku="NOVA")  # someone added it by hand after the check
    started = imports.import_job_commit(actor=None, job=ImportJob.objects.get(pk=job.pk))
    imports.run_import_job(started.pk)
    started.refresh_from_db()
    assert started.status == ImportJob.Status.FAILED
    assert started.errors == ["Row 2, column sku: The SKU NOVA is already used."]
    assert Item.objects.count() == 1


def test_missing_columns_fail_the_job_with_a_clear_message():
    job = imports.import_job_start(actor=None, kind="items", raw=b"sku;nazev\nA;B\n", filename="x.csv")
    imports.run_import_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "unit" in " ".join(job.errors)


def test_the_import_job_api_checks_reports_and_commits(api_for, django_capture_on_commit_callbacks):
    api = api_for(BACK_OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(
            "/api/v1/supplies/imports/items/jobs",
            {"file": SimpleUploadedFile("i.csv", b"sku,name,unit\nPERO,Pero,ks\n")},
        )
    assert started.status_code == 202 and started.json()["status"] == "queued"  # it runs after the request
    job_id = started.json()["id"]
    polled = api.get(f"/api/v1/supplies/imports/jobs/{job_id}").json()
    assert polled["status"] == "checked" and polled["percent"] == 100 and polled["total_rows"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        committed = api.post(f"/api/v1/supplies/imports/jobs/{job_id}/commit")
    assert committed.status_code == 202 and Item.objects.count() == 1
    assert api.get(f"/api/v1/supplies/imports/jobs/{committed.json()['id']}").json()["status"] == "done"
    assert api.post(f"/api/v1/supplies/imports/jobs/{job_id}/commit").status_code == 409
    assert api_for(EMPLOYEE).get(f"/api/v1/supplies/imports/jobs/{job_id}").status_code == 403


def test_the_api_imports_a_file_and_refuses_an_employee(api_for):
    raw = b"sku,name,unit\nPERO,Pero,ks\n"
    response = api_for(BACK_OFFICE).post(
        "/api/v1/supplies/imports/items?commit=true", {"file": SimpleUploadedFile("i.csv", raw)}
    )
    assert response.status_code == 200 and response.json()["created"] == 1
    denied = api_for(EMPLOYEE).post("/api/v1/supplies/imports/items", {"file": SimpleUploadedFile("i.csv", raw)})
    assert denied.status_code == 403


def test_export_csv_for_czech_excel_and_xlsx(client):
    make_item(sku="PAP-A4", name="Papír A4", unit=unit("ris"))
    client.force_login(make_user(EMPLOYEE))
    csv_text = client.get("/supplies/export/items.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[1] == "PAP-A4;Papír A4;Papír;ris;"
    book = load_workbook(io.BytesIO(client.get("/supplies/export/items.xlsx").content))
    assert [c.value for c in book.active[2]][:2] == ["PAP-A4", "Papír A4"]


def test_uploads_checked_but_never_imported_are_discarded_after_a_day():
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    checked = imports.import_job_start(actor=None, kind="items", raw=b"sku;name;unit\nA;A;ks\n", filename="a.csv")
    imports.run_import_job(checked.pk)
    fresh = imports.import_job_start(actor=None, kind="items", raw=b"sku;name;unit\nB;B;ks\n", filename="b.csv")
    imports.run_import_job(fresh.pk)
    checked.refresh_from_db(), fresh.refresh_from_db()
    ImportJob.objects.filter(pk=checked.pk).update(finished_at=timezone.now() - timedelta(days=2))
    stored = checked.file

    assert imports.discard_stale_uploads() == 1
    assert not default_storage.exists(stored) and default_storage.exists(fresh.file)
    checked.refresh_from_db()
    assert checked.file == "" and checked.status == ImportJob.Status.CHECKED  # the record stays as history
    with pytest.raises(Conflict, match="no longer available"):
        imports.import_job_commit(actor=None, job=checked)
    assert imports.discard_stale_uploads() == 0


def test_an_upload_a_running_import_still_reads_is_kept():
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    checked = imports.import_job_start(actor=None, kind="items", raw=b"sku;name;unit\nA;A;ks\n", filename="a.csv")
    imports.run_import_job(checked.pk)
    imports.import_job_commit(actor=None, job=ImportJob.objects.get(pk=checked.pk))  # queued, shares the file
    ImportJob.objects.filter(pk=checked.pk).update(finished_at=timezone.now() - timedelta(days=2))
    assert imports.discard_stale_uploads() == 0
    assert default_storage.exists(ImportJob.objects.get(pk=checked.pk).file)
