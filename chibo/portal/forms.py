from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.meetings.models import AttendanceStatus
from chibo.portal.models import ANSWER_MAX, TEXT_MAX, Channel, Field, RequestState
from chibo.rules import activation


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


#: The states of a member's account (chibo.rules.activation), as the secretary reads them.
ACCOUNT_STATE_LABELS = {
    activation.NONE: _("No account"),
    activation.ISSUED: _("Code issued"),
    activation.LAPSED: _("Code expired, not activated"),
    activation.ACTIVE: _("Active"),
    activation.CLOSED: _("Closed"),
}


class AccountFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Account"),
        choices=[("", _("All")), *ACCOUNT_STATE_LABELS.items()],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    q = forms.CharField(
        label=_("Name or user name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "type": "search"}),
    )


class MemberIdsField(forms.Field):
    """The ticked members of the list (record numbers; the service checks each against the scope)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        try:
            return [int(v) for v in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Choose members from the list.")) from None


class IssueForm(forms.Form):
    member = MemberIdsField(required=False)
    without_account = forms.BooleanField(label=_("All members without an account"), required=False)
    reissue = forms.BooleanField(
        label=_("New code also for members who already set a password (forgotten password)"), required=False
    )
    channel = forms.ChoiceField(choices=Channel.choices)


_BIG = "form-control form-control-lg"


class ActivateForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"class": _BIG, "autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    code = forms.CharField(
        label=_("Activation code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "class": _BIG,
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
    password = forms.CharField(
        label=_("New password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"class": _BIG, "autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"class": _BIG, "autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        return data
