"""Meetings jobs: reminders before meetings, and importing busy times from outside calendars."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from backoffice.core.jobs import as_job
from backoffice.meetings import feeds, services


@db_periodic_task(crontab(minute="*/5"))
@as_job("meeting-reminders")
def meeting_reminders() -> int:
    return services.send_due_reminders()


@db_periodic_task(crontab(minute="*/15"))
@as_job("calendar-feeds")
def calendar_feeds_sync() -> int:
    return feeds.sync_all()
