"""Page forms. They only shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.people.models import Absence, Department, Employee, Substitution


class DateInput(forms.DateInput):
    input_type = "date"


class EmployeeForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = [
            "first_name",
            "last_name",
            "department",
            "job_title",
            "manager",
            "phone_extension",
            "phone",
            "email",
            "weekly_hours",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DateInput, "end_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(archived_at__isnull=True)
        managers = Employee.objects.filter(archived_at__isnull=True)
        if self.instance.pk:
            managers = managers.exclude(pk=self.instance.pk)
        self.fields["manager"].queryset = managers

    def _post_clean(self):
        """The service validates the record and reports problems by the field; the instance stays untouched."""


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "code", "head"]

    def _post_clean(self):
        """Validated by the service."""


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["employee", "kind", "start_date", "end_date", "note"]
        widgets = {"start_date": DateInput, "end_date": DateInput}

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees if employees is not None else Employee.objects.none()

    def _post_clean(self):
        """The model is validated by the service, not twice here."""


class SubstitutionForm(forms.ModelForm):
    class Meta:
        model = Substitution
        fields = ["absent", "substitute", "area", "start_date", "end_date", "note"]
        widgets = {"start_date": DateInput, "end_date": DateInput}
        labels = {"absent": _("Who is away")}

    def __init__(self, *args, absent_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["absent"].queryset = absent_choices if absent_choices is not None else Employee.objects.none()
        self.fields["substitute"].queryset = Employee.objects.filter(archived_at__isnull=True)

    def _post_clean(self):
        """Validated by the service."""
