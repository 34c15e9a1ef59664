"""Forms of questions, answers and FAQ publication."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.core.forms import StyledForm
from chibo.questions.models import ANSWER_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH


class AskForm(StyledForm):
    unit = forms.TypedChoiceField(label=_("To"), coerce=int)
    # the limits are checked by the service (with its own message); the browser stops at 4× them
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH * 4)
    text = forms.CharField(
        label=_("Your question"),
        max_length=TEXT_MAX_LENGTH * 4,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text. Your name is never shown if the answer is published as an FAQ."),
    )

    def __init__(self, *args: object, units: list = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class AnswerForm(StyledForm):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=ANSWER_MAX_LENGTH * 4,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text; the asker is notified in their inbox."),
    )


class PublishForm(StyledForm):
    action = forms.ChoiceField(choices=[("publish", "publish"), ("unpublish", "unpublish")])
    unit = forms.CharField(label=_("Publish to (unit code)"), required=False, max_length=32)
    title = forms.CharField(label=_("Public title"), required=False, max_length=TITLE_MAX_LENGTH * 4)
    text = forms.CharField(
        label=_("Public wording of the question"),
        required=False,
        max_length=TEXT_MAX_LENGTH * 4,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leave empty to publish the question as asked; the asker's name is never shown."),
    )
