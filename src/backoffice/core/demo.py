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


FOUNDATION = "people"  # every other module's demo builds on its employees and logins


def module_of(func: Callable) -> str:
    """The module a step belongs to: "backoffice.supplies.demo" -> "supplies"."""
    return func.__module__.split(".")[1]


def modules() -> list[str]:
    """The modules that have a demo step, in the order they run."""
    return [module_of(func) for func in steps()]


def steps(only: list[str] | None = None) -> list[Callable]:
    """The steps in order; with `only`, those modules' steps and the foundation's (unknown names are refused)."""
    ordered = [func for _, func in sorted(_steps, key=lambda pair: pair[0])]
    if only is None:
        return ordered
    unknown = sorted(set(only) - {module_of(func) for func in ordered})
    if unknown:
        raise ValueError(f"no demo data for: {', '.join(unknown)}; modules with demo data: {', '.join(modules())}")
    wanted = {FOUNDATION, *only}
    return [func for func in ordered if module_of(func) in wanted]


def is_empty() -> bool:
    from django.contrib.auth import get_user_model

    return not get_user_model().objects.exists()
