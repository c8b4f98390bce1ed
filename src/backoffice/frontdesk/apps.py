from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontdeskConfig(AppConfig):
    name = "backoffice.frontdesk"
    label = "frontdesk"
    verbose_name = _("Front desk")

    def ready(self) -> None:
        from backoffice.core.navigation import MenuEntry, add_menu_entries
        from backoffice.frontdesk import demo, tasks, work  # noqa: F401  (demo data, jobs, "My work" items)

        add_menu_entries(
            MenuEntry(_("Calls"), "frontdesk:calls", "telephone", "frontdesk.view_call", order=20),
            MenuEntry(_("Messages"), "frontdesk:messages", "chat-left-text", order=21),
            MenuEntry(_("Phone directory"), "frontdesk:directory", "journal-text", order=22),
            MenuEntry(
                _("Shared inbox"), "frontdesk:conversations", "envelope", "frontdesk.view_conversation", order=23
            ),
            MenuEntry(_("Fax"), "frontdesk:faxes", "printer", "frontdesk.view_fax", order=24),
            MenuEntry(_("Mailboxes"), "frontdesk:mailboxes", "mailbox", "frontdesk.view_mailbox", order=25),
            MenuEntry(_("Routing rules"), "frontdesk:rules", "signpost-split", "frontdesk.view_routingrule", order=26),
        )
