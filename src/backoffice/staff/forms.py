"""Page forms. They only shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.core.files import SizeAtMost
from backoffice.equipment.models import Asset
from backoffice.people.models import Department, Employee
from backoffice.staff import files as staff_files
from backoffice.staff.choices import LeavingReason, Standing
from backoffice.staff.models import (
    Course,
    DisciplinaryRecord,
    OnboardingTemplate,
    OnboardingTemplateTask,
    TrainingSession,
)


def _current():
    return Employee.objects.filter(archived_at__isnull=True)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ServiceValidated:
    def _post_clean(self):
        """Validated by the service."""


class OnboardingStartForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("New hire"), queryset=_current())
    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=OnboardingTemplate.objects.filter(archived_at__isnull=True),
        required=False,
        help_text=_("Empty: the template that fits the department and job title."),
    )


class TaskDoneForm(forms.Form):
    asset = forms.ModelChoiceField(label=_("Asset handed over"), queryset=Asset.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = Asset.objects.filter(archived_at__isnull=True, assignee__isnull=True)


class TemplateForm(ServiceValidated, forms.ModelForm):
    class Meta:
        model = OnboardingTemplate
        fields = ["name", "department", "job_title"]


class TemplateTaskForm(ServiceValidated, forms.ModelForm):
    class Meta:
        model = OnboardingTemplateTask
        fields = ["title", "kind", "responsible", "owner", "area", "due_offset_days"]


class CourseForm(ServiceValidated, forms.ModelForm):
    class Meta:
        model = Course
        fields = ["code", "name", "kind", "provider", "validity_months", "description"]


class RequirementForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.filter(archived_at__isnull=True), required=False
    )
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)


class SessionForm(ServiceValidated, forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["course", "starts_at", "ends_at", "trainer", "external_trainer", "place", "capacity"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(archived_at__isnull=True)
        self.fields["trainer"].queryset = _current()


class EnrolForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=_current())


class CertificateForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=_current())
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.filter(archived_at__isnull=True))
    issued_on = forms.DateField(label=_("Issued"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: computed from the course's validity."),
    )
    document = forms.FileField(
        label=_("Scan (PDF, JPEG or PNG)"), required=False, validators=[SizeAtMost(staff_files.MAX_BYTES)]
    )


class MatrixFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all(), required=False)
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.filter(archived_at__isnull=True), required=False
    )
    standing = forms.ChoiceField(label=_("Standing"), choices=[("", "—"), *Standing.choices], required=False)


class DisciplineForm(ServiceValidated, forms.ModelForm):
    class Meta:
        model = DisciplinaryRecord
        fields = ["employee", "kind", "incident_date", "description", "witnesses", "employee_statement", "counts_until"]
        widgets = {"incident_date": DateInput(), "counts_until": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = _current()
        self.fields["counts_until"].help_text = _("Empty: six months after the incident.")


class EvidenceForm(forms.Form):
    document = forms.FileField(label=_("Evidence (PDF, JPEG or PNG)"), validators=[SizeAtMost(staff_files.MAX_BYTES)])


class OffboardingForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=_current())
    reason = forms.ChoiceField(label=_("Reason"), choices=LeavingReason.choices)
    notice_delivered_on = forms.DateField(label=_("Notice delivered on"), widget=DateInput(), required=False)
    last_day = forms.DateField(label=_("Last working day"), widget=DateInput())
    handover_to = forms.ModelChoiceField(
        label=_("Open work goes to"),
        queryset=_current(),
        required=False,
        help_text=_("Empty: the manager."),
    )


class ReturnForm(forms.Form):
    asset = forms.ModelChoiceField(label=_("Asset"), queryset=Asset.objects.all())
    condition = forms.CharField(label=_("Condition"), max_length=300, required=False)


class ExitInterviewForm(forms.Form):
    notes = forms.CharField(label=_("Exit interview notes"), widget=forms.Textarea(attrs={"rows": 4}))
