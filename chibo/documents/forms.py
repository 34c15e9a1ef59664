"""Forms of the documents library and of study tracking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.accounts.roles import Action
from chibo.core.forms import StyledForm
from chibo.documents.models import NOTE_MAX_LENGTH, DocumentKind
from chibo.organizations.forms import DateInput, UnitCodeField, past_or_today


class DocumentForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Number"), max_length=50, required=False, help_text=_("e.g. 21-NQ/TW"))
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput(), validators=[past_or_today])
    issuer = forms.CharField(label=_("Issuing body"), max_length=255)
    title = forms.CharField(label=_("Title"), max_length=500)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    full_text = forms.CharField(
        label=_("Full text"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word (DOCX), Excel (XLSX) or an image; at most 20 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.webp"}),
    )


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=_("Reason for withdrawing"), max_length=255)


class AssignForm(StyledForm):
    unit = UnitCodeField(
        label=_("Unit whose members study it"),
        action=Action.MANAGE,
        help_text=_("The code of the unit: every member of its subtree is asked to study the document."),
    )
    due_on = forms.DateField(label=_("To be studied by"), widget=DateInput(), required=False)


class StudyMarkForm(StyledForm):
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *DocumentKind.choices], required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"text": data.get("q") or "", "kind": data.get("kind") or "", "year": data.get("year")}
