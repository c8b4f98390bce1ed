from django.urls import path

from backoffice.overview import views

app_name = "overview"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("search/", views.search, name="search"),
    path("alerts/", views.alert_list, name="alerts"),
]
