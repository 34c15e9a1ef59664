"""Writes to accounts and role assignments."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.crypto import get_random_string

from chibo.accounts.models import RoleAssignment, User
from chibo.accounts.roles import Action, Role
from chibo.core import audit
from chibo.core.scoping import forget_grants, require
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize


@transaction.atomic
def user_create(
    *, actor: Any, username: str, password: str | None, full_name: str = "", email: str = ""
) -> User:
    """Create a sign-in account (without roles: grant them with ``role_grant``)."""
    if actor is not None and not (getattr(actor, "is_superuser", False) or _grants_anything(actor)):
        raise RuleViolation("user.create_forbidden")
    username = username.strip()
    if not username:
        raise RuleViolation("user.username_required")
    if User.objects.filter(username__iexact=username).exists():
        raise RuleViolation("user.username_taken", username=username)
    user = User(username=username, full_name=normalize(full_name), email=email.strip())
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(
        actor=actor,
        action="user.create",
        target=user,
        unit=None,
        after={"username": user.username, "full_name": user.full_name, "email": user.email},
    )
    return user


def _grants_anything(actor: Any) -> bool:
    from chibo.core.scoping import paths_for

    return bool(paths_for(actor, Action.GRANT))


@transaction.atomic
def role_grant(*, actor: Any, user: User, unit: Any, role: str) -> RoleAssignment:
    """Give ``user`` ``role`` on ``unit`` (and so on its subtree)."""
    require(actor, Action.GRANT, unit)
    if role not in Role.values:
        raise RuleViolation("role.unknown", role=role)
    if unit.dissolved_on is not None:
        raise RuleViolation("restructure.target_dissolved", dissolved_on=unit.dissolved_on)
    if RoleAssignment.objects.filter(user=user, unit=unit, role=role).exists():
        raise RuleViolation("role.already_granted", role=role)
    assignment = RoleAssignment.objects.create(
        user=user, unit=unit, role=role, granted_by=actor if getattr(actor, "pk", None) else None
    )
    forget_grants(user)
    audit.record(
        actor=actor,
        action="role.grant",
        target=assignment,
        unit=unit,
        after={"user": user.username, "role": role, "unit": unit.code},
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment) -> None:
    """Take a role back. Nobody can take away the role that lets them take roles (no lock-out)."""
    require(actor, Action.GRANT, assignment.unit)
    if getattr(actor, "pk", None) == assignment.user_id and assignment.role == Role.ORG_BOARD:
        raise RuleViolation("role.revoke_self")
    before = {"user": assignment.user.username, "role": assignment.role, "unit": assignment.unit.code}
    audit.record(actor=actor, action="role.revoke", target=assignment, unit=assignment.unit, before=before)
    assignment.delete()
    forget_grants(assignment.user)


# ── Second factor (TOTP with recovery codes) ────────────────────────────────────────────────
# PRODUCT.md (security): the organisation board and inspectors sign in with a second factor. The
# devices are django-otp's (TOTP per RFC 6238, static recovery codes); django-otp counts failures
# and slows guessing down (its throttling is committed even when the verification fails, so the
# verifying service must not roll back on a wrong code).

RECOVERY_CODES = 10
SECOND_FACTOR_ROLES = frozenset({Role.ORG_BOARD, Role.INSPECTOR})


def needs_second_factor(user: Any) -> bool:
    """True for an account that must pass a second factor: an administrator, or a holder of the
    organisation-board or inspector role anywhere (reads the per-request grants cache)."""
    from chibo.core.scoping import grants

    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(role in SECOND_FACTOR_ROLES for role, _ in grants(user))


def confirmed_totp(user: Any) -> Any:
    """The user's confirmed TOTP device, or None (a read)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def second_factor_start(*, actor: Any) -> Any:
    """Begin enrolling an authenticator app: a fresh unconfirmed TOTP device (an earlier unconfirmed
    one is replaced). Refused when a confirmed device exists (reset first)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if confirmed_totp(actor) is not None:
        raise RuleViolation("otp.already_enrolled")
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)
    audit.record(actor=actor, action="otp.start", target=actor, unit=None, after={"device": device.pk})
    return device


def _clean_token(token: str) -> str:
    return "".join(str(token or "").split()).replace("-", "").lower()


def second_factor_confirm(*, actor: Any, device: Any, token: str) -> list[str]:
    """Confirm the enrolment with a first code from the app; returns the new recovery codes (shown
    once). A wrong code is refused and counted by django-otp's throttling."""
    if device.user_id != actor.pk or device.confirmed:
        raise RuleViolation("otp.no_pending_device")
    if not device.verify_token(_clean_token(token)):  # commits its failure count itself
        raise RuleViolation("otp.wrong_code")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(actor)
        audit.record(actor=actor, action="otp.confirm", target=actor, unit=None, after={"device": device.pk})
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes: list[str] = []
    while len(codes) < RECOVERY_CODES:  # a letter in each, so a code is never taken for an app code
        code = StaticToken.random_token()
        if not code.isdigit() and code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def second_factor_verify(*, actor: Any, token: str) -> Any:
    """Check a code from the authenticator app, or one of the recovery codes (each works once).
    Returns the device that accepted it; the caller marks the session with ``django_otp.login``."""
    from django_otp import devices_for_user

    token = _clean_token(token)
    if not token:
        raise RuleViolation("otp.code_required")
    from django_otp.plugins.otp_static.models import StaticDevice

    throttled = False
    app_code = token.isdigit()  # the app shows digits; recovery codes hold letters
    for device in devices_for_user(actor, confirmed=True):
        if isinstance(device, StaticDevice) == app_code:
            continue  # a mistyped app code does not count against the recovery codes, and back
        allowed, _data = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        with transaction.atomic():
            if device.verify_token(token):  # a recovery code is deleted as it is used
                audit.record(
                    actor=actor,
                    action="otp.verify",
                    target=actor,
                    unit=None,
                    after={
                        "device": type(device).__name__,
                        "recovery": type(device).__name__ == "StaticDevice",
                    },
                )
                return device
    if throttled:
        raise RuleViolation("otp.throttled")
    raise RuleViolation("otp.wrong_code")


