"""Core jobs: deliver the outbox, keep SQLite's planner statistics fresh."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from backoffice.core import outbox
from backoffice.core.database import optimize
from backoffice.core.jobs import as_job


@db_task(retries=3, retry_delay=30)
@as_job("outbox")
def deliver_outbox() -> int:
    # No task lock: each message is claimed on its own, so two runs at once never send one twice.
    return outbox.deliver_due()


@db_periodic_task(crontab(minute="*"))
@as_job("outbox")
def deliver_outbox_periodically() -> int:
    return outbox.deliver_due()


@db_periodic_task(crontab(minute="17", hour="3"))
@as_job("optimize-database")
def optimize_database_nightly() -> None:
    optimize()
