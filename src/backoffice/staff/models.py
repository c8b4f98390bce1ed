"""The employee lifecycle: onboarding, training and certificates, disciplinary records, offboarding."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backoffice.core.models import ArchivableModel, TimeStampedModel
from backoffice.people.choices import Area
from backoffice.staff.choices import (
    CourseKind,
    DisciplineKind,
    EnrolmentStatus,
    LeavingReason,
    OffboardingStatus,
    OnboardingStatus,
    Responsible,
    TaskKind,
)

# --- onboarding --------------------------------------------------------------------------------


class OnboardingTemplate(ArchivableModel):
    """The tasks a new hire's first weeks need, for a department or a job title (or everyone when both are empty)."""

    name = models.CharField(_("name"), max_length=150)
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("onboarding template")
        verbose_name_plural = _("onboarding templates")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class OnboardingTemplateTask(TimeStampedModel):
    template = models.ForeignKey(OnboardingTemplate, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=TaskKind.choices, default=TaskKind.OTHER)
    responsible = models.CharField(
        _("responsible"), max_length=10, choices=Responsible.choices, default=Responsible.MANAGER
    )
    owner = models.ForeignKey(
        "people.Employee",
        verbose_name=_("named colleague"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.CharField(_("duties"), max_length=16, choices=Area.choices, default=Area.STAFF)
    due_offset_days = models.IntegerField(
        _("due (days from the start date)"), default=0, validators=[MinValueValidator(-60), MaxValueValidator(365)]
    )

    class Meta:
        verbose_name = _("template task")
        verbose_name_plural = _("template tasks")
        ordering = ["due_offset_days", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(responsible=Responsible.NAMED) | Q(owner__isnull=False),
                name="template_task_named_owner",
                violation_error_message=_("Name the colleague responsible for this task."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Onboarding(TimeStampedModel):
    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("new hire"), on_delete=models.PROTECT, related_name="onboardings"
    )
    template = models.ForeignKey(
        OnboardingTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(_("start date"))
    status = models.CharField(
        _("status"), max_length=10, choices=OnboardingStatus.choices, default=OnboardingStatus.OPEN
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("onboarding")
        verbose_name_plural = _("onboardings")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(status="open"),
                name="onboarding_one_open",
                violation_error_message=_("This person's onboarding is already in progress."),
            )
        ]

    def __str__(self) -> str:
        return str(_("Onboarding of %(name)s")) % {"name": self.employee}


class OnboardingTask(TimeStampedModel):
    onboarding = models.ForeignKey(Onboarding, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=TaskKind.choices, default=TaskKind.OTHER)
    area = models.CharField(_("duties"), max_length=16, choices=Area.choices, default=Area.STAFF)
    owner = models.ForeignKey(
        "people.Employee",
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        "people.Employee",
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="onboarding_tasks",
    )
    due_date = models.DateField(_("due"))
    asset = models.ForeignKey(
        "equipment.Asset",
        verbose_name=_("asset to hand over"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("onboarding task")
        verbose_name_plural = _("onboarding tasks")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["assignee", "done_at"], name="onboarding_task_work_idx")]

    def __str__(self) -> str:
        return self.title


# --- training ----------------------------------------------------------------------------------


class Course(ArchivableModel):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=CourseKind.choices, default=CourseKind.INTERNAL)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Empty: the certificate never expires."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CourseRequirement(TimeStampedModel):
    """Who must hold a course: a department, a job title, both, or everyone when both are empty."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="requirements")
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("mandatory for")
        verbose_name_plural = _("mandatory for")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "department", "job_title"],
                name="course_requirement_unique",
                violation_error_message=_("The course is already mandatory for them."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.course.code}: {self.department or ''} {self.job_title}".strip()


class TrainingSession(TimeStampedModel):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    trainer = models.ForeignKey(
        "people.Employee",
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions_trained",
    )
    external_trainer = models.CharField(_("external trainer"), max_length=150, blank=True)
    place = models.CharField(_("place"), max_length=150)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=10, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["trainer", "starts_at"], name="session_trainer_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="session_capacity_positive",
                violation_error_message=_("The capacity must be at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.code} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def trainer_name(self) -> str:
        return self.trainer.full_name if self.trainer_id else self.external_trainer


class Enrolment(TimeStampedModel):
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="enrolments")
    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["employee__sort_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                name="enrolment_unique",
                violation_error_message=_("This person is already enrolled in the session."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} @ {self.session}"


class Certificate(TimeStampedModel):
    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="certificates")
    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("issued"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.FileField(_("scan"), upload_to="staff/certificates/%Y/", blank=True, max_length=300)
    reminded_days = models.PositiveSmallIntegerField(
        _("reminded (days before expiry)"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["employee", "course", "valid_until"], name="certificate_matrix_idx"),
            models.Index(fields=["valid_until"], name="certificate_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("issued_on")),
                name="certificate_valid_after_issue",
                violation_error_message=_("A certificate cannot expire before it is issued."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.course.code}: {self.employee}"


# --- discipline --------------------------------------------------------------------------------


class DisciplinaryRecord(TimeStampedModel):
    """HR-confidential: only HR and the employee (read-only, their own) ever see one."""

    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="disciplinary_records"
    )
    kind = models.CharField(_("type"), max_length=12, choices=DisciplineKind.choices)
    incident_date = models.DateField(_("incident date"))
    description = models.TextField(_("what happened"))
    witnesses = models.CharField(_("witnesses"), max_length=500, blank=True)
    employee_statement = models.TextField(_("the employee's statement"), blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged by the employee"), null=True, blank=True)
    counts_until = models.DateField(_("counts until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("disciplinary record")
        verbose_name_plural = _("disciplinary records")
        ordering = ["-incident_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(counts_until__isnull=True) | Q(counts_until__gte=F("incident_date")),
                name="discipline_counts_after_incident",
                violation_error_message=_("A record cannot stop counting before the incident."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.employee} ({self.incident_date})"


class DisciplinaryEvidence(TimeStampedModel):
    record = models.ForeignKey(DisciplinaryRecord, on_delete=models.CASCADE, related_name="evidence")
    name = models.CharField(_("file name"), max_length=200)
    document = models.FileField(upload_to="staff/discipline/%Y/", max_length=300)
    content_type = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


# --- offboarding -------------------------------------------------------------------------------


class Offboarding(TimeStampedModel):
    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="offboardings"
    )
    # Not "reason": core.records takes that keyword for the audit note.
    leaving_reason = models.CharField(_("reason for leaving"), max_length=12, choices=LeavingReason.choices)
    notice_delivered_on = models.DateField(_("notice delivered on"), null=True, blank=True)
    last_day = models.DateField(_("last working day"))
    handover_to = models.ForeignKey(
        "people.Employee", verbose_name=_("open work goes to"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OffboardingStatus.choices, default=OffboardingStatus.OPEN
    )
    access_revoked_at = models.DateTimeField(_("access revoked"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("open work handed over"), null=True, blank=True)
    certificate_issued_at = models.DateTimeField(_("employment certificate issued"), null=True, blank=True)
    exit_interview_at = models.DateTimeField(_("exit interview held"), null=True, blank=True)
    exit_interview_notes = models.TextField(_("exit interview notes"), blank=True)

    class Meta:
        verbose_name = _("offboarding")
        verbose_name_plural = _("offboardings")
        ordering = ["last_day", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(status="open"),
                name="offboarding_one_open",
                violation_error_message=_("This person's offboarding is already in progress."),
            ),
            models.CheckConstraint(
                condition=~Q(handover_to=F("employee")),
                name="offboarding_handover_not_self",
                violation_error_message=_("Open work must go to someone who stays."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Offboarding of %(name)s")) % {"name": self.employee}


class AssetReturn(TimeStampedModel):
    """An asset the leaver handed back: recorded once; a second return of the same asset is refused."""

    offboarding = models.ForeignKey(Offboarding, on_delete=models.PROTECT, related_name="returns")
    asset = models.ForeignKey("equipment.Asset", verbose_name=_("asset"), on_delete=models.PROTECT, related_name="+")
    returned_on = models.DateField(_("returned on"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    condition = models.CharField(_("condition"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("returned asset")
        verbose_name_plural = _("returned assets")
        ordering = ["returned_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offboarding", "asset"],
                name="asset_return_once",
                violation_error_message=_("This asset has already been returned."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset} ← {self.offboarding.employee}"