@transaction.atomic
def recovery_codes_renew(*, actor: Any) -> list[str]:
    """New recovery codes for the actor (the old ones stop working); shown once."""
    if confirmed_totp(actor) is None:
        raise RuleViolation("otp.not_enrolled")
    codes = _new_recovery_codes(actor)
    audit.record(
        actor=actor, action="otp.recovery_renew", target=actor, unit=None, after={"codes": len(codes)}
    )
    return codes


@transaction.atomic
def second_factor_reset(*, actor: Any, user: User) -> int:
    """The user lost their phone: remove their devices so they enrol again at the next sign-in.
    Needs the right to grant roles on every unit where the user holds a role (nobody resets their
    own factor this way, and an administrator's only through another administrator)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if getattr(actor, "pk", None) == user.pk:
        raise RuleViolation("otp.reset_self")
    if user.is_superuser and not getattr(actor, "is_superuser", False):
        raise RuleViolation("otp.reset_forbidden")
    units = [a.unit for a in user.role_assignments.select_related("unit")]
    if not units and not getattr(actor, "is_superuser", False):
        raise RuleViolation("otp.reset_forbidden")
    for unit in units:
        require(actor, Action.GRANT, unit)
    # whoever holds the lost phone with a signed-in session is signed out too (User.session_stamp)
    user.session_stamp = get_random_string(32)
    user.save(update_fields=["session_stamp"])
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        removed += devices.count()
        devices.delete()  # a static device takes its recovery codes with it
    audit.record(
        actor=actor,
        action="otp.reset",
        target=user,
        unit=units[0] if units else None,
        after={"removed": removed},
    )
    return removed


def sign_in_log_follow(*, username: str, before: str, after: str) -> None:
    """Move django-axes' open access-log entry of ``username``'s sign-in from the session hash
    ``before`` to ``after`` (the session got a new key at the second factor), so that axes finds
    it at sign-out and records the time. Bookkeeping of the sign-in log, not a domain action: no
    audit entry."""
    from axes.models import AccessLog

    AccessLog.objects.filter(username=username, session_hash=before, logout_time__isnull=True).update(
        session_hash=after
    )
