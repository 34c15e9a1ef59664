"""Member accounts issued in bulk with one-time activation codes, and their activation.

The organisation board or a secretary (MANAGE on the unit) issues codes for the members of a
subtree: a member without an account gets one (no password yet), and every chosen member gets a
fresh code, printed on a slip or sent by e-mail. The member types the code with a new password on
the activation page. Only a keyed hash of a code is stored; the code in clear exists in the result
of ``accounts_issue`` and nowhere else (not in the audit trail, not in a queue). Rules of the code
and of the attempt limits: ``chibo.rules.activation``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from chibo.accounts.models import RoleAssignment, User
from chibo.accounts.roles import STAFF_ROLES, Action
from chibo.core import audit
from chibo.core.scoping import require, subtree_q
from chibo.members.models import ACTIVE_Q, Member
from chibo.portal.models import ActivationCode, Channel
from chibo.rules import activation as rules
from chibo.rules.errors import RuleViolation

HASH_SALT = "chibo.portal.activation"
#: Codes issued at once at most: a cell or a grassroots organisation, not a whole province (the
#: slips of 1,000 members are 125 pages).
MAX_BATCH = 1000
#: Why a chosen member got no code.
SKIP_ACTIVATED = "activated"  # the member set a password: only a forgotten-password reissue
SKIP_CLOSED = "closed"  # the account was closed
SKIP_STAFF = "staff"  # the account holds a committee role: reset by the administrator, never by code
MAIL_SUBJECT = "Mã kích hoạt tài khoản sổ tay đảng viên"  # Vietnamese, as the letter itself


def validity_days() -> int:
    """How many days a code stays valid (setting ``CHIBO_ACTIVATION_DAYS``, default 30)."""
    return rules.check_validity_days(getattr(settings, "CHIBO_ACTIVATION_DAYS", 30))


def code_hash(user_pk: int, code: str) -> str:
    """The stored form of a code: an HMAC keyed with the secret key and bound to the account."""
    return salted_hmac(HASH_SALT, f"{user_pk}:{code}", algorithm="sha256").hexdigest()


def password_min_length() -> int:
    """The shortest password Django's validators accept (for the slip, the letter and the page)."""
    from django.contrib.auth.password_validation import get_default_password_validators

    lengths = [getattr(v, "min_length", 0) for v in get_default_password_validators()]
    return max(lengths, default=0)


def activation_link(base_url: str, username: str, code: str) -> str:
    """The link of the slip's QR code and of the e-mail: the activation page, prefilled. The user
    name and code ride in the fragment (after ``#``), which browsers never send: they stay out of
    the access logs of the server and of any proxy (the page's script fills the form from it)."""
    return f"{base_url}#{urlencode({'u': username, 'c': code})}"


@dataclass
class IssuedCode:
    """A member's new code, in clear: shown once (slip, e-mail or API answer), never stored."""

    member: Member
    username: str
    code: str  # XXXXX-XXXXX
    expires_at: datetime
    valid_through: date
    new_account: bool
    mailed: bool = False


@dataclass
class IssueResult:
    unit: Any
    channel: str
    issued: list[IssuedCode] = field(default_factory=list)
    skipped: list[tuple[Member, str]] = field(default_factory=list)  # (member, SKIP_*)

    @property
    def mailed(self) -> list[IssuedCode]:
        return [item for item in self.issued if item.mailed]

    @property
    def to_print(self) -> list[IssuedCode]:
        """The codes nobody received yet: every code of a slip batch, the unmailed ones otherwise."""
        return [item for item in self.issued if not item.mailed]


