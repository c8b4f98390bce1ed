from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "backoffice.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from backoffice.core import signals  # noqa: F401  (login bookkeeping)
        from backoffice.core.database import optimize_after_migrate

        post_migrate.connect(optimize_after_migrate, sender=self)
