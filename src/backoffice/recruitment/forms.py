"""Forms of the recruitment pages and the public careers form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.core.files import SizeAtMost
from backoffice.people.models import Employee
from backoffice.recruitment.choices import Recommendation, Source, Stage
from backoffice.recruitment.intake import MAX_FILE_BYTES
from backoffice.recruitment.models import Position


def parse_lines(text: str, keys: tuple[str, str, str]) -> list[dict]:
    """ "name; value; must" lines into dicts (the last part says whether it is a must-have)."""
    rows = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split(";")]
        if not parts[0]:
            continue
        rows.append(
            {
                keys[0]: parts[0],
                keys[1]: parts[1] if len(parts) > 1 and parts[1] else None,
                keys[2]: len(parts) > 2 and parts[2].casefold() in {"must", "!", "yes", "ano", "nutné", "nutne"},
            }
        )
    return rows


def format_lines(rows, keys: tuple[str, str, str]) -> str:
    return "\n".join(
        f"{getattr(r, keys[0])}; {getattr(r, keys[1])}{'; must' if getattr(r, keys[2]) else ''}" for r in rows
    )


class PositionForm(forms.ModelForm):
    skills_text = forms.CharField(
        label=_("Skills"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_('One per line: "skill; weight 1–10; must" (write "must" for a must-have), e.g. "Excel; 3; must".'),
    )
    languages_text = forms.CharField(
        label=_("Languages"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('One per line: "language; CEFR level; must", e.g. "English; B2".'),
    )

    class Meta:
        model = Position
        fields = [
            "title",
            "department",
            "hiring_manager",
            "status",
            "headcount",
            "location",
            "description",
            "min_years",
            "education",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["skills_text"].initial = format_lines(
                self.instance.skills.all(), ("name", "weight", "must_have")
            )
            self.fields["languages_text"].initial = format_lines(
                self.instance.languages.all(), ("language", "level", "must_have")
            )

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data["skills"] = parse_lines(data.pop("skills_text"), ("name", "weight", "must_have"))
        data["languages"] = parse_lines(data.pop("languages_text"), ("language", "level", "must_have"))
        return data


class ApplicationForm(forms.Form):
    """HR enters an application (e.g. a resume that came by post or e-mail)."""

    name = forms.CharField(
        label=_("Name"), max_length=160, required=False, help_text=_("Read from the resume when empty.")
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    resume = forms.FileField(label=_("Resume"), required=False, validators=[SizeAtMost(MAX_FILE_BYTES)])
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices, initial=Source.HR)
    consent = forms.BooleanField(label=_("The candidate agreed to the processing of their data"), required=False)


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class TagsForm(forms.Form):
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas."))


class CallForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=[("out", _("we called")), ("in", _("they called"))])
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial)


class IntakeForm(forms.Form):
    files = MultipleFileField(label=_("Resumes"), help_text=_("PDF, DOCX, ODT, TXT or images, or one zip of them."))


def _employees():
    return Employee.objects.filter(archived_at__isnull=True).order_by("last_name", "first_name")


class InterviewForm(forms.Form):
    interviewers = forms.ModelMultipleChoiceField(label=_("Interviewers"), queryset=Employee.objects.none())
    start = forms.DateTimeField(label=_("Start"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=15, max_value=480, initial=60)
    room = forms.CharField(label=_("Room"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = _employees()


class SlotOfferForm(forms.Form):
    interviewers = forms.ModelMultipleChoiceField(label=_("Interviewers"), queryset=Employee.objects.none())
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=15, max_value=480, initial=60)
    room = forms.CharField(label=_("Room"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = _employees()


class FeedbackForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, requirements: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = requirements
        for index, name in enumerate(requirements):
            self.fields[f"score_{index}"] = forms.TypedChoiceField(
                label=name, choices=[(i, str(i)) for i in range(1, 6)], coerce=int, widget=forms.RadioSelect
            )

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[f"score_{i}"] for i, name in enumerate(self.requirements)}


class CareersForm(forms.Form):
    """The public application form. `website` is a honeypot: people leave it empty, bots fill it in."""

    name = forms.CharField(label=_("Your name"), max_length=160)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    resume = forms.FileField(
        validators=[SizeAtMost(MAX_FILE_BYTES)],
        label=_("Resume"),
        help_text=_("PDF, DOCX, ODT or TXT, at most %(mb)s MB.") % {"mb": MAX_FILE_BYTES // 2**20},
    )
    consent = forms.BooleanField(label=_("I agree to the processing of my personal data for this application."))
    keep_for_future = forms.BooleanField(
        label=_("You may keep my data for future openings (up to three years)."), required=False
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, retention_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = _(
            "Your data is kept for %(days)s days after this hiring ends, then erased."
        ) % {"days": retention_days}
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
