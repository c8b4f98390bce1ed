from django.urls import path

from backoffice.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.my_hr, name="my_hr"),
    path("onboarding/", views.onboarding_list, name="onboarding_list"),
    path("onboarding/new/", views.onboarding_start, name="onboarding_start"),
    path("onboarding/<int:pk>/", views.onboarding_detail, name="onboarding_detail"),
    path("onboarding/tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("onboarding/templates/", views.template_list, name="template_list"),
    path("onboarding/templates/new/", views.template_create, name="template_create"),
    path("onboarding/templates/<int:pk>/", views.template_detail, name="template_detail"),
    path("training/", views.course_list, name="course_list"),
    path("training/courses/new/", views.course_create, name="course_create"),
    path("training/courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("training/sessions/new/", views.session_create, name="session_create"),
    path("training/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("training/certificates/new/", views.certificate_create, name="certificate_create"),
    path("training/certificates/<int:pk>/file/", views.certificate_file, name="certificate_file"),
    path("training/matrix/", views.matrix_page, name="matrix"),
    path("training/matrix/export.<slug:fmt>", views.matrix_export, name="matrix_export"),
    path("discipline/", views.discipline_list, name="discipline_list"),
    path("discipline/new/", views.discipline_create, name="discipline_create"),
    path("discipline/<int:pk>/", views.discipline_detail, name="discipline_detail"),
    path("discipline/<int:pk>/edit/", views.discipline_edit, name="discipline_edit"),
    path("discipline/<int:pk>/letter.pdf", views.discipline_letter, name="discipline_letter"),
    path("discipline/<int:pk>/<slug:action>/", views.discipline_action, name="discipline_action"),
    path("discipline/evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("offboarding/", views.offboarding_list, name="offboarding_list"),
    path("offboarding/new/", views.offboarding_start, name="offboarding_start"),
    path("offboarding/<int:pk>/", views.offboarding_detail, name="offboarding_detail"),
    path("offboarding/<int:pk>/return/", views.offboarding_return, name="offboarding_return"),
    path(
        "offboarding/<int:pk>/employment-certificate.pdf", views.employment_certificate, name="employment_certificate"
    ),
    path("offboarding/<int:pk>/<slug:action>/", views.offboarding_action, name="offboarding_action"),
]
