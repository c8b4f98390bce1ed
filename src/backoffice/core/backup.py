"""A consistent snapshot of everything the back office holds, and bringing it back.

The archive (`.tar.gz`) holds `manifest.json` (format, time, database vendor, applied migrations, a SHA-256 of
every member), `data.jsonl` (every record, one JSON object per line, foreign keys to content types and
permissions by natural key) and `files/` (the stored files: uploads, generated documents).

Consistency: the records are read in one transaction that sees a single snapshot (REPEATABLE READ on
PostgreSQL; on SQLite the transaction holds the database lock, so writers wait for the few seconds it takes).
Files are written once and never changed in place, so copying them after the records are read captures every
file a record points to.

Restore replaces what is there: it checks the archive first (manifest, checksums, safe member names, the same
migrations), then empties the database and loads the records in one transaction, and swaps the files folder
only after the records loaded. A failed restore leaves the database and the files as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "backoffice-backup/1"
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]  # rebuilt by migrate, or transient
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be used; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


def _backed_up_models() -> list:
    excluded = {label.lower() for label in EXCLUDED}
    chosen = [
        (config, [m for m in config.get_models() if m._meta.label_lower not in excluded])
        for config in django_apps.get_app_configs()
        if config.label not in excluded
    ]
    return serializers.sort_dependencies(chosen, allow_cycles=True)


def _records():
    for model in _backed_up_models():
        yield from model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)


def _dump_records(target: Path) -> None:
    outermost = not connection.in_atomic_block  # inside a caller's transaction, that one's snapshot holds
    with transaction.atomic(), target.open("w", encoding="utf-8") as stream:
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        serializers.serialize("jsonl", _records(), stream=stream, use_natural_foreign_keys=True, cls=ExactJSONEncoder)


def make_backup(destination: Path) -> dict:
    """Write the archive to `destination`; return its manifest."""
    destination = Path(destination)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="backoffice-backup-") as work:
        records = Path(work) / "data.jsonl"
        _dump_records(records)
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        checksums = {"data.jsonl": _sha256(records)}
        for path in files:
            checksums[f"files/{path.relative_to(media).as_posix()}"] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": _applied_migrations(),
            "checksums": checksums,
        }
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            body = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(body)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(body))
            archive.add(records, arcname="data.jsonl")
            for path in files:
                archive.add(path, arcname=f"files/{path.relative_to(media).as_posix()}")
        partial.replace(destination)  # a half-written archive never carries the final name
    return manifest


def _unpack(source: Path, into: Path) -> dict:
    try:
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(into, filter="data")  # refuses absolute names, "..", links out of the folder
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"The archive cannot be read: {error}") from error
    manifest_path = into / "manifest.json"
    if not manifest_path.is_file():
        raise BackupError("The archive has no manifest.json: it is not a backoffice backup.")
    try:
        manifest = json.loads(manifest_path.read_text())
    except ValueError as error:
        raise BackupError(f"manifest.json is not valid JSON: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (expected {FORMAT}).")
    members = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {"manifest.json"}
    expected = set(manifest.get("checksums", {}))
    if members != expected:
        raise BackupError(f"The archive's contents do not match its manifest ({len(members ^ expected)} differ).")
    for name, checksum in manifest["checksums"].items():
        if _sha256(into / name) != checksum:
            raise BackupError(f"{name} is damaged (its checksum does not match).")
    return manifest


def restore_backup(source: Path) -> dict:
    """Replace the database's records and the stored files with the archive's; return its manifest."""
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backoffice-restore-", dir=media.parent) as work:
        unpacked = Path(work) / "archive"
        manifest = _unpack(Path(source), unpacked)
        missing = sorted(set(manifest["migrations"]) - set(_applied_migrations()))
        if missing:
            raise BackupError(
                "The backup was made by a newer version (migrations not applied here: "
                + ", ".join(missing[:5])
                + "). Update the software and run `backoffice migrate` first."
            )
        with transaction.atomic():
            ContentType.objects.clear_cache()
            call_command("flush", interactive=False, verbosity=0)  # then content types and permissions anew
            ContentType.objects.clear_cache()  # their ids changed: natural keys must resolve to the new rows
            call_command("loaddata", str(unpacked / "data.jsonl"), verbosity=0)
        restored = unpacked / "files"
        restored.mkdir(exist_ok=True)
        previous = Path(work) / "previous-files"
        if media.exists():
            media.rename(previous)
        shutil.move(str(restored), str(media))
    return manifest
