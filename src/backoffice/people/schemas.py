"""API shapes for people. Out schemas name their fields: nothing leaks by accident."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from backoffice.people.choices import AbsenceKind, AbsenceStatus, Area


class DepartmentOut(Schema):
    id: int
    name: str
    code: str
    head_id: int | None


class DepartmentIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    code: str = Field(min_length=1, max_length=20)
    head_id: int | None = None


class EmployeeRef(Schema):
    id: int
    full_name: str


class EmployeeOut(Schema):
    id: int
    first_name: str
    last_name: str
    full_name: str
    department_id: int | None
    department_name: str | None = Field(None, alias="department.name")
    job_title: str
    manager_id: int | None
    phone_extension: str
    phone: str
    email: str
    weekly_hours: Decimal
    start_date: dt.date | None
    end_date: dt.date | None
    archived: bool = Field(False, alias="is_archived")


class EmployeeIn(Schema):
    first_name: str = Field(min_length=1, max_length=80)
    last_name: str = Field(min_length=1, max_length=80)
    department_id: int | None = None
    job_title: str = Field("", max_length=120)
    manager_id: int | None = None
    phone_extension: str = Field("", max_length=10)
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)
    weekly_hours: Decimal = Decimal("40")
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class EmployeePatch(Schema):
    first_name: str | None = Field(None, min_length=1, max_length=80)
    last_name: str | None = Field(None, min_length=1, max_length=80)
    department_id: int | None = None
    job_title: str | None = Field(None, max_length=120)
    manager_id: int | None = None
    phone_extension: str | None = Field(None, max_length=10)
    phone: str | None = Field(None, max_length=32)
    email: str | None = Field(None, max_length=254)
    weekly_hours: Decimal | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class AbsenceOut(Schema):
    id: int
    employee: EmployeeRef
    kind: AbsenceKind
    start_date: dt.date
    end_date: dt.date
    status: AbsenceStatus
    note: str


class AbsenceIn(Schema):
    employee_id: int
    kind: AbsenceKind
    start_date: dt.date
    end_date: dt.date
    note: str = Field("", max_length=300)


class DecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=500)


class SubstitutionOut(Schema):
    id: int
    absent: EmployeeRef
    substitute: EmployeeRef
    area: Area
    start_date: dt.date
    end_date: dt.date
    note: str
    cancelled_at: dt.datetime | None


class SubstitutionIn(Schema):
    absent_id: int
    substitute_id: int
    area: Area = Area.ALL
    start_date: dt.date
    end_date: dt.date
    note: str = Field("", max_length=300)


class DirectoryRowOut(Schema):
    employee: EmployeeRef
    phone_extension: str
    away: bool
    absence_kind: AbsenceKind | None
    away_until: dt.date | None
    covered_by: EmployeeRef | None


class ResponsibleOut(Schema):
    person: EmployeeRef
    area: Area
    on: dt.date
    responsible: EmployeeRef
    covered: bool
