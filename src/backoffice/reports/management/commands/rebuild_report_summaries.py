"""`backoffice rebuild_report_summaries`: recount the summaries the reports read from the ledger, readings and
requests (after data was loaded past the services, or to put right a summary that disagrees with its history)."""

import time

from django.core.management.base import BaseCommand

from backoffice.equipment import monthly
from backoffice.supplies import consumption


class Command(BaseCommand):
    help = "Recount the reports' summaries (supplies consumption per day, equipment per month) from history."

    def handle(self, *args, **options):
        for name, rebuild in (("supplies consumption", consumption.rebuild), ("equipment per month", monthly.rebuild)):
            started = time.perf_counter()
            rebuild()
            self.stdout.write(f"{name}: recounted in {time.perf_counter() - started:.1f} s")
