"""The main menu, filtered by what the user may open. Modules add their entries here."""

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

    @property
    def url(self) -> str:
        return reverse(self.url_name)


MENU = [
    MenuEntry(_("My work"), "core:my_work", "inbox"),
    MenuEntry(_("Directory"), "people:directory", "people"),
    MenuEntry(_("Absences"), "people:absence_list", "calendar-x"),
    MenuEntry(_("Substitutions"), "people:substitution_list", "arrow-left-right"),
    MenuEntry(_("Departments"), "people:department_list", "diagram-3", "people.view_department"),
]


def menu_for(user) -> list[MenuEntry]:
    if not user.is_authenticated:
        return []
    return [entry for entry in MENU if entry.permission is None or user.has_perm(entry.permission)]
