"""Front-desk jobs: remind overdue call-backs, read the mailboxes, send queued faxes."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from backoffice.core.jobs import as_job
from backoffice.frontdesk import services


@db_periodic_task(crontab(minute="*/10"))
@as_job("frontdesk-reminders")
def remind_overdue_callbacks() -> int:
    with lock_task("frontdesk-reminders"):
        return services.remind_overdue_callbacks()


@db_periodic_task(crontab(minute="*/2"))
@as_job("imap-poller")
def poll_mailboxes() -> int:
    from backoffice.frontdesk import inbox

    with lock_task("frontdesk-imap"):
        return inbox.sync_all()


@db_task(retries=0)
@as_job("fax-sender")
def send_faxes() -> int:
    from backoffice.frontdesk import fax

    return fax.send_due()


@db_periodic_task(crontab(minute="*"))
@as_job("fax-sender")
def send_faxes_periodically() -> int:
    from backoffice.frontdesk import fax

    return fax.send_due()
