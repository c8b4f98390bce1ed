from django.urls import path

from backoffice.equipment import views

app_name = "equipment"

urlpatterns = [
    path("", views.asset_list, name="asset_list"),
    path("new/", views.asset_create, name="asset_create"),
    path("discover/", views.asset_discover, name="asset_discover"),
    path("labels.pdf", views.asset_labels, name="asset_labels"),
    path("<int:pk>/", views.asset_detail, name="asset_detail"),
    path("<int:pk>/edit/", views.asset_edit, name="asset_edit"),
    path("<int:pk>/archive/", views.asset_archive, name="asset_archive"),
    path("<int:pk>/poll/", views.asset_poll, name="asset_poll"),
    path("<int:pk>/readings/", views.reading_add, name="reading_add"),
    path("<int:pk>/report/", views.fault_report, name="fault_report"),
    path("<int:pk>/files/", views.asset_file_upload, name="asset_file_upload"),
    path("files/<int:pk>/", views.asset_file_download, name="asset_file_download"),
    path("files/<int:pk>/archive/", views.asset_file_archive, name="asset_file_archive"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/photo/", views.request_photo, name="request_photo"),
    path("requests/<int:pk>/triage/", views.request_triage, name="request_triage"),
    path("requests/<int:pk>/assign/", views.request_assign, name="request_assign"),
    path("requests/<int:pk>/status/", views.request_move, name="request_move"),
    path("requests/<int:pk>/reopen/", views.request_reopen, name="request_reopen"),
    path("vendors/", views.vendor_list, name="vendor_list"),
    path("vendors/new/", views.vendor_create, name="vendor_create"),
    path("guides/", views.guide_list, name="guide_list"),
    path("guides/new/", views.guide_create, name="guide_create"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("consumables/", views.consumable_list, name="consumable_list"),
    path("consumables/new/", views.consumable_create, name="consumable_create"),
    path("reports/", views.report_page, name="reports"),
]
