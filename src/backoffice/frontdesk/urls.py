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
    path("inbox/mailboxes/", views.mailbox_list, name="mailboxes"),
    path("inbox/mailboxes/new/", views.mailbox_create, name="mailbox_create"),
    path("inbox/mailboxes/<int:pk>/", views.mailbox_detail, name="mailbox_detail"),
    path("inbox/mailboxes/<int:pk>/edit/", views.mailbox_edit, name="mailbox_edit"),
    path("inbox/mailboxes/<int:pk>/active/", views.mailbox_set_active, name="mailbox_set_active"),
    path("inbox/mailboxes/<int:pk>/test/", views.mailbox_test, name="mailbox_test"),
    path("inbox/rules/", views.rule_list, name="rules"),
    path("inbox/rules/new/", views.rule_create, name="rule_create"),
    path("inbox/rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("inbox/rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("inbox/rules/<int:pk>/move/", views.rule_move, name="rule_move"),
    path("fax/", views.fax_list, name="faxes"),
    path("fax/new/", views.fax_create, name="fax_create"),
    path("fax/<int:pk>/", views.fax_detail, name="fax_detail"),
    path("fax/<int:pk>/document/", views.fax_document, name="fax_document"),
]
