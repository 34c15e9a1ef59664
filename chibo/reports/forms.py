"""Forms of the reports pages: the report's dates (GET), submission and the campaign snapshot (POST)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.core import regulations

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d")
TEXT = forms.TextInput(attrs={"class": "form-control form-control-sm"})


class StatisticsQuery(forms.Form):
    unit = forms.CharField(label=_("Unit code"), max_length=32, required=False)
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE)
    period_from = forms.DateField(label=_("Changes from"), required=False, widget=DATE)
    period_to = forms.DateField(label=_("Changes until"), required=False, widget=DATE)
    compare = forms.DateField(label=_("Compare with the date"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day = data.get("as_of") or regulations.today()
        data["as_of"] = day
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_from", _("The period must start before it ends."))
        return data


class SubmitForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), widget=DATE)
    period_from = forms.DateField(label=_("Changes from"), required=False, widget=DATE)
    period_to = forms.DateField(label=_("Changes until"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=255, required=False, widget=TEXT)


class SnapshotForm(forms.Form):
    label = forms.CharField(label=_("Campaign"), max_length=255, required=False)
