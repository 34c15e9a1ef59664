from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.rules import activation as rules

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SECOND = timedelta(seconds=1)


# --- the code ----------------------------------------------------------------------------------


def test_the_alphabet_has_no_look_alikes():
    assert not set("0O1IL") & set(rules.ALPHABET)
    assert len(set(rules.ALPHABET)) == len(rules.ALPHABET) == 31


def test_a_code_is_shown_in_two_groups():
    assert rules.format_code("ABCDE23456") == "ABCDE-23456"


@pytest.mark.parametrize(
    "typed",
    [
        "ABCDE-23456",
        "abcde-23456",
        "abcde23456",
        " ab cde 234 56 ",
        "ABCDE–23456",  # an en dash from a phone keyboard
        "ＡＢＣＤＥ２３４５６",  # full-width characters
        "ABCDE\t23456\n",
    ],
)
def test_a_typed_code_is_forgiving_of_case_spaces_and_dashes(typed):
    assert rules.normalise_code(typed) == "ABCDE23456"


@pytest.mark.parametrize(
    "typed", ["", "ABCDE-2345", "ABCDE-234567", "ABCDO-23456", "ABCDE-23450", "ABCDI-23456", "ABCDE/23456"]
)
def test_what_cannot_be_a_code_is_none(typed):
    assert rules.normalise_code(typed) is None


@given(st.text(alphabet=rules.ALPHABET, min_size=10, max_size=10))
def test_a_printed_code_reads_back(code):
    assert rules.normalise_code(rules.format_code(code)) == code
    assert rules.normalise_code(rules.format_code(code).lower()) == code


# --- validity ----------------------------------------------------------------------------------


def test_a_code_is_valid_through_the_last_day_whatever_the_hour():
    issued = datetime(2026, 12, 7, 14, 32, tzinfo=HCM)

    expiry = rules.expires_at(issued, 30)

    assert expiry == datetime(2027, 1, 7, 0, 0, tzinfo=HCM)
    assert rules.valid_through(expiry) == date(2027, 1, 6)


def test_the_expiry_crosses_the_year_end():
    issued = datetime(2026, 12, 31, 23, 59, 59, tzinfo=HCM)

    expiry = rules.expires_at(issued, 1)

    assert rules.valid_through(expiry) == date(2027, 1, 1)
    assert expiry == datetime(2027, 1, 2, tzinfo=HCM)


def test_a_leap_day_is_counted():
    expiry = rules.expires_at(datetime(2028, 2, 1, 8, tzinfo=HCM), 30)
    assert rules.valid_through(expiry) == date(2028, 3, 2)


def test_local_midnight_is_the_local_one():
    expiry = rules.expires_at(datetime(2026, 6, 1, 0, 0, 1, tzinfo=HCM), 1)
    assert expiry.astimezone(UTC) == datetime(2026, 6, 2, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize("days", [0, -1, 366, 1.5, "30"])
def test_a_nonsense_validity_is_refused(days):
    with pytest.raises(ValueError):
        rules.expires_at(datetime(2026, 1, 1, tzinfo=HCM), days)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)), st.integers(1, 365))
def test_the_last_valid_day_is_days_after_the_day_of_issue(naive, days):
    issued = naive.replace(tzinfo=HCM)
    expiry = rules.expires_at(issued, days)
    assert rules.valid_through(expiry) == issued.date() + timedelta(days=days)
    assert expiry - issued > timedelta(days=days) - SECOND


# --- state of a code ---------------------------------------------------------------------------

EXPIRY = datetime(2027, 1, 1, 0, 0, tzinfo=HCM)  # the year end


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (EXPIRY - SECOND, rules.VALID),
        (EXPIRY, rules.EXPIRED),  # the instant itself is too late
        (EXPIRY + SECOND, rules.EXPIRED),
        (EXPIRY - timedelta(days=30), rules.VALID),
    ],
)
def test_a_code_expires_at_the_instant(now, state):
    assert rules.code_state(expires_at=EXPIRY, now=now) == state


