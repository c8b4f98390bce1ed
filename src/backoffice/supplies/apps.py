from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliesConfig(AppConfig):
    name = "backoffice.supplies"
    label = "supplies"
    verbose_name = _("Supplies")

    def ready(self) -> None:
        from backoffice.core.navigation import MenuEntry, add_menu_entries
        from backoffice.supplies import contacts, demo, tasks, work  # noqa: F401  (phone lookup, demo, jobs, My work)

        add_menu_entries(
            MenuEntry(_("Supplies"), "supplies:item_list", "box-seam", "supplies.view_item", order=20),
            MenuEntry(
                _("Ask for supplies"), "supplies:request_list", "cart-plus", "supplies.add_supplyrequest", order=21
            ),
            MenuEntry(_("Stock"), "supplies:stock_list", "boxes", "supplies.view_stock", order=22),
            MenuEntry(
                _("What to order"), "supplies:suggestion_list", "lightbulb", "supplies.view_purchaseorder", order=23
            ),
            MenuEntry(_("Purchase orders"), "supplies:order_list", "truck", "supplies.view_purchaseorder", order=24),
            MenuEntry(_("Suppliers"), "supplies:supplier_list", "building", "supplies.view_supplier", order=25),
            MenuEntry(
                _("Stock counts"), "supplies:count_list", "clipboard-check", "supplies.view_stockcount", order=26
            ),
            MenuEntry(_("Usage and cost"), "supplies:usage", "bar-chart", "supplies.view_stock", order=27),
        )
