from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.accounts.models import User
from chibo.accounts.roles import Role
from chibo.core.forms import StyledForm
from chibo.organizations.forms import UnitCodeField


class GrantForm(StyledForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitCodeField(label=_("Unit (code)"))

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No active user “%(name)s”."), code="unknown_user", params={"name": username}
            )
        return user

    def resolve_unit(self, actor: Any) -> Any:
        return self.fields["unit"].resolve(actor, self.cleaned_data["unit"])


class CodeForm(forms.Form):
    """A code from the authenticator app (6 digits) or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg",
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "none",
                "autofocus": True,
            }
        ),
    )
