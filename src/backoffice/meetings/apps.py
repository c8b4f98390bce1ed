from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "backoffice.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from backoffice.core.navigation import MenuEntry, add_menu_entries
        from backoffice.frontdesk.inbox import mail_received
        from backoffice.meetings import demo, replies, tasks, work  # noqa: F401  (demo, jobs, My work)

        mail_received.connect(replies.from_mail, dispatch_uid="meetings.replies")

        add_menu_entries(
            MenuEntry(_("My meetings"), "meetings:meeting_list", "calendar-event", None, order=60),
            MenuEntry(_("Find a time"), "meetings:find_time", "calendar-plus", "meetings.add_meeting", order=61),
            MenuEntry(_("Slot offers"), "meetings:offer_list", "calendar-check", "meetings.add_slotoffer", order=62),
            MenuEntry(_("My availability"), "meetings:availability", "clock", None, order=63),
        )