@transaction.atomic
def accounts_issue(
    *,
    actor: Any,
    unit: Any,
    member_ids: Iterable[Any] | None = None,
    reissue: bool = False,
    channel: str = Channel.SLIP,
    activate_url: str = "",
    now: datetime | None = None,
) -> IssueResult:
    """Issue activation codes to the active members of ``unit``'s subtree (or only ``member_ids``,
    each of which must be one of them). A member without an account gets one, named after the
    party card number (``rules.username_for``), without a usable password; a member whose account
    is not activated gets a fresh code (older unused codes are revoked); a member who already set
    a password only with ``reissue`` (forgotten password: the old password works until the new code
    is used). ``channel`` "email" mails the code to members with an address (``activate_url``: the
    absolute address of the activation page); the others are left for slips. One audit batch entry
    with the counts, never a code."""
    require(actor, Action.MANAGE, unit)
    if channel not in Channel.values:
        raise RuleViolation("activation.channel", channel=channel)
    now = now or timezone.now()
    result = IssueResult(unit=unit, channel=channel)
    chosen = _chosen_members(unit, member_ids)
    if len(chosen) > MAX_BATCH:
        raise RuleViolation("activation.batch_too_large", max=MAX_BATCH, count=len(chosen))
    plan = _plan(result, chosen, reissue)
    new_accounts = _create_accounts([m for m in plan if m.user_id is None])
    revoked = ActivationCode.objects.filter(
        user_id__in=[m.user_id for m in plan], used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    rows = _new_codes(result, plan, new_accounts, actor, now)
    if channel == Channel.EMAIL:
        _mail(result, rows, activate_url or reverse("portal:activate"))
    audit.record_batch(
        actor=actor,
        action="portal.accounts_issue",
        target=unit,
        unit=unit,
        counts={
            "accounts_created": len(new_accounts),
            "codes_issued": len(rows),
            "codes_revoked": revoked,
            "mailed": len(result.mailed),
            "skipped": len(result.skipped),
        },
        after={"channel": channel, "reissue": reissue, "members": [m.pk for m in plan]},
    )
    return result


def _chosen_members(unit: Any, member_ids: Iterable[Any] | None) -> list[Member]:
    """The active members of the subtree, or the chosen ones, locked, in roster order. A chosen id
    that is not a member of the subtree is refused the same way whether or not it exists."""
    members = (
        Member.objects.select_for_update(of=("self",))
        .select_related("user", "unit")
        .filter(subtree_q(unit.path, "unit_path"))
        .order_by("name_sort", "pk")
    )
    if member_ids is None:
        return list(members.filter(ACTIVE_Q))
    ids = []
    for value in member_ids:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise RuleViolation("activation.member_outside", member=str(value)[:20]) from None
    if not ids:
        raise RuleViolation("activation.none_chosen")
    found = list(members.filter(pk__in=ids))
    missing = set(ids) - {m.pk for m in found}
    if missing:
        raise RuleViolation("activation.member_outside", member=min(missing))
    for member in found:
        if not member.is_active:
            raise RuleViolation("activation.member_left", name=member.full_name)
    return found


def _plan(result: IssueResult, chosen: list[Member], reissue: bool) -> list[Member]:
    """The chosen members who get a code; the others go to ``result.skipped`` with the reason."""
    staff = _staff_user_ids([m.user_id for m in chosen if m.user_id])
    plan = []
    for member in chosen:
        reason = _skip_reason(member, staff, reissue)
        if reason:
            result.skipped.append((member, reason))
        else:
            plan.append(member)
    if not plan:
        raise RuleViolation("activation.nothing_to_issue", skipped=len(result.skipped))
    return plan


def _staff_user_ids(user_ids: list[int]) -> set[int]:
    """Accounts with a committee role: never opened with a code, so that a secretary cannot take
    over the account of someone with wider rights."""
    if not user_ids:
        return set()
    return set(
        RoleAssignment.objects.filter(user_id__in=user_ids, role__in=STAFF_ROLES).values_list(
            "user_id", flat=True
        )
    )


def _skip_reason(member: Member, staff: set[int], reissue: bool) -> str:
    user = member.user
    if user is None:
        return ""
    if not user.is_active:
        return SKIP_CLOSED
    if user.pk in staff or user.is_staff or user.is_superuser:
        return SKIP_STAFF
    if user.has_usable_password() and not reissue:
        return SKIP_ACTIVATED
    return ""


def _create_accounts(members: list[Member]) -> set[int]:
    """A new account for each member (no usable password until activation), linked to them."""
    if not members:
        return set()
    wanted = {"".join(m.card_number.split()).lower() for m in members} | {f"dv{m.pk:06d}" for m in members}
    taken = set(
        User.objects.annotate(low=Lower("username")).filter(low__in=wanted).values_list("low", flat=True)
    )
    users = []
    for member in members:
        name = rules.username_for(member.card_number, member.pk, taken)
        taken.add(name.lower())
        user = User(username=name, full_name=member.full_name, email=member.email)
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users)
    for member, user in zip(members, users, strict=True):
        member.user = user
    Member.objects.bulk_update(members, ["user"])
    return {m.pk for m in members}


