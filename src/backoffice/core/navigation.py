"""The main menu, filtered by what the user may open. Each module registers its entries when it loads."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    icon: str
    permission: str | None = None  # None: every logged-in user
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


MENU: list[MenuEntry] = [MenuEntry(_("My work"), "core:my_work", "inbox", order=0)]


def add_menu_entries(*entries: MenuEntry) -> None:
    MENU.extend(entries)
    MENU.sort(key=lambda entry: entry.order)


def menu_for(user) -> list[MenuEntry]:
    if not user.is_authenticated:
        return []
    return [entry for entry in MENU if entry.permission is None or user.has_perm(entry.permission)]
