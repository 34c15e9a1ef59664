"""The member record and life cycle: identity number, probation, events, transfers, exemption.

Sources: ../shared/DOMAIN.md §2 (probation and official recognition [S7, S10,
S59]), §3 (exemption [S28, S29, S30]), §4 (removal triggers [S31]), §5 (transfers
[S33, S34]), §11 (records and the CCCD key of the national database [S51, S54])
and §12 (mobile work and trips abroad [S55, S56]).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from chibo.rules.errors import RuleViolation
from chibo.rules.party_age import add_months, completed_months
from chibo.rules.profiles import RegulationProfile
from chibo.rules.workdays import add_working_days, working_days_between

# Statuses (the Django model uses the same values).
PROBATIONARY = "probationary"  # đảng viên dự bị
OFFICIAL = "official"  # đảng viên chính thức
LEFT = "left"  # no longer a member; the reason says why
STATUSES = (PROBATIONARY, OFFICIAL, LEFT)

# Why a member left.
REMOVED = "removed"  # xóa tên
EXPELLED = "expelled"  # khai trừ
RESIGNED = "resigned"  # xin ra khỏi Đảng
DIED = "died"  # từ trần
TRANSFERRED_OUT = "transferred_out"  # chuyển đi ngoài hệ thống
LEAVE_REASONS = (REMOVED, EXPELLED, RESIGNED, DIED, TRANSFERRED_OUT)

MALE = "M"
FEMALE = "F"

# Purposes of a temporary transfer (DOMAIN.md §5 [S34]).
TEMPORARY_WORK = "work"
TEMPORARY_RESIDENCE = "residence"
TEMPORARY_STUDY = "study"
TEMPORARY_PURPOSES = (TEMPORARY_WORK, TEMPORARY_RESIDENCE, TEMPORARY_STUDY)

# Grounds for exemption from work and meetings (DOMAIN.md §3 [S28, S29, S30]).
EXEMPTION_REASONS = (
    "old_age",
    "poor_health",
    "treatment",
    "abroad_private",
    "mobile_work",
    "awaiting_retirement",
    "maternity",
    "other",
)

#: "Old" for an exemption = past working age, 27-HD/BTCTW 2009 (DOMAIN.md §3 [S29], M).
#: Not yet profile fields: callers pass the profile's values when it has them.
OLD_AGE_MALE_YEARS = 60
OLD_AGE_FEMALE_YEARS = 55

#: Provincial codes that open a CCCD number (001 Hà Nội … 096 Cà Mau).
_CCCD_PROVINCES = range(1, 97)
_DIGITS = frozenset("0123456789")


# --- identity number ---------------------------------------------------------------


def validate_cccd(value: str) -> str:
    """The citizen identity number (CCCD) without spaces, or a refusal.

    DOMAIN.md §11 [S54]: CSDL đảng viên 3.0 keys members on the CCCD. Structure
    (Decree 137/2015/NĐ-CP art.7, detailed by Circular 07/2016/TT-BCA art.7; kept
    by the 2023 Law on Identification; confidence M): 12 digits = 3 digits of the
    province of birth registration (001–096), 1 century/sex digit, 2 digits of the
    birth year, 6 random digits. Refuses anything but 12 ASCII digits once spaces
    are removed (``member.cccd_format``, value) and a province code outside
    001–096 (``member.cccd_province``, value, province). Reads no profile field.
    """
    digits = "".join(value.split())
    if len(digits) != 12 or not set(digits) <= _DIGITS:
        raise RuleViolation("member.cccd_format", value=value)
    if int(digits[:3]) not in _CCCD_PROVINCES:
        raise RuleViolation("member.cccd_province", value=digits, province=digits[:3])
    return digits


def cccd_matches(value: str, birth_date: date, sex: str | None) -> bool:
    """Whether a CCCD number agrees with the birth year and sex on record.

    Circular 07/2016/TT-BCA art.7 (detailing Decree 137/2015/NĐ-CP art.7;
    confidence M): the 4th digit codes century and sex — 0/1 born 1900–1999
    male/female, 2/3 born 2000–2099, 4/5 2100–2199 (and so on); the 5th–6th digits
    are the last two digits of the birth year. ``sex`` is ``"M"`` or ``"F"``;
    ``None`` (unknown) checks the century and year only; anything else is refused
    (``member.sex_invalid``). The number is validated first (:func:`validate_cccd`).
    DOMAIN.md §11 [S54]. Reads no profile field.
    """
    digits = validate_cccd(value)
    if sex not in (MALE, FEMALE, None):
        raise RuleViolation("member.sex_invalid", sex=sex)
    century = (birth_date.year - 1900) // 100
    if century < 0:
        return False
    code = int(digits[3])
    if code // 2 != century:
        return False
    if sex is not None and code % 2 != (0 if sex == MALE else 1):
        return False
    return int(digits[4:6]) == birth_date.year % 100


# --- probation and official recognition -----------------------------------------


def probation_end(ceremony_date: date, profile: RegulationProfile) -> date:
    """The day probation ends: the ceremony plus ``profile.probation_months`` months.

    DOMAIN.md §2 [S59, S10; Điều lệ art.5; 24-QĐ/TW §3.5.3]: 12 months from the
    ceremony date, re-admitted members included. Calendar months clamped to the
    end of the month (ceremony 29/2/2024 → 28/2/2025). Reads
    ``profile.probation_months``.
    """
    return add_months(ceremony_date, profile.probation_months)


def check_official_recognition(
    *, status: str, ceremony_date: date, on: date, profile: RegulationProfile
) -> date:
    """Refuse a recognition as official member too early; return the official date.

    DOMAIN.md §2 [S7; 24-QĐ/TW §4.2]: only a probationary member
    (``member.not_probationary``, status) whose probation has ended
    (``member.probation_not_ended``, ends) can be recognised; the member is
    official **as of the end of probation** even if the vote or the decision comes
    later, so the date returned is :func:`probation_end`, not ``on``. Reads
    ``profile.probation_months``.
    """
    if status != PROBATIONARY:
        raise RuleViolation("member.not_probationary", status=status)
    ends = probation_end(ceremony_date, profile)
    if on < ends:
        raise RuleViolation("member.probation_not_ended", ends=ends)
    return ends


def recognition_vote_due(
    ceremony_date: date,
    profile: RegulationProfile,
    *,
    extra_days_off: Collection[date] = (),
    extra_working_days: Collection[date] = (),
) -> date:
    """The last day for the chi bộ to consider the recognition as official member.

    DOMAIN.md §2 [S7; 24-QĐ/TW §4.2]: within 30 working days after the 12 months
    of probation end. Working days per ``chibo.rules.workdays`` (Labour Code 2019
    art.112 plus the administrators' extra days). Reads ``profile.probation_months``
    and ``profile.recognition_vote_working_days``.
    """
    return add_working_days(
        probation_end(ceremony_date, profile),
        profile.recognition_vote_working_days,
        extra_days_off=extra_days_off,
        extra_working_days=extra_working_days,
    )


# --- events and record consistency -----------------------------------------------


def check_event_date(
    on: date,
    *,
    today: date,
    admitted_on: date | None,
    last_event_on: date | None,
    birth_date: date | None = None,
) -> None:
    """Refuse an event of a member's history dated where it cannot be.

    The member's history is a line of dated events (ARCHITECTURE.md, DOMAIN.md
    §11 [S51]: admission, official, transfer, exit dates of the sổ danh sách). An
    event may not be in the future (``date.in_future``, day, today), before the
    admission decision (``member.event_before_admission``, day, admitted_on),
    before the latest recorded event (``member.event_out_of_order``, day,
    last_event_on; the same day is allowed) or before birth
    (``member.event_before_birth``, day, birth_date). Unknown dates (``None``)
    are not checked. Reads no profile field.
    """
    if on > today:
        raise RuleViolation("date.in_future", day=on, today=today)
    if birth_date is not None and on < birth_date:
        raise RuleViolation("member.event_before_birth", day=on, birth_date=birth_date)
    if admitted_on is not None and on < admitted_on:
        raise RuleViolation("member.event_before_admission", day=on, admitted_on=admitted_on)
    if last_event_on is not None and on < last_event_on:
        raise RuleViolation("member.event_out_of_order", day=on, last_event_on=last_event_on)


def check_active(status: str) -> None:
    """Refuse an event on a member who has left the party (``member.has_left``).

    A member removed, expelled, resigned, deceased or transferred out of the
    system has no further life-cycle events until re-admitted (DOMAIN.md §2
    [S10, S59], §4 [S31], §5 [S33]). Reads no profile field.
    """
    if status == LEFT:
        raise RuleViolation("member.has_left")


def check_readmission(
    *, readmissions_so_far: int, leave_reason: str | None, profile: RegulationProfile
) -> None:
    """Refuse a re-admission the charter does not allow.

    DOMAIN.md §2 [S59, S10; Điều lệ art.5; 24-QĐ/TW §3.5.4]: re-admission is
    allowed ``profile.readmissions_allowed`` times (once); a further one is refused
    (``member.readmission_limit``, allowed). A deceased member cannot be
    re-admitted (``member.deceased``); a member who has not left cannot either
    (``member.not_left``, when ``leave_reason`` is empty). DOMAIN.md does not bar
    expelled members from re-admission, so neither does this rule. Reads
    ``profile.readmissions_allowed``.
    """
    if not leave_reason:
        raise RuleViolation("member.not_left")
    if leave_reason == DIED:
        raise RuleViolation("member.deceased")
    if readmissions_so_far >= profile.readmissions_allowed:
        raise RuleViolation("member.readmission_limit", allowed=profile.readmissions_allowed)


def check_dates_order(
    *,
    birth_date: date | None,
    admitted_on: date | None,
    ceremony_on: date | None,
    official_on: date | None,
    died_on: date | None = None,
) -> None:
    """Refuse a member record whose key dates are in an impossible order.

    DOMAIN.md §2 [S7, S12, S59] and §11 [S51b]: the decision precedes the
    ceremony (``member.ceremony_before_decision``, ceremony_on, admitted_on), the
    ceremony precedes the official date (``member.official_before_ceremony``,
    official_on, ceremony_on); a member is born before the decision
    (``member.admitted_before_birth``, admitted_on, birth_date) and dies after
    birth (``member.died_before_birth``, died_on, birth_date). That the official
    date equals the end of probation is not enforced (legacy records differ);
    the admission age belongs to the admission rules. Unknown dates are skipped.
    Reads no profile field.
    """
    if admitted_on and ceremony_on and ceremony_on < admitted_on:
        raise RuleViolation(
            "member.ceremony_before_decision", ceremony_on=ceremony_on, admitted_on=admitted_on
        )
    if ceremony_on and official_on and official_on < ceremony_on:
        raise RuleViolation(
            "member.official_before_ceremony", official_on=official_on, ceremony_on=ceremony_on
        )
    if birth_date and admitted_on and admitted_on <= birth_date:
        raise RuleViolation("member.admitted_before_birth", admitted_on=admitted_on, birth_date=birth_date)
    if birth_date and died_on and died_on < birth_date:
        raise RuleViolation("member.died_before_birth", died_on=died_on, birth_date=birth_date)


# --- transfers ---------------------------------------------------------------------


def permanent_transfer_due(
    decision_effective_on: date,
    profile: RegulationProfile,
    *,
    extra_days_off: Collection[date] = (),
    extra_working_days: Collection[date] = (),
) -> date:
    """The last day to complete a permanent transfer (chuyển sinh hoạt đảng chính thức).

    DOMAIN.md §5 [S33; 24-QĐ/TW §6.3.1a]: within 60 working days of the decision
    (new job, retirement, demobilisation…) taking effect or the move of residence.
    Reads ``profile.transfer_permanent_working_days``.
    """
    return add_working_days(
        decision_effective_on,
        profile.transfer_permanent_working_days,
        extra_days_off=extra_days_off,
        extra_working_days=extra_working_days,
    )


def letter_presentation_due(
    introduced_on: date,
    profile: RegulationProfile,
    *,
    extra_days_off: Collection[date] = (),
    extra_working_days: Collection[date] = (),
) -> date:
    """The last day for the member to present the transfer letter to the receiving committee.

    DOMAIN.md §5 [S33; 24-QĐ/TW §6.3.1c]: within 30 working days of the date of
    introduction; past it the member or the organisation at fault reports why.
    Reads ``profile.transfer_letter_working_days``.
    """
    return add_working_days(
        introduced_on,
        profile.transfer_letter_working_days,
        extra_days_off=extra_days_off,
        extra_working_days=extra_working_days,
    )


def transfer_overdue(
    due: date,
    today: date,
    *,
    extra_days_off: Collection[date] = (),
    extra_working_days: Collection[date] = (),
) -> int:
    """How many working days a transfer deadline ``due`` is overdue on ``today`` (0 if not).

    DOMAIN.md §5 [S33] and the alert rule 7 ("alert on unarrived transfers").
    Reads no profile field.
    """
    return working_days_between(
        due, today, extra_days_off=extra_days_off, extra_working_days=extra_working_days
    )


def check_temporary_transfer(start: date, end: date, *, purpose: str, profile: RegulationProfile) -> None:
    """Refuse a temporary transfer (chuyển sinh hoạt tạm thời) of a length the rules do not allow.

    DOMAIN.md §5 [S34; 24-QĐ/TW §6.3.2]: for work or residence from 3 months to
    less than 1 year (``profile.temporary_transfer_min_months`` ≤ length <
    ``profile.temporary_transfer_max_months``); for study from 3 months to 2 years
    inclusive (≤ ``profile.temporary_study_max_months``, M). Lengths are calendar
    months from ``start`` to ``end`` (:func:`add_months`). Refusals:
    ``member.temporary_purpose`` (purpose), ``date.end_not_after_start`` (start,
    end), ``member.temporary_duration`` (min, max, purpose; ``max`` is exclusive
    for work and residence, inclusive for study).
    """
    if purpose not in TEMPORARY_PURPOSES:
        raise RuleViolation("member.temporary_purpose", purpose=purpose)
    if end <= start:
        raise RuleViolation("date.end_not_after_start", start=start, end=end)
    shortest = profile.temporary_transfer_min_months
    if purpose == TEMPORARY_STUDY:
        longest = profile.temporary_study_max_months
        too_long = end > add_months(start, longest)
    else:
        longest = profile.temporary_transfer_max_months
        too_long = end >= add_months(start, longest)
    if end < add_months(start, shortest) or too_long:
        raise RuleViolation("member.temporary_duration", min=shortest, max=longest, purpose=purpose)


# --- exemption and removal -----------------------------------------------------------


def check_exemption(
    *,
    reason: str,
    start: date,
    end: date | None,
    birth_date: date,
    sex: str,
    on: date,
    old_age_male_years: int = OLD_AGE_MALE_YEARS,
    old_age_female_years: int = OLD_AGE_FEMALE_YEARS,
) -> None:
    """Refuse an exemption from work and meetings (miễn công tác và sinh hoạt) that cannot stand.

    DOMAIN.md §3 [S28; 24-QĐ/TW §7.1] (old age or poor health: the chi bộ
    decides), [S29] ("old" = past working age, men over 60, women over 55, per
    27-HD/BTCTW 2009, M) and [S30; 09-HD/BTCTW kept in 12-HD/BTCTW 2022] (other
    grounds, with a stated period). Refusals: an unknown ground
    (``member.exemption_reason``, reason); an end not after the start
    (``date.end_not_after_start``, start, end); a period wholly past on ``on``
    (``member.exemption_in_past``, end, on; ``end`` is the last exempt day);
    "old_age" for a member not strictly past ``old_age_male_years`` /
    ``old_age_female_years`` at ``start`` (``member.exemption_not_old``, min_years,
    start; the birthday itself is not past it); an unknown sex for "old_age"
    (``member.sex_invalid``). The ages are keyword parameters because the profile
    has no field for them yet; pass the profile's values when it does.
    """
    if reason not in EXEMPTION_REASONS:
        raise RuleViolation("member.exemption_reason", reason=reason)
    if end is not None and end <= start:
        raise RuleViolation("date.end_not_after_start", start=start, end=end)
    if end is not None and end < on:
        raise RuleViolation("member.exemption_in_past", end=end, on=on)
    if reason == "old_age":
        if sex not in (MALE, FEMALE):
            raise RuleViolation("member.sex_invalid", sex=sex)
        min_years = old_age_male_years if sex == MALE else old_age_female_years
        if start <= add_months(birth_date, 12 * min_years):
            raise RuleViolation("member.exemption_not_old", min_years=min_years, start=start)


def removal_trigger_absent_months(months_absent_in_year: int, profile: RegulationProfile) -> bool:
    """Whether absences alone call for a removal proposal (xóa tên).

    DOMAIN.md §4 [S31; 24-QĐ/TW §8.1]: a member who skips party activity or does
    not pay dues for 3 months in a year without good reason; whether the months
    must be consecutive is not stated, so the caller counts per calendar year (L).
    Whether the reason was good is the chi bộ's judgement, not computed here.
    Reads ``profile.removal_absent_months_per_year``.
    """
    return months_absent_in_year >= profile.removal_absent_months_per_year


# --- dashboard bands -------------------------------------------------------------------

AGE_BANDS = ("≤30", "31–40", "41–50", "51–60", ">60")
PARTY_AGE_BANDS = ("<5", "5–9", "10–19", "20–29", "30–39", "40+")


def age_years(birth_date: date, on: date) -> int:
    """Completed years of age on ``on`` (a 29/2 birthday is reached on 28/2).

    Ages are counted in calendar months (DOMAIN.md §2 [S1, S2]); this is the
    whole years of it. Reads no profile field.
    """
    return completed_months(birth_date, on) // 12


def age_band(birth_date: date, on: date) -> str:
    """The age band of a member on ``on``, for dashboards and statistics (DOMAIN.md §11 [S52]).

    Bands ``AGE_BANDS``: ≤30, 31–40, 41–50, 51–60, >60 completed years. Reads no
    profile field.
    """
    age = age_years(birth_date, on)
    for upper, band in zip((30, 40, 50, 60), AGE_BANDS, strict=False):
        if age <= upper:
            return band
    return AGE_BANDS[-1]


def party_age_band(years: int) -> str:
    """The party-age band of ``years`` full years, for dashboards (DOMAIN.md §2 [S10, S11], §11 [S52]).

    Bands ``PARTY_AGE_BANDS``: <5, 5–9, 10–19, 20–29, 30–39, 40+. Reads no
    profile field.
    """
    for upper, band in zip((5, 10, 20, 30, 40), PARTY_AGE_BANDS, strict=False):
        if years < upper:
            return band
    return PARTY_AGE_BANDS[-1]
