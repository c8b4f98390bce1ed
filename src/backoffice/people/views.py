"""People pages: the directory, an employee's card, absences, substitutions, departments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backoffice.core.audit import history_of
from backoffice.core.pages import form_page, list_page, paginate, run_service, submitted
from backoffice.core.permissions import can
from backoffice.people import selectors, services
from backoffice.people.filters import AbsenceFilter, EmployeeFilter, SubstitutionFilter
from backoffice.people.forms import AbsenceForm, DepartmentForm, EmployeeForm, SubstitutionForm
from backoffice.people.models import Employee


@login_required
def directory(request):
    filters = EmployeeFilter(request.GET, queryset=selectors.employees_visible_to(request.user))
    page = paginate(request, filters.qs)
    rows = selectors.directory(request.user, page.object_list)
    return list_page(
        request,
        "people/directory.html",
        "people/_directory_table.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "may_add": can(request.user, "people.add_employee"),
        },
    )


@login_required
def employee_detail(request, pk: int):
    employee = get_object_or_404(selectors.employees_visible_to(request.user), pk=pk)
    may_change = can(request.user, "people.change_employee")
    tab = request.GET.get("tab", "overview")
    context = {
        "employee": employee,
        "tab": tab,
        "may_change": may_change,
        "responsible_now": selectors.responsible_for(employee),
        "absences": selectors.absences_visible_to(request.user).filter(employee=employee)[:20],
    }
    if tab == "history":
        if not may_change:
            raise PermissionDenied
        context["history"] = history_of(employee)[:200]
    return render(request, "people/employee_detail.html", context)


@login_required
def employee_create(request):
    if not can(request.user, "people.add_employee"):
        raise PermissionDenied
    form = EmployeeForm(request.POST or None)
    done = submitted(
        request,
        form,
        services.employee_create,
        then="people:employee_detail",
        success=lambda employee: _("Employee %(name)s was added.") % {"name": employee.full_name},
    )
    return done or form_page(request, form, _("New employee"))


@login_required
def employee_edit(request, pk: int):
    if not can(request.user, "people.change_employee"):
        raise PermissionDenied
    employee = get_object_or_404(selectors.employees_visible_to(request.user), pk=pk)
    form = EmployeeForm(request.POST or None, instance=employee)
    done = submitted(
        request,
        form,
        services.employee_update,
        employee=employee,
        then="people:employee_detail",
        success=_("Changes saved."),
    )
    return done or form_page(request, form, employee.full_name)


@login_required
@require_POST
def employee_archive(request, pk: int):
    employee = get_object_or_404(selectors.employees_visible_to(request.user), pk=pk)
    services.employee_archive(actor=request.user, employee=employee, reason=request.POST.get("reason", ""))
    messages.success(request, _("Employee %(name)s was archived.") % {"name": employee.full_name})
    return redirect("people:directory")


@login_required
def department_list(request):
    if not can(request.user, "people.view_department"):
        raise PermissionDenied
    rows = selectors.departments_visible_to(request.user).filter(archived_at__isnull=True)
    return render(
        request,
        "people/department_list.html",
        {
            "departments": rows,
            "may_add": can(request.user, "people.add_department"),
        },
    )


@login_required
def department_create(request):
    if not can(request.user, "people.add_department"):
        raise PermissionDenied
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        department = run_service(form, services.department_create, actor=request.user, **form.cleaned_data)
        if department is not None:
            messages.success(request, _("Department %(name)s was added.") % {"name": department.name})
            return redirect("people:department_list")
    return form_page(request, form, _("New department"))


@login_required
def absence_list(request):
    filters = AbsenceFilter(request.GET, queryset=selectors.absences_visible_to(request.user))
    page = paginate(request, filters.qs)
    me = selectors.employee_of(request.user)
    return list_page(
        request,
        "people/absence_list.html",
        "people/_absence_table.html",
        {
            "filters": filters,
            "page": page,
            "me": me,
            "decidable": {a.pk for a in page.object_list if services.may_decide(request.user, a)},
        },
    )


def _employees_for_absence(user):
    if can(user, "people.add_absence"):
        return Employee.objects.filter(archived_at__isnull=True)
    me = selectors.employee_of(user)
    return Employee.objects.filter(pk=me.pk) if me else Employee.objects.none()


@login_required
def absence_create(request):
    employees = _employees_for_absence(request.user)
    if not employees.exists():
        raise PermissionDenied
    me = selectors.employee_of(request.user)
    form = AbsenceForm(request.POST or None, employees=employees, initial={"employee": me})
    if request.method == "POST" and form.is_valid():
        absence = run_service(form, services.absence_record, actor=request.user, **form.cleaned_data)
        if absence is not None:
            messages.success(request, _("Absence saved."))
            return redirect("people:absence_list")
    return form_page(request, form, _("New absence"))


@login_required
@require_POST
def absence_decide(request, pk: int):
    absence = get_object_or_404(selectors.absences_visible_to(request.user), pk=pk)
    services.absence_decide(actor=request.user, absence=absence, approve=request.POST.get("decision") == "approve")
    messages.success(request, _("Decision saved."))
    return redirect("people:absence_list")


@login_required
@require_POST
def absence_cancel(request, pk: int):
    absence = get_object_or_404(selectors.absences_visible_to(request.user), pk=pk)
    services.absence_cancel(actor=request.user, absence=absence)
    messages.success(request, _("Absence cancelled."))
    return redirect("people:absence_list")


@login_required
def substitution_list(request):
    filters = SubstitutionFilter(request.GET, queryset=selectors.substitutions_visible_to(request.user))
    page = paginate(request, filters.qs)
    return list_page(
        request,
        "people/substitution_list.html",
        "people/_substitution_table.html",
        {
            "filters": filters,
            "page": page,
            "me": selectors.employee_of(request.user),
            "may_manage": can(request.user, "people.change_substitution"),
        },
    )


@login_required
def substitution_create(request):
    absent_choices = (
        _employees_for_absence(request.user)
        if not can(request.user, "people.add_substitution")
        else Employee.objects.filter(archived_at__isnull=True)
    )
    if not absent_choices.exists():
        raise PermissionDenied
    form = SubstitutionForm(
        request.POST or None,
        absent_choices=absent_choices,
        initial={"absent": selectors.employee_of(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        substitution = run_service(form, services.substitution_create, actor=request.user, **form.cleaned_data)
        if substitution is not None:
            messages.success(request, _("Substitution saved."))
            return redirect("people:substitution_list")
    return form_page(request, form, _("Who covers"))


@login_required
@require_POST
def substitution_cancel(request, pk: int):
    substitution = get_object_or_404(selectors.substitutions_visible_to(request.user), pk=pk)
    services.substitution_cancel(actor=request.user, substitution=substitution)
    messages.success(request, _("Substitution cancelled."))
    return redirect("people:substitution_list")
