"""/api/v1/people/: thin adapters over the people services and selectors."""

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from backoffice.core.errors import InvalidInput
from backoffice.core.schemas import ERRORS
from backoffice.people import selectors, services
from backoffice.people.choices import Area
from backoffice.people.filters import AbsenceFilter, EmployeeFilter, SubstitutionFilter
from backoffice.people.models import Department, Employee
from backoffice.people.schemas import (
    AbsenceIn,
    AbsenceOut,
    DecisionIn,
    DepartmentIn,
    DepartmentOut,
    DirectoryRowOut,
    EmployeeIn,
    EmployeeOut,
    EmployeePatch,
    ResponsibleOut,
    SubstitutionIn,
    SubstitutionOut,
)

router = Router(tags=["people"])


class Page(PageNumberPagination):
    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=200, **kwargs)


def _filtered(filter_class, request, queryset):
    filters = filter_class(request.GET, queryset=queryset)
    if not filters.is_valid():
        raise InvalidInput(fields={k: [str(m) for m in v] for k, v in filters.errors.items()})
    return filters.qs


def _employee(user, pk: int | None, field: str) -> Employee | None:
    """Look up a referenced employee among those the user may see; a wrong id is a field error, not a 500."""
    if pk is None:
        return None
    found = selectors.employees_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise InvalidInput(fields={field: [_("Unknown employee.")]})
    return found


def _department(user, pk: int | None) -> Department | None:
    if pk is None:
        return None
    found = selectors.departments_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise InvalidInput(fields={"department_id": [_("Unknown department.")]})
    return found


@router.get("/employees", response={200: list[EmployeeOut], **ERRORS}, summary="List employees")
@paginate(Page)
def list_employees(
    request,
    q: str = "",
    department: int | None = None,
    archived: Literal["false", "true", "all"] = "false",
    ordering: str = "",
):
    # The list shows manager_id only: no need to load every manager's record.
    rows = selectors.employees_visible_to(request.user).select_related(None).select_related("department")
    return _filtered(EmployeeFilter, request, rows)


@router.get("/employees/{employee_id}", response={200: EmployeeOut, **ERRORS})
def get_employee(request, employee_id: int):
    return get_object_or_404(selectors.employees_visible_to(request.user), pk=employee_id)


def _employee_values(request, data: dict) -> dict:
    if "department_id" in data:
        data["department"] = _department(request.user, data.pop("department_id"))
    if "manager_id" in data:
        data["manager"] = _employee(request.user, data.pop("manager_id"), "manager_id")
    return data


@router.post("/employees", response={201: EmployeeOut, **ERRORS})
def create_employee(request, payload: EmployeeIn):
    employee = services.employee_create(actor=request.user, **_employee_values(request, payload.dict()))
    return Status(201, employee)


@router.patch("/employees/{employee_id}", response={200: EmployeeOut, **ERRORS})
def update_employee(request, employee_id: int, payload: EmployeePatch):
    employee = get_object_or_404(selectors.employees_visible_to(request.user), pk=employee_id)
    changes = _employee_values(request, payload.dict(exclude_unset=True))
    return services.employee_update(actor=request.user, employee=employee, **changes)


@router.delete("/employees/{employee_id}", response={200: EmployeeOut, **ERRORS}, summary="Archive an employee")
def archive_employee(request, employee_id: int):
    employee = get_object_or_404(selectors.employees_visible_to(request.user), pk=employee_id)
    return services.employee_archive(actor=request.user, employee=employee)


@router.get("/departments", response={200: list[DepartmentOut], **ERRORS})
def list_departments(request):
    return list(selectors.departments_visible_to(request.user).filter(archived_at__isnull=True))


@router.post("/departments", response={201: DepartmentOut, **ERRORS})
def create_department(request, payload: DepartmentIn):
    head = _employee(request.user, payload.head_id, "head_id")
    return Status(201, services.department_create(actor=request.user, name=payload.name, code=payload.code, head=head))


