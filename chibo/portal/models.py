"""Models of chibo.portal: a member's request to correct their record, and the one-time codes that
activate member accounts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TEXT_MIN = 10
TEXT_MAX = 1000
ANSWER_MAX = 1000
MAX_OPEN = 3  # open requests a member may have at once; more waits for the secretary's answers


class Field(models.TextChoices):
    FULL_NAME = "full_name", _("Name")
    BIRTH_DATE = "birth_date", _("Date of birth")
    DATES = "dates", _("Admission or official date")
    CARD = "card_number", _("Party card number")
    CCCD = "cccd", _("Citizen ID (CCCD)")
    UNIT = "unit", _("Unit")
    HISTORY = "history", _("History")
    BADGES = "badges", _("Badges")
    OTHER = "other", _("Something else")


class RequestState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Corrected")
    REJECTED = "rejected", _("Rejected")


class CorrectionRequest(models.Model):
    """A member says something in their record is wrong; the secretary corrects it or answers why not."""

    SCOPE_PATH_FIELD = "member__unit_path"

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="correction_requests")
    field = models.CharField(_("what is wrong"), max_length=20, choices=Field.choices)
    text = models.TextField(_("what is wrong and what it should be"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState.choices, default=RequestState.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=ANSWER_MAX, blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "state"], name="portal_corr_member_state_idx")]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_field_display()}"


class Channel(models.TextChoices):
    SLIP = "slip", _("Printed slip")
    EMAIL = "email", _("E-mail")


class ActivationCode(models.Model):
    """A one-time code with which a member sets the password of their account (first use, or a
    forgotten password). Only a keyed hash of the code is kept: the code in clear exists once, on
    the slip or in the e-mail (chibo.portal.services.accounts_issue)."""

    SCOPE_PATH_FIELD = "member__unit_path"

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="activation_codes", verbose_name=_("member")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("account")
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    channel = models.CharField(_("sent as"), max_length=10, choices=Channel.choices, default=Channel.SLIP)

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["member", "expires_at"],
                condition=models.Q(used_at__isnull=True, revoked_at__isnull=True),
                name="portal_code_pending_idx",
            ),
            models.Index(fields=["user", "created_at"], name="portal_code_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.created_at:%Y-%m-%d}"
