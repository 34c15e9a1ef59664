from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.core.forms import StyledForm


class UploadForm(StyledForm):
    unit = forms.CharField(
        label=_("Unit code"),
        max_length=40,
        help_text=_("The rows may name this unit or any unit under it."),
    )
    file = forms.FileField(
        label=_("Roster file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and report the others (otherwise: all or nothing)"), required=False
    )

    def clean_unit(self) -> str:
        return self.cleaned_data["unit"].strip().upper()
