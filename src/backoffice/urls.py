from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from backoffice.api import api

urlpatterns = [
    path("", include("backoffice.core.urls")),
    path("people/", include("backoffice.people.urls")),
    path("supplies/", include("backoffice.supplies.urls")),
    path("frontdesk/", include("backoffice.frontdesk.urls")),
    path("equipment/", include("backoffice.equipment.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
