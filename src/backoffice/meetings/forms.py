from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.meetings.choices import WEEKDAYS, FeedKind


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class FindForm(forms.Form):
    participants = forms.ModelMultipleChoiceField(label=_("Participants"), queryset=None)
    duration = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=720, initial=60)
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)
    buffer = forms.IntegerField(
        label=_("Buffer around other meetings (minutes)"), min_value=0, max_value=240, initial=0, required=False
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = people
        self.fields["participants"].widget.attrs["size"] = 8

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The range cannot end before it starts."))
        if start and end and (end - start).days > 92:
            self.add_error("end", _("Search at most three months at a time."))
        return data


class BookForm(forms.Form):
    """What to do with the chosen slots: book one, or offer them to a guest."""

    slots = forms.MultipleChoiceField(label=_("Chosen times"), required=False, widget=forms.CheckboxSelectMultiple)
    title = forms.CharField(label=_("Title"), max_length=200)
    room = forms.CharField(label=_("Room"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), max_length=500, required=False, assume_scheme="https")
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    guest_name = forms.CharField(label=_("Guest's name"), max_length=200, required=False)
    guest_email = forms.EmailField(label=_("Guest's e-mail"), required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].choices = choices

    def chosen(self) -> list[dt.datetime]:
        # A time can be ticked twice (among the proposals and in the full list): count it once.
        return [dt.datetime.fromisoformat(value) for value in dict.fromkeys(self.cleaned_data.get("slots", []))]


class RescheduleForm(forms.Form):
    start = forms.DateTimeField(label=_("New start"), widget=DateTimeInput)
    end = forms.DateTimeField(label=_("New end"), widget=DateTimeInput)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ReplyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Reply from a calendar (.ics)"),
        help_text=_("The .ics file an attendee's calendar sent back: accepted, maybe or declined."),
    )


class HoursForm(forms.Form):
    """One span per weekday; an empty day is a day off."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day, label in WEEKDAYS:
            self.fields[f"start_{day}"] = forms.TimeField(
                label=_("%(day)s from") % {"day": label},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"end_{day}"] = forms.TimeField(
                label=_("%(day)s to") % {"day": label},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )

    def rows(self) -> list:
        return [(day, label, self[f"start_{day}"], self[f"end_{day}"]) for day, label in WEEKDAYS]

    def hours(self) -> list[tuple[int, dt.time, dt.time]]:
        spans = []
        for day, _label in WEEKDAYS:
            start, end = self.cleaned_data.get(f"start_{day}"), self.cleaned_data.get(f"end_{day}")
            if start and end:
                spans.append((day, start, end))
            elif start or end:
                self.add_error(f"end_{day}", _("Enter both times, or neither for a day off."))
        return spans


class FeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FeedKind.choices)
    url = forms.CharField(label=_("Address"), max_length=500)
    username = forms.CharField(label=_("User name"), max_length=200, required=False)
    password = forms.CharField(label=_("Password"), max_length=200, required=False, widget=forms.PasswordInput)


class PickForm(forms.Form):
    start = forms.ChoiceField(label=_("Time"), widget=forms.RadioSelect)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].choices = choices