def _new_codes(
    result: IssueResult, plan: list[Member], new_accounts: set[int], actor: Any, now: datetime
) -> list[ActivationCode]:
    expiry = rules.expires_at(timezone.localtime(now), validity_days())
    issued_by = actor if getattr(actor, "is_authenticated", False) else None
    rows = []
    for member in plan:
        clear = "".join(secrets.choice(rules.ALPHABET) for _ in range(rules.CODE_LENGTH))
        rows.append(
            ActivationCode(
                member=member,
                user_id=member.user_id,
                code_hash=code_hash(member.user_id, clear),  # type: ignore[arg-type]
                created_at=now,
                expires_at=expiry,
                issued_by=issued_by,
                channel=Channel.SLIP,
            )
        )
        result.issued.append(
            IssuedCode(
                member=member,
                username=member.user.username,  # type: ignore[union-attr]
                code=rules.format_code(clear),
                expires_at=expiry,
                valid_through=rules.valid_through(expiry),
                new_account=member.pk in new_accounts,
            )
        )
    return ActivationCode.objects.bulk_create(rows)


def _mail(result: IssueResult, rows: list[ActivationCode], base_url: str) -> None:
    """One letter per member with an address; a letter that fails is left for a slip. Sent inside
    the service's transaction, after the codes were written: a code is never mailed before it
    exists, and the codes are never put in a queue in clear."""
    connection = get_connection(fail_silently=True)
    connection.open()
    try:
        for item in result.issued:
            if not item.member.email:
                continue
            body = render_to_string(
                "portal/activation_email.txt",
                {
                    "item": item,
                    "unit": result.unit,
                    "link": activation_link(base_url, item.username, item.code),
                    "min_length": password_min_length(),
                },
            )
            sent = send_mail(
                MAIL_SUBJECT, body, None, [item.member.email], fail_silently=True, connection=connection
            )
            item.mailed = bool(sent)
    finally:
        connection.close()
    mailed = {item.member.pk for item in result.mailed}
    ActivationCode.objects.filter(pk__in=[r.pk for r in rows if r.member_id in mailed]).update(
        channel=Channel.EMAIL
    )


# --- activation --------------------------------------------------------------------------------


def account_activate(
    *,
    actor: Any = None,
    username: str,
    code: str,
    password: str,
    client_ip: str = "",
    now: datetime | None = None,
) -> Any:
    """The member sets the password of their account with a valid code: returns the account.

    Refused: a wrong user name or code (one message for both), a code expired, used or revoked
    (a newer one was issued), a closed account (the member left), an account with a committee
    role, a password Django's validators refuse; and, after too many wrong codes for the user name
    or from the client address (``rules.FAILURES_PER_*``), every attempt until the window ends.
    The actor of the audit entry is the signed-in ``actor`` if any, else the member themself.

    The body runs in its own transaction; a wrong code is counted in the cache after the refused
    transaction rolled back (the default cache is a database table: a count written inside it
    would roll back too). So this service must not run inside an outer transaction."""
    now = now or timezone.now()
    limits = _limits(username, client_ip)
    wait = max(rules.minutes_to_wait(_failures(key), now, limit) for key, limit in limits)
    if wait:
        raise RuleViolation("activation.throttled", minutes=wait)
    try:
        with transaction.atomic():
            return _activate(actor, username, code, password, now)
    except RuleViolation as refusal:
        if refusal.code == "activation.wrong":
            for key, _limit in limits:
                _count_failure(key, now)
        raise


