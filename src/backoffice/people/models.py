"""Departments, employees, their absences, and substitutions (who covers for whom)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backoffice.core.models import ArchivableModel, TimeStampedModel
from backoffice.people.choices import AbsenceKind, AbsenceStatus, Area


class Department(ArchivableModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    code = models.CharField(_("code"), max_length=20, unique=True)
    head = models.ForeignKey(
        "Employee", verbose_name=_("head"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Employee(ArchivableModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    phone_extension = models.CharField(
        _("extension"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{2,6}$", _("An extension is 2 to 6 digits."))],
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    weekly_hours = models.DecimalField(
        _("weekly working hours"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("40.0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    phone_e164 = models.CharField(max_length=20, editable=False, db_index=True, default="")
    search_text = models.CharField(max_length=400, editable=False, default="")  # searched with LIKE %word%
    sort_name = models.CharField(max_length=400, editable=False, default="")  # Czech alphabetical order

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["sort_name", "id"]
        indexes = [
            # The directory lists current staff in name order; PostgreSQL needs the partial form to use it.
            models.Index(
                fields=["sort_name", "id"], condition=Q(archived_at__isnull=True), name="employee_current_idx"
            ),
            models.Index(fields=["archived_at", "sort_name", "id"], name="employee_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="employee_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=0) & Q(weekly_hours__lte=60),
                name="employee_weekly_hours_range",
                violation_error_message=_("Weekly working hours must be between 0 and 60."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Absence(TimeStampedModel):
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="absences"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AbsenceKind.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=16, choices=AbsenceStatus.choices, default=AbsenceStatus.APPROVED)
    note = models.CharField(_("note"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["employee", "start_date", "end_date"], name="absence_span_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="absence_end_after_start",
                violation_error_message=_("An absence cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee}: {self.get_kind_display()} {self.start_date}–{self.end_date}"


class Substitution(TimeStampedModel):
    absent = models.ForeignKey(
        Employee, verbose_name=_("covered person"), on_delete=models.PROTECT, related_name="substitutions"
    )
    substitute = models.ForeignKey(
        Employee, verbose_name=_("substitute"), on_delete=models.PROTECT, related_name="covers"
    )
    area = models.CharField(_("duties"), max_length=16, choices=Area.choices, default=Area.ALL)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("substitution")
        verbose_name_plural = _("substitutions")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["absent", "start_date", "end_date"], name="substitution_span_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="substitution_end_after_start",
                violation_error_message=_("A substitution cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(absent=F("substitute")),
                name="substitution_not_self",
                violation_error_message=_("Nobody can cover for themselves."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.substitute} → {self.absent} ({self.get_area_display()})"
