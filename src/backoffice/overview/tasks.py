"""Overview jobs: every morning, the day's alerts to whoever is responsible, in the app and in the e-mail digest."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from backoffice.core.jobs import as_job
from backoffice.overview import alerts


def alerts_and_digest() -> dict:
    refreshed = alerts.alerts_refresh()
    return {
        "open": refreshed.open,
        "new": refreshed.new,
        "resolved": refreshed.resolved,
        "notified": refreshed.notified,
        "digests": alerts.digest_send(),
    }


# After the modules' own morning jobs (equipment plans 5:30) so it sees their results.
@db_periodic_task(crontab(minute="45", hour="6"))
@as_job("overview-alerts")
def alerts_daily() -> dict:
    with lock_task("overview-alerts"):
        return alerts_and_digest()