def _activate(actor: Any, username: str, code: str, password: str, now: datetime) -> Any:
    user, row = _code_of(username, code)
    _check_usable(row, user, now)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise RuleViolation("activation.password_invalid", reasons=" ".join(error.messages)) from None
    first = not user.has_usable_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    row.used_at = now
    row.save(update_fields=["used_at"])
    ActivationCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    audit.record(
        actor=actor if getattr(actor, "is_authenticated", False) else user,
        action="portal.account_activate",
        target=row.member,
        unit=row.member.unit,
        after={"username": user.username, "code": row.pk, "first_activation": first},
    )
    return user


def _code_of(username: str, code: str) -> tuple[Any, ActivationCode]:
    """The account and its code row (locked), or one refusal for a wrong user name or code."""
    user = _user_named((username or "").strip())
    clear = rules.normalise_code(code)
    if user is None or clear is None:
        raise RuleViolation("activation.wrong")
    row = (
        ActivationCode.objects.select_for_update(of=("self",))
        .select_related("member__unit")
        .filter(user=user, code_hash=code_hash(user.pk, clear))
        .first()
    )
    if row is None:
        raise RuleViolation("activation.wrong")
    return user, row


def _check_usable(row: ActivationCode, user: Any, now: datetime) -> None:
    """The code is valid now, and its account open, linked to an active member, without a role."""
    state = rules.code_state(
        expires_at=row.expires_at, now=now, used_at=row.used_at, revoked_at=row.revoked_at
    )
    if state == rules.EXPIRED:
        raise RuleViolation("activation.expired", day=rules.valid_through(timezone.localtime(row.expires_at)))
    if state == rules.USED:
        raise RuleViolation("activation.used")
    if state == rules.REVOKED:
        raise RuleViolation("activation.revoked")
    member = row.member
    if member.user_id != user.pk or not member.is_active or not user.is_active:
        raise RuleViolation("activation.account_closed")
    if user.is_staff or user.is_superuser or _staff_user_ids([user.pk]):
        raise RuleViolation("activation.staff_account")


def _user_named(name: str) -> Any:
    """The account with this user name; a name typed in another case finds it when only one matches."""
    if not name:
        return None
    user = User.objects.filter(username=name).first()
    if user is None:
        matches = list(User.objects.filter(username__iexact=name)[:2])
        user = matches[0] if len(matches) == 1 else None
    return user


def _limits(username: str, client_ip: str) -> list[tuple[str, int]]:
    """The cache keys counting wrong codes, with their limits: per user name and per address."""
    name = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    limits = [(f"chibo:activation:user:{name}", rules.FAILURES_PER_USERNAME)]
    if client_ip:
        address = hashlib.sha256(client_ip.encode()).hexdigest()[:32]
        limits.append((f"chibo:activation:ip:{address}", rules.FAILURES_PER_ADDRESS))
    return limits


def _failures(key: str) -> rules.Failures | None:
    value = cache.get(key)
    if not value:
        return None
    count, since = value
    return rules.Failures(int(count), datetime.fromtimestamp(since, tz=timezone.get_current_timezone()))


def _count_failure(key: str, now: datetime) -> None:
    failures = rules.failure_added(_failures(key), now)
    left = failures.since + rules.FAILURE_WINDOW - now
    cache.set(key, (failures.count, failures.since.timestamp()), timeout=int(left / timedelta(seconds=1)) + 1)
