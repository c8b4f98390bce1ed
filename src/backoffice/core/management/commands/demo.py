"""`backoffice demo [--scale small|large]`: build a believable Czech company to try the product with."""

from django.core.management.base import BaseCommand
from django.db import transaction

from backoffice.core import demo
from backoffice.core.context import acting_as, job_actor
from backoffice.core.database import optimize


class Command(BaseCommand):
    help = "Load the demo company. --scale large adds the data volumes the benchmarks use."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "large"], default="small")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when data already exists")

    def handle(self, *args, scale, if_empty, **options):
        if if_empty and not demo.is_empty():
            self.stdout.write("The database already has data; the demo company was not loaded again.")
            self._print_logins()
            return
        with acting_as(job_actor("demo")), transaction.atomic():
            for step in demo.steps():
                step(scale=scale, out=self.stdout)
        optimize()
        self.stdout.write(self.style.SUCCESS("Demo company loaded."))
        self._print_logins()

    def _print_logins(self):
        self.stdout.write("Demo logins (user / password / role):")
        for username, role in demo.LOGINS:
            self.stdout.write(f"  {username:<12} {demo.PASSWORD}   ({role})")
