"""Staff jobs: overdue onboarding reminders, certificate expiry reminders, and leavers' last days."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from backoffice.core.jobs import as_job
from backoffice.staff import services


@db_periodic_task(crontab(minute="0", hour="7"))
@as_job("onboarding-reminders")
def remind_overdue_tasks_daily() -> int:
    return services.remind_overdue_tasks()


@db_periodic_task(crontab(minute="15", hour="7"))
@as_job("certificate-reminders")
def remind_expiring_certificates_daily() -> int:
    return services.remind_expiring_certificates()


# At the end of the last day, and again after midnight in case the evening run was missed.
@db_periodic_task(crontab(minute="30", hour="23,0"))
@as_job("offboarding")
def offboardings_due_nightly() -> int:
    return services.offboardings_due()
