from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "backoffice.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from backoffice.core.navigation import MenuEntry, add_menu_entries
        from backoffice.reports.selectors import REPORTS

        # One entry per report, shown to those who may see the module's data behind it.
        add_menu_entries(
            *(
                MenuEntry(kind.title, f"reports:{kind.slug}", kind.icon, kind.permission, order=90 + n)
                for n, kind in enumerate(REPORTS.values())
            )
        )