def test_a_used_code_is_used_from_its_use_on_even_after_expiry():
    used = EXPIRY - timedelta(days=2)
    assert rules.code_state(expires_at=EXPIRY, now=used - SECOND, used_at=used) == rules.VALID
    assert rules.code_state(expires_at=EXPIRY, now=used, used_at=used) == rules.USED
    assert rules.code_state(expires_at=EXPIRY, now=EXPIRY + SECOND, used_at=used) == rules.USED


def test_a_revoked_code_is_revoked_from_its_revocation_on():
    revoked = EXPIRY - timedelta(days=5)
    assert rules.code_state(expires_at=EXPIRY, now=revoked - SECOND, revoked_at=revoked) == rules.VALID
    assert rules.code_state(expires_at=EXPIRY, now=revoked + SECOND, revoked_at=revoked) == rules.REVOKED
    assert rules.code_state(expires_at=EXPIRY, now=EXPIRY, revoked_at=revoked) == rules.REVOKED


# --- the account -------------------------------------------------------------------------------

NOW = datetime(2026, 12, 7, 9, tzinfo=HCM)


def _state(**kwargs):  # type: ignore[no-untyped-def]
    values = {"has_account": True, "account_open": True, "activated": False, "pending_expires_at": None}
    return rules.account_state(now=NOW, **{**values, **kwargs})


def test_the_states_of_an_account():
    assert _state(has_account=False, account_open=False) == rules.NONE
    assert _state(account_open=False, activated=True) == rules.CLOSED
    assert _state(activated=True, pending_expires_at=NOW + SECOND) == rules.ACTIVE
    assert _state(pending_expires_at=NOW + SECOND) == rules.ISSUED
    assert _state(pending_expires_at=NOW) == rules.LAPSED  # expired at this instant
    assert _state() == rules.LAPSED


# --- user names --------------------------------------------------------------------------------


def test_the_card_number_is_the_user_name_when_free():
    assert rules.username_for("012 345 678", 7, set()) == "012345678"


@pytest.mark.parametrize("card", ["", "  ", "số 12", "12/345", "x" * 151])
def test_an_unusable_card_number_gives_dv_and_the_record_number(card):
    assert rules.username_for(card, 42, set()) == "dv000042"


def test_a_taken_card_number_or_name_falls_back():
    assert rules.username_for("AB123", 42, {"ab123"}) == "dv000042"
    assert rules.username_for("", 42, {"dv000042", "dv000042-2"}) == "dv000042-3"
    assert rules.username_for("", 1234567, set()) == "dv1234567"


# --- attempts ----------------------------------------------------------------------------------

T0 = datetime(2026, 12, 31, 23, 50, tzinfo=HCM)


def _after(n: int, start: datetime = T0, step: timedelta = SECOND) -> rules.Failures | None:
    failures = None
    for i in range(n):
        failures = rules.failure_added(failures, start + i * step)
    return failures


def test_attempts_are_refused_after_the_limit_until_the_window_ends():
    four, five = _after(4), _after(5)

    assert rules.minutes_to_wait(four, T0 + 10 * SECOND, limit=5) == 0
    assert rules.minutes_to_wait(five, T0 + 10 * SECOND, limit=5) == 15  # 14 min 50 s, rounded up
    assert rules.minutes_to_wait(five, T0 + timedelta(minutes=14), limit=5) == 1
    assert rules.minutes_to_wait(five, T0 + timedelta(minutes=15) - SECOND, limit=5) == 1
    assert rules.minutes_to_wait(five, T0 + timedelta(minutes=15), limit=5) == 0


def test_a_failure_after_the_window_starts_a_new_count():
    five = _after(5)
    assert rules.failure_added(five, T0 + timedelta(minutes=15)) == rules.Failures(
        1, T0 + timedelta(minutes=15)
    )
    later = rules.failure_added(five, T0 + timedelta(minutes=15) - SECOND)
    assert later == rules.Failures(6, T0)  # over the year end, the same window


def test_failures_spread_beyond_the_window_never_lock():
    spread = _after(10, step=timedelta(minutes=4))  # never 5 within 15 minutes
    assert spread is not None and spread.count < 5
    assert rules.minutes_to_wait(spread, T0 + timedelta(minutes=37), limit=5) == 0
