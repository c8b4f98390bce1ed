"""`backoffice worker`: run background jobs (outbox, reminders, polling) until stopped."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the job worker (Huey consumer: SQLite by default, Redis when REDIS_URL is set)."

    def handle(self, *args, **options):
        call_command("run_huey")
