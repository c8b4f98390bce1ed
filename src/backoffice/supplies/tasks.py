"""Supplies jobs: imports in the background and their clean-up. Items below their reorder point are an overview
alert (supplies.overview), told once in the app and in the daily digest, not in a second morning notice from here."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from backoffice.core.jobs import as_job


@db_task(retries=0)
@as_job("supplies-import")
def run_import(job_id: int) -> int:
    """A bulk import in the background; its ImportJob record tells the page how far it got."""
    from backoffice.supplies.imports import run_import_job

    return run_import_job(job_id).pk


@db_periodic_task(crontab(minute="15", hour="3"))
@as_job("supplies-import-cleanup")
def discard_stale_import_uploads() -> int:
    """Uploads checked but never imported (or failed) are not kept forever."""
    from backoffice.supplies.imports import discard_stale_uploads

    return discard_stale_uploads()
