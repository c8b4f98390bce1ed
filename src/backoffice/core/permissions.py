"""Deny by default: a service asks for a permission and gets an error it can show when it is missing."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from backoffice.core.errors import NotAllowed


def ensure(actor: AbstractBaseUser | None, *perms: str) -> None:
    """`actor=None` is trusted system code (a job or migration); users need every permission named."""
    if actor is None:
        return
    if not actor.is_authenticated or not actor.is_active or not actor.has_perms(perms):
        raise NotAllowed()


def can(actor: AbstractBaseUser | None, perm: str) -> bool:
    return actor is None or (actor.is_authenticated and actor.is_active and actor.has_perm(perm))
