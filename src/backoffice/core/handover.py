"""Nothing is left with nobody: each module says what open work a person holds and how to pass it on.

A module registers in its own `handover.py` (found by `autodiscover_modules("handover")`); offboarding asks all
of them, after the leaver's last day, to move that work to the colleague who takes over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Handover:
    label: str  # what kind of work, in the user's words ("Repair requests")
    open_items: Callable  # (person) -> list[str]: one line per open item
    reassign: Callable  # (person, to) -> int: how many items moved


_registry: dict[str, Handover] = {}
_discovered = False


def provides_handover(key: str, *, label, open_items: Callable, reassign: Callable) -> None:
    _registry[key] = Handover(label=label, open_items=open_items, reassign=reassign)


def handovers() -> dict[str, Handover]:
    global _discovered
    if not _discovered:
        autodiscover_modules("handover")
        _discovered = True
    return dict(sorted(_registry.items()))


def open_items_of(person) -> dict[str, list[str]]:
    """Per kind of work (its label), the person's open items; kinds with none are left out."""
    found = {}
    for handover in handovers().values():
        items = list(handover.open_items(person))
        if items:
            found[str(handover.label)] = items
    return found


def reassign_all(person, to) -> dict[str, int]:
    """Move every open item of `person` to `to`, all or nothing."""
    moved = {}
    with transaction.atomic():
        for handover in handovers().values():
            count = handover.reassign(person, to)
            if count:
                moved[str(handover.label)] = count
    return moved
