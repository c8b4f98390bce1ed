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


@dataclass(frozen=True)
class MenuGroup:
    """One module's entries; shown as a drop-down when the module offers the user more than one page."""

    label: str
    icon: str
    entries: list[MenuEntry]

    @property
    def urls(self) -> list[str]:
        return [entry.url for entry in self.entries]


def menu_for(user) -> list[MenuGroup]:
    if not user.is_authenticated:
        return []
    from django.apps import apps

    groups: dict[str, MenuGroup] = {}
    for entry in MENU:
        if entry.permission is not None and not user.has_perm(entry.permission):
            continue
        namespace = entry.url_name.split(":")[0]
        if namespace not in groups:
            label = entry.label if namespace == "core" else apps.get_app_config(namespace).verbose_name
            groups[namespace] = MenuGroup(label=label, icon=entry.icon, entries=[])
        groups[namespace].entries.append(entry)
    return list(groups.values())
