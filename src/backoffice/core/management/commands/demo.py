"""`backoffice demo [--scale small|large]`: build a believable Czech company to try the product with."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from backoffice.core import demo
from backoffice.core.context import acting_as, job_actor
from backoffice.core.database import optimize


class Command(BaseCommand):
    help = "Load the demo company. --scale large adds the data volumes the benchmarks use."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "large"], default="small")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when data already exists")
        parser.add_argument(
            "--only",
            metavar="MODULE,...",
            help="load only these modules' data (and the people they build on), e.g. --only supplies,equipment",
        )

    def handle(self, *args, scale, if_empty, only=None, **options):
        try:
            steps = demo.steps([name.strip() for name in only.split(",") if name.strip()] if only else None)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if if_empty and not demo.is_empty():
            self.stdout.write("The database already has data; the demo company was not loaded again.")
            self._print_logins()
            return
        with acting_as(job_actor("demo")), transaction.atomic():
            for step in steps:
                step(scale=scale, out=self.stdout)
        optimize()
        self.stdout.write(self.style.SUCCESS("Demo company loaded."))
        self._print_logins()

    def _print_logins(self):
        self.stdout.write("Demo logins (user / password / role):")
        for username, role in demo.LOGINS:
            self.stdout.write(f"  {username:<12} {demo.PASSWORD}   ({role})")
