"""Alerts: what every module reports as needing attention, sent to whoever is responsible today.

Once a day (tasks.alerts_daily) `alerts_refresh` collects the modules' alerts, gives each to the person responsible
for it — people.selectors.responsible_for, so a substitute receives it while the owner is away — and remembers it
per recipient in AlertState. A recipient is told in the app once, when an alert first reaches them (one
notification listing all that are new). `digest_send` then e-mails each person one digest with their alerts that
are new since the last digest, and again those still open after `DIGEST_REPEAT_DAYS` days (setting, default 7;
environment BACKOFFICE_DIGEST_REPEAT_DAYS), unless they opted out on their profile page. An alert that is dealt
with is marked resolved; if the same problem comes back it is new again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backoffice.config import env
from backoffice.core.notifications import notify
from backoffice.core.outbox import enqueue_email
from backoffice.core.preferences import preference_of, speaking_to
from backoffice.overview.models import AlertState
from backoffice.overview.registry import ALERTS, Alert
from backoffice.people.selectors import responsible_for_many

DEFAULT_REPEAT_DAYS = env("BACKOFFICE_DIGEST_REPEAT_DAYS", 7, int)
LISTED_IN_NOTIFICATION = 20


def repeat_interval() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "DIGEST_REPEAT_DAYS", DEFAULT_REPEAT_DAYS))


@dataclass(frozen=True)
class Delivery:
    alert: Alert
    recipient: AbstractBaseUser


def alerts_now(now: dt.datetime | None = None) -> dict[tuple[int, str], Delivery]:
    """Every open alert, keyed by (recipient's user id, alert key): the responsible person of each owner today."""
    now = now or timezone.now()
    alerts = [alert for source in ALERTS.values() for alert in source(now)]
    by_area: dict[str, dict[int, object]] = defaultdict(dict)
    for alert in alerts:
        for owner in alert.owners:
            by_area[alert.area][owner.pk] = owner
    responsible = {area: responsible_for_many(list(owners.values()), area, now) for area, owners in by_area.items()}
    deliveries: dict[tuple[int, str], Delivery] = {}
    for alert in alerts:
        for owner in alert.owners:
            person = responsible[alert.area][owner.pk]
            user = person.user if person.user_id else None
            if user is None or not user.is_active:
                continue
            deliveries.setdefault((user.pk, alert.key), Delivery(alert, user))
    return deliveries


@dataclass(frozen=True)
class RefreshResult:
    open: int
    new: int
    resolved: int
    notified: int


def alerts_refresh(now: dt.datetime | None = None) -> RefreshResult:
    """Record today's alerts per recipient, resolve those that are gone, tell recipients of new ones in the app."""
    now = now or timezone.now()
    current = alerts_now(now)
    with transaction.atomic():
        known = {
            (s.recipient_id, s.key): s for s in AlertState.objects.select_for_update().filter(resolved_at__isnull=True)
        }
        gone = [state.pk for pair, state in known.items() if pair not in current]
        AlertState.objects.filter(pk__in=gone).update(resolved_at=now)
        titles: dict[int, str] = {}
        new_states, still_open = [], []
        for pair, delivery in current.items():
            with speaking_to(delivery.recipient):
                title = str(delivery.alert.title())[:300]
            state = known.get(pair)
            if state is None:
                new_states.append(
                    AlertState(
                        recipient=delivery.recipient,
                        key=delivery.alert.key,
                        kind=delivery.alert.kind,
                        title=title,
                        url=delivery.alert.url,
                        first_seen_at=now,
                        last_seen_at=now,
                    )
                )
            else:
                state.title, state.url, state.last_seen_at = title, delivery.alert.url, now
                still_open.append(state)
            titles[pair] = title
        AlertState.objects.bulk_update(still_open, ["title", "url", "last_seen_at"], batch_size=500)
        AlertState.objects.bulk_create(new_states, batch_size=500)
        notified = _notify_new(current, new_states, now)
    return RefreshResult(open=len(current), new=len(new_states), resolved=len(gone), notified=notified)


def _notify_new(current: dict[tuple[int, str], Delivery], new_states: list[AlertState], now: dt.datetime) -> int:
    """One in-app notification per recipient listing what is new for them (not e-mailed: the digest does that)."""
    per_recipient: dict[int, list[AlertState]] = defaultdict(list)
    for state in new_states:
        if current[(state.recipient_id, state.key)].alert.in_app:
            per_recipient[state.recipient_id].append(state)
    for states in per_recipient.values():
        recipient = current[(states[0].recipient_id, states[0].key)].recipient
        with speaking_to(recipient):
            if len(states) == 1:
                title = states[0].title
            else:
                title = ngettext("%(n)s new alert", "%(n)s new alerts", len(states)) % {"n": len(states)}
            lines = [state.title for state in states[:LISTED_IN_NOTIFICATION]]
            if len(states) > LISTED_IN_NOTIFICATION:
                lines.append(_("… and %(n)s more") % {"n": len(states) - LISTED_IN_NOTIFICATION})
            notify(
                recipient=recipient,
                title=title,
                body="\n".join(lines) if len(states) > 1 else "",
                url=states[0].url if len(states) == 1 else reverse("overview:alerts"),
                email=False,
            )
    AlertState.objects.filter(pk__in=[s.pk for states in per_recipient.values() for s in states]).update(
        notified_at=now
    )
    return len(per_recipient)


def digest_send(now: dt.datetime | None = None) -> int:
    """One e-mail per person with the alerts due for a digest; returns how many e-mails were queued."""
    now = now or timezone.now()
    due = Q(emailed_at__isnull=True) | Q(emailed_at__lte=now - repeat_interval())
    rows = (
        AlertState.objects.filter(due, resolved_at__isnull=True)
        .select_related("recipient", "recipient__preference")
        .order_by("recipient_id", "first_seen_at", "id")
    )
    per_recipient: dict[int, list[AlertState]] = defaultdict(list)
    for state in rows:
        per_recipient[state.recipient_id].append(state)
    sent = 0
    for states in per_recipient.values():
        recipient = states[0].recipient
        if not recipient.email or not recipient.is_active or not preference_of(recipient).daily_digest:
            continue
        with transaction.atomic():
            with speaking_to(recipient):
                subject = ngettext(
                    "Daily digest: %(n)s thing needs your attention",
                    "Daily digest: %(n)s things need your attention",
                    len(states),
                ) % {"n": len(states)}
                body = render_to_string(
                    "overview/digest.txt",
                    {
                        "recipient": recipient,
                        "site": (getattr(settings, "PUBLIC_URL", "") or "").rstrip("/"),  # links in the mail
                        "alerts": states,
                        "profile_url": reverse("core:profile"),
                        "alerts_url": reverse("overview:alerts"),
                    },
                )
            enqueue_email(to=[recipient.email], subject=subject, body=body)
            AlertState.objects.filter(pk__in=[s.pk for s in states]).update(emailed_at=now)
        sent += 1
    return sent


def alerts_of(user: AbstractBaseUser) -> QuerySet[AlertState]:
    """A person sees only their own alerts."""
    if not user.is_authenticated:
        return AlertState.objects.none()
    return AlertState.objects.filter(recipient=user, resolved_at__isnull=True).order_by("-first_seen_at", "id")
