from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from backoffice.api import api
from backoffice.core import views as core_views

urlpatterns = [
    path("", include("backoffice.core.urls")),
    path("people/", include("backoffice.people.urls")),
    path("supplies/", include("backoffice.supplies.urls")),
    path("frontdesk/", include("backoffice.frontdesk.urls")),
    path("equipment/", include("backoffice.equipment.urls")),
    path("meetings/", include("backoffice.meetings.urls")),
    path("recruitment/", include("backoffice.recruitment.urls")),
    path("careers/", include("backoffice.recruitment.careers_urls")),
    path("staff/", include("backoffice.staff.urls")),
    path("overview/", include("backoffice.overview.urls")),
    path("reports/", include("backoffice.reports.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler500 = "backoffice.core.unavailable.server_error"
