from django.urls import path

from backoffice.people import views

app_name = "people"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.employee_create, name="employee_create"),
    path("<int:pk>/", views.employee_detail, name="employee_detail"),
    path("<int:pk>/edit/", views.employee_edit, name="employee_edit"),
    path("<int:pk>/archive/", views.employee_archive, name="employee_archive"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/new/", views.department_create, name="department_create"),
    path("absences/", views.absence_list, name="absence_list"),
    path("absences/new/", views.absence_create, name="absence_create"),
    path("absences/<int:pk>/decide/", views.absence_decide, name="absence_decide"),
    path("absences/<int:pk>/cancel/", views.absence_cancel, name="absence_cancel"),
    path("substitutions/", views.substitution_list, name="substitution_list"),
    path("substitutions/new/", views.substitution_create, name="substitution_create"),
    path("substitutions/<int:pk>/cancel/", views.substitution_cancel, name="substitution_cancel"),
]
