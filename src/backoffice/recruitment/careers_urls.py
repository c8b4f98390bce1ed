"""Public pages under /careers/: open positions and the application form (no login)."""

from django.urls import path

from backoffice.recruitment import careers_views

app_name = "careers"

urlpatterns = [
    path("", careers_views.position_list, name="position_list"),
    path("<int:pk>/", careers_views.position_apply, name="apply"),
    path("thanks/", careers_views.thanks, name="thanks"),
]
