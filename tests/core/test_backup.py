"""`backoffice backup` / `restore`: every record and every stored file comes back identical (SQLite and PostgreSQL);
a damaged or foreign archive changes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from backoffice.core.backup import BackupError, make_backup, restore_backup
from backoffice.core.context import acting_as, job_actor
from backoffice.core.models import Notification
from backoffice.core.notifications import notify
from backoffice.core.preferences import preference_update
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, HR
from backoffice.people.services import absence_record
from tests.builders import days, make_user

pytestmark = pytest.mark.django_db
# A restore empties tables: PostgreSQL refuses TRUNCATE inside the test's own transaction, so these commit.
round_trip = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOT_COMPARED = {ContentType, Permission}  # rebuilt by migrate; compared through the natural keys that point at them


def _plain(model, obj) -> dict:
    row = {}
    for field in model._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if field.is_relation and field.related_model in NOT_COMPARED and value is not None:
            value = (
                field.related_model.objects.get_for_id(value).natural_key()
                if field.related_model is ContentType
                else Permission.objects.get(pk=value).natural_key()
            )
        row[field.name] = value
    for field in model._meta.many_to_many:
        related = getattr(obj, field.name).all()
        row[field.name] = sorted((r.natural_key() if field.related_model in NOT_COMPARED else r.pk) for r in related)
    return row


def everything(media: Path) -> tuple[dict, dict]:
    records = {}
    for model in apps.get_models():
        if model in NOT_COMPARED or model._meta.label in {"sessions.Session", "admin.LogEntry"}:
            continue
        records[model._meta.label] = [_plain(model, obj) for obj in model._default_manager.order_by("pk")]
    files = {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media.rglob("*"))
        if p.is_file()
    }
    return records, files


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    yield settings.MEDIA_ROOT
    ContentType.objects.clear_cache()  # a restore renumbers content types; the next test's database does not


def some_of_everything():
    hr, back_office = make_user(HR), make_user(BACK_OFFICE)
    employee = make_user(EMPLOYEE, manager=hr.employee)
    preference_update(actor=employee, user=employee, language="cs")
    absence_record(actor=back_office, employee=employee.employee, kind="vacation", start_date=days(2), end_date=days(3))
    notify(recipient=hr, title="Příliš žluťoučký kůň", body="úpěl ďábelské ódy")
    with acting_as(job_actor("test")):
        default_storage.save("documents/smlouva.pdf", ContentFile(b"%PDF-1.4 fake but bytes are bytes\n" * 50))
        default_storage.save("photos/kopírka.jpg", ContentFile(bytes(range(256)) * 10))


@round_trip
def test_a_backup_restores_every_record_and_file_identically(media, tmp_path):
    some_of_everything()
    before = everything(media)
    archive = tmp_path / "backup.tar.gz"
    make_backup(archive)

    # life goes on after the backup: new records, a changed one, a lost file, a new file
    make_user(EMPLOYEE)
    Notification.objects.update(title="changed")
    (media / "documents/smlouva.pdf").unlink()
    default_storage.save("documents/later.txt", ContentFile(b"after the backup"))
    assert everything(media) != before

    restore_backup(archive)
    after = everything(media)
    assert after[1] == before[1]
    assert after[0] == before[0]
    assert sum(len(rows) for rows in before[0].values()) > 20


@round_trip
def test_the_commands_write_and_restore_and_ask_for_confirmation(media, tmp_path):
    some_of_everything()
    before = everything(media)
    archive = tmp_path / "nightly.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.is_file() and not archive.with_name("nightly.tar.gz.partial").exists()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    make_user(EMPLOYEE)
    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert everything(media) == before


def _rewrite(archive: Path, target: Path, change) -> None:
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else b""
            data, member = change(member, data)
            if member is None:
                continue
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m, d: (d.replace(b"fake", b"FAKE"), m) if m.name.endswith(".pdf") else (d, m), "damaged"),
        (lambda m, d: (d, None) if m.name == "manifest.json" else (d, m), "no manifest"),
        (
            lambda m, d: (
                (json.dumps({**json.loads(d), "migrations": ["core.9999_from_the_future"]}).encode(), m)
                if m.name == "manifest.json"
                else (d, m)
            ),
            "newer version",
        ),
    ],
    ids=["damaged file", "no manifest", "newer version"],
)
def test_a_bad_archive_is_refused_and_nothing_changes(media, tmp_path, change, message):
    some_of_everything()
    good = tmp_path / "good.tar.gz"
    make_backup(good)
    make_user(EMPLOYEE)  # the current state differs from the backup
    current = everything(media)
    bad = tmp_path / "bad.tar.gz"
    _rewrite(good, bad, change)
    with pytest.raises(BackupError, match=message):
        restore_backup(bad)
    assert everything(media) == current


def test_an_archive_with_names_escaping_the_folder_is_refused(media, tmp_path):
    some_of_everything()
    current = everything(media)
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as out:
        info = tarfile.TarInfo("../../outside.txt")
        info.size = 3
        out.addfile(info, io.BytesIO(b"bad"))
    with pytest.raises(BackupError, match="cannot be read"):
        restore_backup(evil)
    assert not (tmp_path / "outside.txt").exists()
    assert everything(media) == current


def test_not_a_tar_file_is_refused(media, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"this is not an archive")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(junk), "--yes")
