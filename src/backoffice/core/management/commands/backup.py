"""`backoffice backup [PATH]`: a consistent snapshot of the records and stored files in one archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from backoffice.core.backup import make_backup


class Command(BaseCommand):
    help = "Write a consistent backup (records + stored files) to PATH (default: DATA_DIR/backups/<time>.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="where to write the .tar.gz archive")

    def handle(self, *args, path=None, **options):
        if path is None:
            folder = Path(settings.DATA_DIR) / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"backoffice-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        manifest = make_backup(Path(path))
        self.stdout.write(f"{path}: {len(manifest['checksums']) - 1} files, records from {manifest['database']}")
