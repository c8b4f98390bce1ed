"""Who is acting right now: set by web requests, CLI commands and jobs, read by the audit trail."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class Actor:
    user: AbstractBaseUser | None
    label: str
    request_id: str = ""


SYSTEM = Actor(user=None, label="system")
_current: contextvars.ContextVar[Actor] = contextvars.ContextVar("backoffice_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def set_actor(actor: Actor) -> None:
    """For code that learns the user mid-request (API tokens); the request's acting_as() undoes it."""
    _current.set(actor)


def user_actor(user: AbstractBaseUser, request_id: str = "") -> Actor:
    return Actor(user=user, label=user.get_username(), request_id=request_id)


def job_actor(job_name: str) -> Actor:
    return Actor(user=None, label=f"system:{job_name}")
