from django.urls import path

from backoffice.core import views

app_name = "core"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_read"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("profile/preferences/", views.preferences_save, name="preferences"),
    path("profile/second-factor/remove/", views.second_factor_remove, name="second_factor_remove"),
    path("accounts/second-factor/", views.second_factor_verify, name="second_factor_verify"),
    path("accounts/second-factor/enrol/", views.second_factor_enrol, name="second_factor_enrol"),
]
