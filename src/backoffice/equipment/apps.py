from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    name = "backoffice.equipment"
    label = "equipment"
    verbose_name = _("Equipment")

    def ready(self) -> None:
        from backoffice.core.navigation import MenuEntry, add_menu_entries
        from backoffice.equipment import contacts, demo, tasks, work  # noqa: F401  (phone lookup, demo, jobs, My work)

        add_menu_entries(
            MenuEntry(_("Equipment"), "equipment:asset_list", "printer", "equipment.view_asset", order=40),
            MenuEntry(_("Repairs"), "equipment:request_list", "tools", order=41),
            MenuEntry(
                _("Maintenance plans"),
                "equipment:plan_list",
                "calendar-check",
                "equipment.view_maintenanceplan",
                order=42,
            ),
            MenuEntry(
                _("Equipment reports"), "equipment:reports", "graph-up", "equipment.view_maintenancerequest", order=43
            ),
        )
