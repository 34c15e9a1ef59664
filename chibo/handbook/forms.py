"""Forms of notices, news, comments and moderation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.core.forms import StyledForm
from chibo.handbook.models import BODY_MAX_LENGTH, COMMENT_MAX_LENGTH, CommentState, PostKind

ACCEPT = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.webp"


class PostForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text; line breaks are kept."),
    )
    pinned = forms.BooleanField(label=_("Pin on top"), required=False)
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("PDF, Word (DOCX), Excel (XLSX) or an image; at most 20 MB."),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    def service_data(self) -> dict[str, object]:
        data = dict(self.cleaned_data)
        upload = data.pop("attachment", None)
        data["files"] = [upload] if upload else []
        return data


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=_("Reason for withdrawing"), max_length=255)


class CommentForm(StyledForm):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
        help_text=_("Comments are shown to others after a moderator approves them."),
    )
    answer = forms.CharField(label=_("Answer"), required=False, max_length=10)


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(CommentState.APPROVED, _("Approve")), (CommentState.REJECTED, _("Reject"))]
    )
