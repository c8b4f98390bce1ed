"""Tell a person something: in the app, and by e-mail through the outbox."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from backoffice.core.models import Notification
from backoffice.core.outbox import enqueue_email
from backoffice.core.preferences import speaking_to


def notify(
    *, recipient: AbstractBaseUser, title: str, body: str = "", url: str = "", email: bool = True
) -> Notification:
    """Build `title` and `body` inside `speaking_to(recipient)` so they are in the recipient's language;
    lazy strings given here are rendered in it too."""
    with speaking_to(recipient):
        title, body = str(title), str(body)
    with transaction.atomic():
        notification = Notification.objects.create(recipient=recipient, title=title[:200], body=body, url=url)
        if email and recipient.email:
            enqueue_email(to=[recipient.email], subject=title, body=f"{body}\n\n{url}".strip())
    return notification


def unread_count(user: AbstractBaseUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user: AbstractBaseUser):
    """A user only ever sees their own notifications."""
    return Notification.objects.filter(recipient=user)


def mark_read(*, user: AbstractBaseUser, ids: list[int] | None = None) -> int:
    rows = notifications_for(user).filter(read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(id__in=ids)
    return rows.update(read_at=timezone.now())
