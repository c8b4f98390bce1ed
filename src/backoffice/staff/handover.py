"""A leaver's open onboarding tasks go to their successor."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from backoffice.core.audit import record_change, snapshot
from backoffice.core.handover import provides_handover
from backoffice.core.models import AuditEntry
from backoffice.staff.choices import OnboardingStatus
from backoffice.staff.models import OnboardingTask


def _open(person):
    return OnboardingTask.objects.filter(
        assignee=person, done_at__isnull=True, onboarding__status=OnboardingStatus.OPEN
    ).select_related("onboarding__employee")


def open_items(person) -> list[str]:
    return [f"{task.title} ({task.onboarding.employee.full_name})" for task in _open(person)]


def reassign(person, to) -> int:
    moved = 0
    with transaction.atomic():
        for task in _open(person).select_for_update(of=("self",)):
            before = snapshot(task)
            task.assignee = to
            task.owner = to if task.owner_id == person.pk else task.owner
            task.save(update_fields=["assignee", "owner", "updated_at"])
            record_change(task, AuditEntry.Action.UPDATE, before=before, reason="handover")
            moved += 1
    return moved


provides_handover("staff.onboarding_tasks", label=_("Onboarding tasks"), open_items=open_items, reassign=reassign)
