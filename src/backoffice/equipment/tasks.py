"""Equipment jobs: poll the devices over SNMP, create preventive maintenance requests ahead of time."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from backoffice.core.jobs import as_job
from backoffice.equipment import polling, services


@db_periodic_task(crontab(minute="7", hour="*"))
@as_job("equipment-poll")
def poll_devices_hourly() -> dict:
    with lock_task("equipment-poll"):
        return polling.poll_everything()


@db_periodic_task(crontab(minute="30", hour="5"))
@as_job("equipment-maintenance-plans")
def create_preventive_requests_daily() -> int:
    return len(services.plans_create_due_requests(actor=None))
