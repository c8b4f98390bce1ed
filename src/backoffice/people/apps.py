from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "backoffice.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from backoffice.core.navigation import MenuEntry, add_menu_entries
        from backoffice.people import contacts, demo, work  # noqa: F401  (demo data, "My work" items, phone lookup)

        add_menu_entries(
            MenuEntry(_("Directory"), "people:directory", "people", order=10),
            MenuEntry(_("Absences"), "people:absence_list", "calendar-x", order=11),
            MenuEntry(_("Substitutions"), "people:substitution_list", "arrow-left-right", order=12),
            MenuEntry(_("Departments"), "people:department_list", "diagram-3", "people.view_department", order=13),
        )
