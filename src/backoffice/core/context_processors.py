"""What every page's frame needs: navigation for the user's roles and the unread notification count (none of it for
a session that has not passed its second factor yet)."""

from django.conf import settings

from backoffice.core.navigation import menu_for
from backoffice.core.notifications import unread_count
from backoffice.core.second_factor import pending_step


def shell(request):
    user = request.user
    if pending_step(request) is not None:  # half signed in: no menu, nothing of the back office yet
        return {"nav": [], "unread_notifications": 0, "company_name": settings.COMPANY_NAME, "half_signed_in": True}
    return {
        "nav": menu_for(user),
        "unread_notifications": unread_count(user),
        "company_name": settings.COMPANY_NAME,
    }
