from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "backoffice.staff"
    label = "staff"
    verbose_name = _("Staff")

    def ready(self) -> None:
        from backoffice.core.navigation import MenuEntry, add_menu_entries
        from backoffice.staff import demo, handover, tasks, work  # noqa: F401  (demo, open work, jobs, My work)

        add_menu_entries(
            MenuEntry(_("My HR"), "staff:my_hr", "person-badge", None, order=60),
            MenuEntry(_("Onboarding"), "staff:onboarding_list", "person-plus", "staff.view_onboarding", order=61),
            MenuEntry(_("Training"), "staff:course_list", "mortarboard", "staff.view_course", order=62),
            MenuEntry(_("Training matrix"), "staff:matrix", "grid-3x3", "staff.view_certificate", order=63),
            MenuEntry(
                _("Discipline"),
                "staff:discipline_list",
                "shield-exclamation",
                "staff.view_disciplinaryrecord",
                order=64,
            ),
            MenuEntry(_("Offboarding"), "staff:offboarding_list", "person-dash", "staff.view_offboarding", order=65),
        )
