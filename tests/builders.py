"""Test data, made through the same services production uses."""

from __future__ import annotations

import datetime as dt
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from backoffice.people import services
from backoffice.people.models import Department, Employee

_seq = itertools.count(1)
PASSWORD = "correct horse battery 42"


def make_department(name: str | None = None) -> Department:
    n = next(_seq)
    return services.department_create(actor=None, name=name or f"Oddělení {n}", code=f"D{n}")


def make_employee(**values) -> Employee:
    n = next(_seq)
    defaults = {
        "first_name": "Zkušební",
        "last_name": f"Osoba{n}",
        "email": f"osoba{n}@example.cz",
        "phone_extension": str(100 + n % 9000),
    }
    defaults.update(values)
    return services.employee_create(actor=None, **defaults)


def make_user(role: str | None, *, employee: bool = True, username: str | None = None, **employee_values):
    """A login with the given role (None: no role at all), linked to an employee record by default."""
    n = next(_seq)
    user = get_user_model().objects.create_user(
        username=username or f"user{n}", password=PASSWORD, email=f"user{n}@example.cz"
    )
    if role is not None:
        user.groups.add(Group.objects.get(name=role))
    if employee:
        make_employee(user=user, **employee_values)
    return user


def make_user_speaking(language: str, role: str | None = None, **values):
    """make_user(role, **values) whose language preference is `language`: what is sent to them is written in it."""
    from backoffice.core.preferences import preference_update

    user = make_user(role, **values)
    preference_update(actor=user, user=user, language=language)
    return user


def notification_titles(user) -> list[str]:
    """The titles of the in-app notifications `user` got, oldest first."""
    from backoffice.core.models import Notification

    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("title", flat=True))


def days(n: int) -> dt.date:
    from backoffice.people.selectors import today

    return today() + dt.timedelta(days=n)
