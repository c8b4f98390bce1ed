"""`backoffice restore PATH --yes`: replace the records and stored files with a backup's."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backoffice.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `backoffice backup`. Everything in the database and files is replaced."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .tar.gz archive")
        parser.add_argument("--yes", action="store_true", help="confirm that current data will be replaced")

    def handle(self, *args, path, yes, **options):
        if not yes:
            raise CommandError("Restoring replaces all current records and files. Run again with --yes to confirm.")
        if not Path(path).is_file():
            raise CommandError(f"No such file: {path}")
        try:
            manifest = restore_backup(Path(path))
        except BackupError as error:
            raise CommandError(f"Nothing was changed: {error}") from error
        self.stdout.write(f"Restored the backup made {manifest['created_at']} ({manifest['database']}).")
