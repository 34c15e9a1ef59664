"""One-time activation codes for member accounts, and the state of a member's account.

Source: ../shared/PRODUCT.md, "Users and roles" (members use their own pages) and the handbook
column ("Member phone portal"); issue #8 item 1: accounts are issued in bulk by the organisation
board or a secretary, each member gets a one-time code on a printed slip or by e-mail and sets a
password on first use. A member's account is closed when they leave: the party card is taken back on
removal or expulsion (../shared/DOMAIN.md §11, [S53]), so the account goes with it. DOMAIN.md sets
no number here: the code's shape and the attempt limits are choices of chibo, written down below.

Pure: plain strings, datetimes and counts in and out; the service draws the random characters,
keeps only a keyed hash of the code and reads the validity (``CHIBO_ACTIVATION_DAYS``) from settings.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

# --- the code ----------------------------------------------------------------------------------

#: Digits and capitals without the look-alikes 0/O, 1/I/L: 31 characters, so a code of 10 carries
#: about 49.5 bits, far beyond guessing with the attempt limits below.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
GROUP = 5  # shown as XXXXX-XXXXX
#: What a member may type between the characters: spaces and any kind of dash or dot.
_SEPARATORS = frozenset("-‐‑‒–—―−_.·")


def format_code(code: str) -> str:
    """The code as printed and mailed: two groups of five joined by a dash ("ABCDE-FGHJK")."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(typed: str) -> str | None:
    """The code a member typed, in its stored form (10 capitals of ``ALPHABET``), or None when it
    cannot be a code. Case, spaces, dashes and full-width characters (a phone keyboard in
    Vietnamese mode) do not matter."""
    text = unicodedata.normalize("NFKC", typed or "").upper()
    kept = "".join(ch for ch in text if not ch.isspace() and ch not in _SEPARATORS)
    if len(kept) != CODE_LENGTH or any(ch not in ALPHABET for ch in kept):
        return None
    return kept


# --- validity ----------------------------------------------------------------------------------

MIN_DAYS, MAX_DAYS = 1, 365


def check_validity_days(days: int) -> int:
    """The configured validity (``CHIBO_ACTIVATION_DAYS``), refused when it makes no sense."""
    if not isinstance(days, int) or not MIN_DAYS <= days <= MAX_DAYS:
        raise ValueError(f"CHIBO_ACTIVATION_DAYS must be a whole number from {MIN_DAYS} to {MAX_DAYS}")
    return days


def expires_at(issued_at: datetime, days: int) -> datetime:
    """The instant a code issued at ``issued_at`` (an aware datetime in local time) stops working:
    the midnight that ends the ``days``-th day after the day of issue, so the date printed on the
    slip (:func:`valid_through`) is valid the whole day, whatever the hour of issue."""
    last_day = issued_at.date() + timedelta(days=check_validity_days(days))
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=issued_at.tzinfo)


def valid_through(expiry: datetime) -> date:
    """The last day a code is valid, for the slip ("valid until 06/01/2027"): the day before the
    midnight of :func:`expires_at` (``expiry`` in local time)."""
    return (expiry - timedelta(microseconds=1)).date()


VALID = "valid"
EXPIRED = "expired"
USED = "used"
REVOKED = "revoked"


def code_state(
    *,
    expires_at: datetime,
    now: datetime,
    used_at: datetime | None = None,
    revoked_at: datetime | None = None,
) -> str:
    """The state of a code at the moment ``now``: used, revoked (a newer code was issued), expired
    (``now`` at or after ``expires_at``), else valid. A use or revocation later than ``now`` does
    not count yet; a code used is "used" even after its expiry (the more useful answer)."""
    if used_at is not None and used_at <= now:
        return USED
    if revoked_at is not None and revoked_at <= now:
        return REVOKED
    if now >= expires_at:
        return EXPIRED
    return VALID


# --- the account of a member -------------------------------------------------------------------

NONE = "none"  # no account yet
ISSUED = "issued"  # account made, a valid code waits to be used
LAPSED = "lapsed"  # account made, never activated, and no valid code: issue a new one
ACTIVE = "active"  # the member set a password
CLOSED = "closed"  # the account was closed (the member left)

ACCOUNT_STATES = (NONE, ISSUED, LAPSED, ACTIVE, CLOSED)


def account_state(
    *,
    has_account: bool,
    account_open: bool,
    activated: bool,
    pending_expires_at: datetime | None,
    now: datetime,
) -> str:
    """Where a member's account stands, for the secretary's list. ``account_open``: the account is
    active and the member has not left; ``activated``: a password was set; ``pending_expires_at``:
    the expiry of the latest code neither used nor revoked, if any."""
    if not has_account:
        return NONE
    if not account_open:
        return CLOSED
    if activated:
        return ACTIVE
    if pending_expires_at is not None and now < pending_expires_at:
        return ISSUED
    return LAPSED


# --- user names --------------------------------------------------------------------------------

#: What Django accepts in a user name, restricted to ASCII so it is easy to type on any phone.
_USERNAME = re.compile(r"^[A-Za-z0-9.@+_-]{1,150}\Z")


def username_for(card_number: str, member_pk: int, taken: Collection[str]) -> str:
    """The user name of a new member account: the party card number (spaces removed) when it is
    usable and free, otherwise "dv" and the record number padded to six digits ("dv000042"),
    easy to type on a phone; a suffix when even that is taken. ``taken`` holds lower-cased names."""
    card = "".join((card_number or "").split())
    if card and _USERNAME.match(card) and card.lower() not in taken:
        return card
    base = f"dv{member_pk:06d}"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base}-{n}"
    return name


# --- attempts ----------------------------------------------------------------------------------

#: Wrong codes allowed per user name, and per client address, within the window. An address is
#: allowed more: a whole cell may activate at once from the meeting room's one connection.
FAILURES_PER_USERNAME = 5
FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Failures:
    """Wrong attempts counted since ``since`` (the first of the current window)."""

    count: int
    since: datetime


def failure_added(previous: Failures | None, now: datetime, window: timedelta = FAILURE_WINDOW) -> Failures:
    """The count after one more wrong attempt at ``now``; a window that has run out starts again."""
    if previous is None or now - previous.since >= window:
        return Failures(1, now)
    return Failures(previous.count + 1, previous.since)


def minutes_to_wait(
    failures: Failures | None, now: datetime, limit: int, window: timedelta = FAILURE_WINDOW
) -> int:
    """0 while fewer than ``limit`` wrong attempts fall in the current window; otherwise the whole
    minutes (at least 1) until the window ends and attempts are allowed again."""
    if failures is None or failures.count < limit:
        return 0
    left = failures.since + window - now
    if left <= timedelta(0):
        return 0
    return max(1, math.ceil(left.total_seconds() / 60))
