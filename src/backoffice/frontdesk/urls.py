from django.urls import path

from backoffice.frontdesk import views

app_name = "frontdesk"

urlpatterns = [
    path("", views.call_list, name="calls"),
    path("lookup/", views.caller_lookup, name="lookup"),
    path("advice/", views.transfer_advice, name="advice"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/transfer/", views.call_transfer, name="call_transfer"),
    path("calls/import/", views.cdr_import, name="cdr_import"),
    path("messages/", views.message_list, name="messages"),
    path("messages/new/", views.message_create, name="message_create"),
    path("messages/<int:pk>/", views.message_detail, name="message_detail"),
    path("messages/<int:pk>/status/", views.message_status, name="message_status"),
    path("directory/", views.phone_directory, name="directory"),
    path("inbox/", views.conversation_list, name="conversations"),
    path("inbox/<int:pk>/", views.conversation_detail, name="conversation_detail"),
    path("inbox/<int:pk>/reply/", views.conversation_reply, name="conversation_reply"),
    path("inbox/<int:pk>/change/", views.conversation_change, name="conversation_change"),
    path("inbox/attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("fax/", views.fax_list, name="faxes"),
    path("fax/new/", views.fax_create, name="fax_create"),
    path("fax/<int:pk>/", views.fax_detail, name="fax_detail"),
    path("fax/<int:pk>/document/", views.fax_document, name="fax_document"),
]
