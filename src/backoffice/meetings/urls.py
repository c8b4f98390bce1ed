from django.urls import path

from backoffice.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/reschedule/", views.meeting_reschedule, name="meeting_reschedule"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/replies/", views.meeting_reply_upload, name="meeting_reply_upload"),
    path("find/", views.find_time, name="find_time"),
    path("offers/", views.offer_list, name="offer_list"),
    path("offers/<int:pk>/cancel/", views.offer_cancel, name="offer_cancel"),
    path("availability/", views.availability, name="availability"),
    path("availability/feeds/<int:pk>/<str:action>/", views.feed_action, name="feed_action"),
    path("pick/<str:token>/", views.pick, name="pick"),
]
