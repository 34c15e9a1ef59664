"""Questions and answers (hỏi đáp): a member asks a question to their committee; the answer can be
published as an FAQ entry to a unit's subtree.

A question is asked from a member's own account and addressed to the member's cell or one of the
units above it (by default the grassroots organisation). Staff with MANAGE on the addressed unit
answer it (the asker is notified in their inbox), publish it as an FAQ entry to a unit on that line
(its subtree reads it, under an optional edited public wording) and close it. The asker's name is
never part of the FAQ. Texts are plain text, always escaped by the templates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 5000


class QuestionState(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Question(models.Model):
    SCOPE_PATH_FIELD = "unit__path"

    asker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="questions", verbose_name=_("member")
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("addressed to"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    text = models.TextField(_("question"))
    created_at = models.DateTimeField(_("asked at"))
    state = models.CharField(
        _("state"), max_length=10, choices=QuestionState.choices, default=QuestionState.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # the FAQ entry: published to faq_unit's subtree, under the public wording when given
    faq_unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="faq_questions",
        verbose_name=_("published as FAQ to"),
    )
    faq_title = models.CharField(_("public title"), max_length=TITLE_MAX_LENGTH, blank=True)
    faq_text = models.TextField(_("public wording of the question"), blank=True)
    faq_published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    search_key = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["asker", "created_at"], name="question_asker_time_idx"),
            models.Index(fields=["unit", "state"], name="question_unit_state_idx"),
            models.Index(fields=["faq_unit"], name="question_faq_unit_idx"),
        ]

    def __str__(self) -> str:
        return self.title[:255]

    @property
    def is_published(self) -> bool:
        return self.faq_unit_id is not None

    @property
    def public_title(self) -> str:
        return self.faq_title or self.title

    @property
    def public_text(self) -> str:
        return self.faq_text or self.text
