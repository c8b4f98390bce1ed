from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "backoffice.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        from backoffice.core.navigation import MenuEntry, add_menu_entries
        from backoffice.recruitment import contacts, demo, signals, tasks, work  # noqa: F401  (lookups, demo, jobs)

        add_menu_entries(
            MenuEntry(
                _("Positions"), "recruitment:position_list", "person-badge", "recruitment.view_position", order=50
            ),
            MenuEntry(
                _("Applications"), "recruitment:application_list", "people", "recruitment.view_application", order=51
            ),
            MenuEntry(
                _("My interviews"),
                "recruitment:interview_list",
                "chat-square-text",
                "recruitment.add_feedback",
                order=52,
            ),
        )
