"""Forms of cell meetings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chibo.core.forms import StyledForm
from chibo.meetings.models import Kind
from chibo.organizations.forms import DateInput

#: A meeting document: office documents, PDF or images, at most this size.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = ("pdf", "doc", "docx", "odt", "jpg", "jpeg", "png")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def aware(day: Any, at: Any) -> datetime | None:
    if day is None or at is None:
        return None
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


class MeetingForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end = forms.TimeField(label=_("Ends at"), widget=TimeInput(), required=False)
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    online = forms.BooleanField(label=_("Online"), required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item per line."),
    )
    political_task = forms.CharField(label=_("Political task"), max_length=255, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["starts_at"] = aware(data.get("day"), data.get("start"))
        data["ends_at"] = aware(data.get("day"), data.get("end"))
        if data["starts_at"] and data["ends_at"] and data["ends_at"] <= data["starts_at"]:
            self.add_error("end", _("The meeting must end after it starts."))
        return data

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("kind", "title", "starts_at", "ends_at", "place", "online", "agenda", "political_task")
        return {name: data[name] for name in names}


class MeetingEditForm(MeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlanForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    day = forms.IntegerField(
        label=_("Day of the month"), min_value=1, max_value=31, initial=5,
        help_text=_("Moved to the next working day when it is a weekend or a holiday."),
    )  # fmt: skip
    at = forms.TimeField(label=_("Time"), widget=TimeInput(), initial="14:00")


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(label=_("File (PDF, Word, image; at most 20 MB)"))

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."), code="too_large")
        if file.name.rsplit(".", 1)[-1].lower() not in DOCUMENT_EXTENSIONS:
            raise forms.ValidationError(_("Only PDF, Word or image files are accepted."), code="extension")
        return file


class MinutesForm(StyledForm):
    chair = forms.CharField(label=_("Chaired by"), max_length=150, required=False)
    recorder = forms.CharField(label=_("Written by"), max_length=150, required=False)
    opened = forms.TimeField(label=_("Opened at"), widget=TimeInput(), required=False)
    closed = forms.TimeField(label=_("Closed at"), widget=TimeInput(), required=False)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    discussion = forms.CharField(
        label=_("Discussion"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    conclusions = forms.CharField(
        label=_("Conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ResolutionForm(StyledForm):
    text = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}))
    in_favour = forms.IntegerField(label=_("In favour"), min_value=0)
    against = forms.IntegerField(label=_("Against"), min_value=0, initial=0)
    abstained = forms.IntegerField(label=_("Abstained"), min_value=0, initial=0)
    special = forms.BooleanField(
        label=_("Admission, recognition or removal (two thirds of the official members)"), required=False
    )


class CorrectionForm(StyledForm):
    text = forms.CharField(label=_("Correction"), widget=forms.Textarea(attrs={"rows": 3}))