@router.get("/absences", response={200: list[AbsenceOut], **ERRORS})
@paginate(Page)
def list_absences(request, q: str = "", kind: str = "", status: str = "", on: dt.date | None = None):
    return _filtered(AbsenceFilter, request, selectors.absences_visible_to(request.user))


@router.post("/absences", response={201: AbsenceOut, **ERRORS})
def create_absence(request, payload: AbsenceIn):
    employee = _employee(request.user, payload.employee_id, "employee_id")
    data = payload.dict(exclude={"employee_id"})
    return Status(201, services.absence_record(actor=request.user, employee=employee, **data))


@router.post("/absences/{absence_id}/decision", response={200: AbsenceOut, **ERRORS})
def decide_absence(request, absence_id: int, payload: DecisionIn):
    absence = get_object_or_404(selectors.absences_visible_to(request.user), pk=absence_id)
    return services.absence_decide(actor=request.user, absence=absence, approve=payload.approve, reason=payload.reason)


@router.post("/absences/{absence_id}/cancel", response={200: AbsenceOut, **ERRORS})
def cancel_absence(request, absence_id: int):
    absence = get_object_or_404(selectors.absences_visible_to(request.user), pk=absence_id)
    return services.absence_cancel(actor=request.user, absence=absence)


@router.get("/substitutions", response={200: list[SubstitutionOut], **ERRORS})
@paginate(Page)
def list_substitutions(request, q: str = "", area: str = "", current: bool | None = None):
    return _filtered(SubstitutionFilter, request, selectors.substitutions_visible_to(request.user))


@router.post("/substitutions", response={201: SubstitutionOut, **ERRORS})
def create_substitution(request, payload: SubstitutionIn):
    absent = _employee(request.user, payload.absent_id, "absent_id")
    substitute = _employee(request.user, payload.substitute_id, "substitute_id")
    data = payload.dict(exclude={"absent_id", "substitute_id"})
    return Status(201, services.substitution_create(actor=request.user, absent=absent, substitute=substitute, **data))


@router.post("/substitutions/{substitution_id}/cancel", response={200: SubstitutionOut, **ERRORS})
def cancel_substitution(request, substitution_id: int):
    substitution = get_object_or_404(selectors.substitutions_visible_to(request.user), pk=substitution_id)
    return services.substitution_cancel(actor=request.user, substitution=substitution)


@router.get("/directory", response={200: list[DirectoryRowOut], **ERRORS}, summary="Who is in, who is away")
@paginate(Page)
def directory(request, q: str = "", department: int | None = None, day: dt.date | None = None):
    rows = _filtered(EmployeeFilter, request, selectors.employees_visible_to(request.user))
    return _DirectoryPage(request.user, rows, day)


class _DirectoryPage:
    """Lets the paginator slice employees first, then computes in/away for just that page."""

    def __init__(self, user, employees, day):
        self.user, self.employees, self.day = user, employees, day

    def __len__(self):
        return self.employees.count()

    def __getitem__(self, window: slice):
        return [
            {
                "employee": row.employee,
                "phone_extension": row.employee.phone_extension,
                "away": row.is_away,
                "absence_kind": row.absence.kind if row.absence and row.show_reason else None,
                "away_until": row.absence.end_date if row.absence else None,
                "covered_by": row.covered_by,
            }
            for row in selectors.directory(self.user, self.employees[window], self.day)
        ]


@router.get("/responsible", response={200: ResponsibleOut, **ERRORS}, summary="Who handles this now")
def responsible(request, employee_id: int, area: Area = Area.ALL, on: dt.date | None = None):
    person = get_object_or_404(selectors.employees_visible_to(request.user), pk=employee_id)
    day = on or selectors.today()
    handler = selectors.responsible_for(person, area, day)
    return {
        "person": person,
        "area": area,
        "on": day,
        "responsible": handler,
        "covered": handler.pk != person.pk,
    }
