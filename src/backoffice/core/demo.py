"""Demo data: each module registers a step; `backoffice demo` runs them in order."""

from __future__ import annotations

from collections.abc import Callable

from backoffice.core import roles

PASSWORD = "demo-heslo-2026"
LOGINS = [
    ("admin", roles.ADMINISTRATOR),
    ("recepce", roles.BACK_OFFICE),
    ("spravce", roles.OFFICE_MANAGER),
    ("personalni", roles.HR),
    ("pohovory", roles.INTERVIEWER),
    ("technik", roles.TECHNICIAN),
    ("zamestnanec", roles.EMPLOYEE),
]

_steps: list[tuple[int, Callable]] = []


def demo_step(order: int):
    def register(func: Callable) -> Callable:
        _steps.append((order, func))
        return func

    return register


def steps() -> list[Callable]:
    return [func for _, func in sorted(_steps, key=lambda pair: pair[0])]


def is_empty() -> bool:
    from django.contrib.auth import get_user_model

    return not get_user_model().objects.exists()
