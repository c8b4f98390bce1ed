from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "backoffice.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from backoffice.people import demo, work  # noqa: F401  (register demo data and "My work" items)
