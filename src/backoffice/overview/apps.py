from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "backoffice.overview"
    label = "overview"
    verbose_name = _("Overview")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from backoffice.core.navigation import MenuEntry, add_menu_entries
        from backoffice.overview import folding, tasks  # noqa: F401  (jobs)

        folding.connect()
        # Each module's overview.py registers its search, Today and alert providers.
        autodiscover_modules("overview")
        add_menu_entries(MenuEntry(_("Today"), "overview:today", "sun", order=1))
