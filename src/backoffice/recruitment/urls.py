from django.urls import path

from backoffice.recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("", views.position_list, name="position_list"),
    path("positions/new/", views.position_create, name="position_create"),
    path("positions/<int:pk>/", views.position_detail, name="position_detail"),
    path("positions/<int:pk>/edit/", views.position_edit, name="position_edit"),
    path("positions/<int:pk>/ranking/", views.position_ranking, name="position_ranking"),
    path("positions/<int:pk>/apply/", views.application_create, name="application_create"),
    path("positions/<int:pk>/intake/", views.intake_create, name="intake_create"),
    path("intake/<int:pk>/", views.intake_detail, name="intake_detail"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/export.csv", views.application_export, name="application_export"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/shortlist/", views.application_shortlist, name="application_shortlist"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
    path("applications/<int:pk>/note/", views.application_note, name="application_note"),
    path("applications/<int:pk>/tags/", views.application_tags, name="application_tags"),
    path("applications/<int:pk>/call/", views.application_call, name="application_call"),
    path("applications/<int:pk>/offer/<slug:action>/", views.application_offer, name="application_offer"),
    path("applications/<int:pk>/interview/", views.interview_create, name="interview_create"),
    path("applications/<int:pk>/interview-slots/", views.interview_offer, name="interview_offer"),
    path("resumes/<int:pk>/", views.resume_download, name="resume_download"),
    path("interviews/", views.interview_list, name="interview_list"),
    path("interviews/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("candidates/<int:pk>/export/", views.candidate_export, name="candidate_export"),
    path("candidates/<int:pk>/erase/", views.candidate_erase, name="candidate_erase"),
]
