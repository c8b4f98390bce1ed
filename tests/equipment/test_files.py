"""Photos and documents of an asset: upload (page and API), download only of an asset one may see (no IDOR),
the right Content-Type / Content-Disposition / nosniff, and bad files refused with nothing left behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, TECHNICIAN
from backoffice.equipment import services
from backoffice.equipment.models import AssetFile
from tests.builders import make_user
from tests.equipment.conftest import make_asset, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db
API = "/api/v1/equipment"


def stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()]


def attach(asset, kind="document", data=None, filename="protokol.pdf", title=""):
    return services.asset_file_add(
        actor=None, asset=asset, kind=kind, filename=filename, data=data or pdf_bytes(), title=title
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_technician_uploads_a_photo_and_a_document_on_the_page_and_both_are_served_safely(client_for, media_root):
    asset = make_asset()
    client = client_for(TECHNICIAN)
    photo = client.post(
        f"/equipment/{asset.pk}/files/",
        {"kind": "photo", "title": "Štítek", "file": SimpleUploadedFile("štítek.png", png_bytes(), "image/png")},
    )
    assert photo.status_code == 302
    document = client.post(
        f"/equipment/{asset.pk}/files/",
        {"kind": "document", "file": SimpleUploadedFile("Servisní protokol.pdf", pdf_bytes(), "application/pdf")},
    )
    assert document.status_code == 302
    image, pdf = AssetFile.objects.order_by("id")
    assert (image.content_type, image.kind, image.title) == ("image/png", "photo", "Štítek")
    assert pdf.content_type == "application/pdf" and pdf.filename == "Servisní_protokol.pdf"
    assert len(stored_files(media_root)) == 2

    shown = client.get(f"/equipment/files/{image.pk}/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert body(shown) == png_bytes()

    downloaded = client.get(f"/equipment/files/{pdf.pk}/")
    assert downloaded["Content-Type"] == "application/pdf"
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert "filename*=utf-8''Servisn%C3%AD_protokol.pdf" in downloaded["Content-Disposition"]
    assert downloaded["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in downloaded["Content-Security-Policy"]
    assert body(downloaded).startswith(b"%PDF-")

    tab = client.get(f"/equipment/{asset.pk}/?tab=files").content.decode()
    assert f"/equipment/files/{image.pk}/" in tab and f"/equipment/files/{pdf.pk}/" in tab


def test_the_type_comes_from_the_bytes_not_from_the_name_or_the_browser(client_for):
    asset = make_asset()
    disguised = attach(asset, data=b"<html><script>alert(1)</script></html>", filename="faktura.pdf")
    assert disguised.content_type == "text/plain"
    response = client_for(BACK_OFFICE).get(f"/equipment/files/{disguised.pk}/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_bad_files_are_refused_by_field_and_nothing_is_left_behind(media_root, settings):
    asset = make_asset()
    cases = [
        ("photo", pdf_bytes(), "a.png", "A photo must be"),  # a PDF is no photo
        ("photo", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "broken.png", "damaged"),
        ("document", b"MZ\x90\x00" + b"\x00" * 60, "setup.pdf", "not accepted"),  # a program
        ("document", b"", "empty.pdf", "empty"),
        ("drawing", png_bytes(), "a.png", None),
    ]
    for kind, data, filename, message in cases:
        with pytest.raises(InvalidInput) as caught:
            services.asset_file_add(actor=None, asset=asset, kind=kind, filename=filename, data=data)
        field = "kind" if kind == "drawing" else "file"
        assert field in caught.value.fields, (filename, caught.value.fields)
        if message:
            assert message in caught.value.fields["file"][0]
    settings.EQUIPMENT_MAX_FILE_BYTES = 1000
    with pytest.raises(InvalidInput) as caught:
        attach(asset, data=pdf_bytes() + b" " * 2000)
    assert "larger than" in caught.value.fields["file"][0]
    with pytest.raises(NotAllowed):
        services.asset_file_add(
            actor=make_user(EMPLOYEE), asset=asset, kind="photo", filename="a.png", data=png_bytes()
        )
    assert not AssetFile.objects.exists()
    assert stored_files(media_root) == []


def test_a_refusal_after_storing_removes_the_stored_file(media_root, monkeypatch):
    """A concurrent write can still make the database refuse the row after the file was written: no orphan."""
    from backoffice.core.errors import Conflict

    asset = make_asset()

    def refused(*args, **kwargs):
        raise Conflict("someone else was faster")

    monkeypatch.setattr(services, "create_record", refused)  # fault injection: the real refusal is a race
    with pytest.raises(Conflict):
        attach(asset, kind="photo", data=png_bytes(), filename="a.png")
    assert stored_files(media_root) == []


def test_an_archived_asset_takes_no_files_and_a_removed_file_is_gone(client_for, media_root):
    asset = make_asset()
    kept = attach(asset)
    technician = client_for(TECHNICIAN)
    assert technician.post(f"/equipment/files/{kept.pk}/archive/").status_code == 302
    assert technician.get(f"/equipment/files/{kept.pk}/").status_code == 404
    services.asset_archive(actor=None, asset=asset)
    with pytest.raises(InvalidInput) as caught:
        attach(asset, kind="photo", data=png_bytes(), filename="a.png")
    assert "archived" in caught.value.fields["file"][0]
    assert len(stored_files(media_root)) == 1  # only the archived one, kept


def test_someone_sees_the_files_of_their_own_machine_and_no_other_idor(client_for, api_for):
    """An employee may see the asset assigned to them; changing the id in the URL gets nothing else."""
    owner = make_user(EMPLOYEE)
    mine, other = make_asset(assignee=owner.employee), make_asset()
    my_file, other_file = attach(mine, title="Návod"), attach(other, title="Cizí")
    client = client_for(None)
    client.force_login(owner)
    assert client.get(f"/equipment/files/{my_file.pk}/").status_code == 200
    assert client.get(f"/equipment/files/{other_file.pk}/").status_code == 404
    assert client.post(f"/equipment/files/{my_file.pk}/archive/").status_code == 403
    upload = client.post(
        f"/equipment/{mine.pk}/files/", {"kind": "photo", "file": SimpleUploadedFile("a.png", png_bytes())}
    )
    assert upload.status_code == 403

    api = api_for(owner)
    listed = api.get(f"{API}/assets/{mine.pk}/files").json()
    assert [f["title"] for f in listed] == ["Návod"]
    assert listed[0]["download_url"] == f"{API}/files/{my_file.pk}/download"
    assert api.get(f"{API}/assets/{other.pk}/files").status_code == 404
    assert api.get(f"{API}/files/{my_file.pk}/download").status_code == 200
    denied = api.get(f"{API}/files/{other_file.pk}/download")
    assert denied.status_code == 404 and "Cizí" not in denied.content.decode()
    assert api.delete(f"{API}/files/{other_file.pk}").status_code == 404
    assert client_for(None).get(f"/equipment/files/{my_file.pk}/").status_code == 302  # anonymous: to login


def test_api_upload_list_download_and_remove(api_for, media_root):
    asset = make_asset()
    api = api_for(TECHNICIAN)
    created = api.post(
        f"{API}/assets/{asset.pk}/files",
        {"kind": "photo", "title": "Celkový pohled", "file": SimpleUploadedFile("foto.png", png_bytes())},
    )
    assert created.status_code == 201, created.content
    file_id = created.json()["id"]
    assert created.json()["content_type"] == "image/png"
    downloaded = api.get(f"{API}/files/{file_id}/download")
    assert downloaded["Content-Type"] == "image/png" and downloaded["X-Content-Type-Options"] == "nosniff"
    assert b"".join(downloaded.streaming_content) == png_bytes()
    refused = api.post(
        f"{API}/assets/{asset.pk}/files", {"kind": "photo", "file": SimpleUploadedFile("x.png", b"MZ\x90\x00")}
    )
    assert refused.status_code == 422 and "file" in refused.json()["fields"]
    assert api.delete(f"{API}/files/{file_id}").status_code == 200
    assert api.get(f"{API}/assets/{asset.pk}/files").json() == []
    assert len(stored_files(media_root)) == 1


def test_the_photo_of_a_fault_report_is_served_to_who_may_see_the_report(client_for, api_for):
    reporter, stranger = make_user(EMPLOYEE), make_user(EMPLOYEE)
    asset = make_asset()
    client = client_for(None)
    client.force_login(reporter)
    sent = client.post(
        f"/equipment/{asset.pk}/report/",
        {"description": "Papír se mačká.", "photo": SimpleUploadedFile("zaseknuty.png", png_bytes(), "image/png")},
    )
    assert sent.status_code == 302
    request = asset.requests.get()
    photo = client.get(f"/equipment/requests/{request.pk}/photo/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert photo["X-Content-Type-Options"] == "nosniff"
    page = client.get(f"/equipment/requests/{request.pk}/").content.decode()
    assert f"/equipment/requests/{request.pk}/photo/" in page
    other = client_for(None)
    other.force_login(stranger)
    assert other.get(f"/equipment/requests/{request.pk}/photo/").status_code == 404
    assert api_for(stranger).get(f"{API}/requests/{request.pk}/photo").status_code == 404
    assert api_for(BACK_OFFICE).get(f"{API}/requests/{request.pk}/photo").status_code == 200
    no_photo = services.request_report(actor=reporter, asset=asset, description="Bez fotky.")
    assert client.get(f"/equipment/requests/{no_photo.pk}/photo/").status_code == 404
