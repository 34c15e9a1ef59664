from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.meetings.models import AttendanceStatus
from chibo.portal.models import ANSWER_MAX, TEXT_MAX, Field, RequestState


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=_("What is wrong"), choices=Field.choices)
    text = forms.CharField(
        label=_("What is wrong and what it should be"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CloseForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Answer"),
        choices=[(RequestState.DONE, _("Corrected")), (RequestState.REJECTED, _("Rejected"))],
    )
    answer = forms.CharField(label=_("Answer to the member"), max_length=ANSWER_MAX, required=False)


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (AttendanceStatus.PRESENT, _("I will attend")),
            (AttendanceStatus.ABSENT_EXCUSED, _("Excuse me")),
        ]
    )
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)
