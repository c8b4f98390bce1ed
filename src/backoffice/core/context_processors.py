"""What every page's frame needs: navigation for the user's roles and the unread notification count."""

from django.conf import settings

from backoffice.core.navigation import menu_for
from backoffice.core.notifications import unread_count


def shell(request):
    user = request.user
    return {
        "nav": menu_for(user),
        "unread_notifications": unread_count(user),
        "company_name": settings.COMPANY_NAME,
    }
