from django.urls import path

from backoffice.supplies import views

app_name = "supplies"

urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/archive/", views.item_archive, name="item_archive"),
    path("items/<int:pk>/offers/new/", views.offer_create, name="offer_create"),
    path("suppliers/", views.supplier_list, name="supplier_list"),
    path("suppliers/new/", views.supplier_create, name="supplier_create"),
    path("suppliers/<int:pk>/", views.supplier_detail, name="supplier_detail"),
    path("suppliers/<int:pk>/edit/", views.supplier_edit, name="supplier_edit"),
    path("stock/", views.stock_list, name="stock_list"),
    path("stock/movements/", views.movement_list, name="movement_list"),
    path("stock/movements/new/", views.movement_create, name="movement_create"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/handle/", views.request_handle, name="request_handle"),
    path("to-order/", views.suggestion_list, name="suggestion_list"),
    path("to-order/order/", views.suggestion_order, name="suggestion_order"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/pdf/", views.order_pdf_view, name="order_pdf"),
    path("orders/<int:pk>/<slug:action>/", views.order_action, name="order_action"),
    path("counts/", views.count_list, name="count_list"),
    path("counts/new/", views.count_create, name="count_create"),
    path("counts/<int:pk>/", views.count_detail, name="count_detail"),
    path("counts/<int:pk>/sheet/", views.count_sheet, name="count_sheet"),
    path("counts/<int:pk>/post/", views.count_post, name="count_post"),
    path("usage/", views.usage_page, name="usage"),
    path("import/", views.import_page, name="import"),
    path("export/<slug:kind>.<slug:fmt>", views.export_list, name="export"),
]
