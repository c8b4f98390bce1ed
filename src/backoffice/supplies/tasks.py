"""Supplies jobs: every morning, tell whoever handles supplies today what fell below its reorder point."""

from django.urls import reverse
from django.utils.translation import ngettext
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from backoffice.core.jobs import as_job
from backoffice.core.notifications import notify
from backoffice.people.choices import Area
from backoffice.people.selectors import responsible_for
from backoffice.supplies import planning, services


def notify_below_reorder_point() -> int:
    """One notification per responsible person (the office manager, or the substitute while they are away)."""
    below = planning.below_reorder_point()
    if not below:
        return 0
    names = ", ".join(s.item.name for s in below[:10])
    sent = 0
    handlers = {responsible_for(manager, Area.SUPPLIES) for manager in services.office_managers()}
    for handler in handlers:
        if handler.user is None:
            continue
        notify(
            recipient=handler.user,
            title=ngettext(
                "%(n)s item is below its reorder point", "%(n)s items are below their reorder point", len(below)
            )
            % {"n": len(below)},
            body=names,
            url=reverse("supplies:suggestion_list"),
        )
        sent += 1
    return sent


@db_periodic_task(crontab(minute="30", hour="6"))
@as_job("reorder-check")
def reorder_check_daily() -> int:
    return notify_below_reorder_point()


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
