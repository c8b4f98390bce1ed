"""API shapes for staff. Out schemas name their fields: nothing leaks by accident."""

import datetime as dt

from ninja import Field, Schema

from backoffice.staff.choices import CourseKind, DisciplineKind, LeavingReason


class TaskOut(Schema):
    id: int
    title: str
    kind: str
    area: str
    assignee_id: int | None
    assignee: str = Field("", alias="assignee.full_name")
    due_date: dt.date
    asset_id: int | None
    done_at: dt.datetime | None


class OnboardingOut(Schema):
    id: int
    employee_id: int
    employee: str = Field(alias="employee.full_name")
    template_id: int | None
    start_date: dt.date
    status: str
    task_count: int = 0
    done_count: int = 0


class OnboardingDetailOut(OnboardingOut):
    tasks: list[TaskOut] = Field(alias="task_list")


class OnboardingIn(Schema):
    employee_id: int
    template_id: int | None = None


class TaskDoneIn(Schema):
    asset_id: int | None = None
    note: str = Field("", max_length=300)


class CourseOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    provider: str
    validity_months: int | None


class CourseIn(Schema):
    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=200)
    kind: CourseKind = CourseKind.INTERNAL
    provider: str = Field("", max_length=200)
    validity_months: int | None = Field(None, ge=1, le=240)
    description: str = ""


class RequirementIn(Schema):
    department_id: int | None = None
    job_title: str = Field("", max_length=120)


class RequirementOut(Schema):
    id: int
    course_id: int
    department_id: int | None
    job_title: str


class SessionOut(Schema):
    id: int
    course_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    trainer_id: int | None
    trainer: str = Field(alias="trainer_name")
    place: str
    capacity: int
    taken: int = 0
    cancelled_at: dt.datetime | None


class SessionIn(Schema):
    course_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str = Field(min_length=1, max_length=150)
    capacity: int = Field(10, ge=1, le=500)
    trainer_id: int | None = None
    external_trainer: str = Field("", max_length=150)


class EnrolIn(Schema):
    employee_id: int


class EnrolmentOut(Schema):
    id: int
    session_id: int
    employee_id: int
    status: str


class AttendanceIn(Schema):
    attended: list[int]


class CertificateOut(Schema):
    id: int
    employee_id: int
    course_id: int
    session_id: int | None
    issued_on: dt.date
    valid_until: dt.date | None
    has_scan: bool


class CertificateIn(Schema):
    employee_id: int
    course_id: int
    issued_on: dt.date
    valid_until: dt.date | None = None


class MatrixCellOut(Schema):
    course_id: int
    standing: str | None
    valid_until: dt.date | None


class MatrixRowOut(Schema):
    employee_id: int
    employee: str
    department: str
    cells: list[MatrixCellOut]


class RecordOut(Schema):
    id: int
    employee_id: int
    employee: str = Field(alias="employee.full_name")
    kind: str
    incident_date: dt.date
    description: str
    witnesses: str
    employee_statement: str
    acknowledged_at: dt.datetime | None
    counts_until: dt.date | None


class RecordIn(Schema):
    employee_id: int
    kind: DisciplineKind
    incident_date: dt.date
    description: str = Field(min_length=1)
    witnesses: str = Field("", max_length=500)
    employee_statement: str = ""
    counts_until: dt.date | None = None


class RecordPatch(Schema):
    kind: DisciplineKind | None = None
    incident_date: dt.date | None = None
    description: str | None = Field(None, min_length=1)
    witnesses: str | None = Field(None, max_length=500)
    employee_statement: str | None = None
    counts_until: dt.date | None = None


class ReturnOut(Schema):
    id: int
    asset_id: int
    returned_on: dt.date
    condition: str


class OffboardingOut(Schema):
    id: int
    employee_id: int
    employee: str = Field(alias="employee.full_name")
    reason: str = Field(alias="leaving_reason")
    notice_delivered_on: dt.date | None
    last_day: dt.date
    handover_to_id: int
    status: str
    access_revoked_at: dt.datetime | None
    handed_over_at: dt.datetime | None
    certificate_issued_at: dt.datetime | None
    exit_interview_at: dt.datetime | None


class OffboardingDetailOut(OffboardingOut):
    checklist: dict[str, bool] = Field(alias="checklist_state")
    outstanding_asset_ids: list[int]
    returns: list[ReturnOut] = Field(alias="return_list")


class OffboardingIn(Schema):
    employee_id: int
    reason: LeavingReason
    last_day: dt.date
    notice_delivered_on: dt.date | None = None
    handover_to_id: int | None = None


class ReturnIn(Schema):
    asset_id: int
    condition: str = Field("", max_length=300)


class ExitInterviewIn(Schema):
    notes: str
