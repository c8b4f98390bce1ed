from django.urls import path

from backoffice.reports import views
from backoffice.reports.selectors import REPORTS

app_name = "reports"

urlpatterns = [path("", views.index, name="index")]
for slug in REPORTS:
    urlpatterns += [
        path(f"{slug}/", views.report, {"slug": slug}, name=slug),
        path(f"{slug}.<str:fmt>", views.export, {"slug": slug}, name=f"{slug}_export"),
    ]
