"""Recruitment jobs: bulk intake of resumes, and every night the retention job (GDPR)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from backoffice.core.jobs import as_job
from backoffice.recruitment import services


@db_task()
@as_job("resume-intake")
def process_intake(batch_id: int) -> int:
    return services.intake_process(batch_id).processed


@db_periodic_task(crontab(minute="15", hour="2"))
@as_job("candidate-retention")
def erase_expired_candidates() -> int:
    return services.erase_expired()
