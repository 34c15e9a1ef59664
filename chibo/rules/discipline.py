"""Discipline (kỷ luật): the forms allowed for a subject, the limitation period, the effect period.

Source: ../shared/DOMAIN.md §7 (S41–S45) and "Rules a software can enforce" item 10. Periods come
from the regulation profile in force (``chibo.rules.profiles``); calendar arithmetic from
``chibo.rules.party_age.add_months`` (end-of-month clamping: 29/2 + 5 years = 28/2).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from chibo.rules.errors import RuleViolation
from chibo.rules.party_age import add_months
from chibo.rules.profiles import RegulationProfile

__all__ = [
    "CACH_CHUC",
    "CANH_CAO",
    "CATEGORIES",
    "FORMS",
    "GIAI_TAN",
    "KHAI_TRU",
    "KHIEN_TRACH",
    "MEMBER",
    "NO_LIMIT_CATEGORIES",
    "ORGANISATION",
    "SUBJECTS",
    "allowed_forms",
    "check_form",
    "check_steps_in_order",
    "check_within_limitation",
    "effect_ends",
    "in_effect",
    "limitation_applies",
    "limitation_ends",
    "most_severe",
]

KHIEN_TRACH = "khien_trach"  # reprimand
CANH_CAO = "canh_cao"  # warning
CACH_CHUC = "cach_chuc"  # removal from office (members holding an office only)
KHAI_TRU = "khai_tru"  # expulsion (members)
GIAI_TAN = "giai_tan"  # dissolution (organisations)

#: Every form, lightest first.
FORMS: tuple[str, ...] = (KHIEN_TRACH, CANH_CAO, CACH_CHUC, KHAI_TRU, GIAI_TAN)

#: Violation categories, after the chapter headings of 69-QĐ/TW (DOMAIN.md §7 [S41]; the list is L:
#: DOMAIN.md names the regulation, not the list).
CAT_POLITICAL = "political"
CAT_PRINCIPLES = "principles"
CAT_INTERNAL_POLITICS = "internal_politics"
CAT_SECURITY = "security"
CAT_CORRUPTION = "corruption"
CAT_MORAL = "moral"
CAT_LAW = "law"
CAT_DUTIES = "duties"
CAT_ABROAD = "abroad"
CAT_DIPLOMA = "diploma"
CAT_OTHER = "other"
CATEGORIES: tuple[str, ...] = (
    CAT_POLITICAL,
    CAT_PRINCIPLES,
    CAT_INTERNAL_POLITICS,
    CAT_SECURITY,
    CAT_CORRUPTION,
    CAT_MORAL,
    CAT_LAW,
    CAT_DUTIES,
    CAT_ABROAD,
    CAT_DIPLOMA,
    CAT_OTHER,
)
#: The categories without a limitation period (DOMAIN.md §7 [S42; 102-QĐ/TW 2017] H): internal
#: politics, harm to national security, defence or foreign affairs, use of illegal diplomas.
NO_LIMIT_CATEGORIES = frozenset({CAT_INTERNAL_POLITICS, CAT_SECURITY, CAT_DIPLOMA})

MEMBER = "member"
ORGANISATION = "organisation"
SUBJECTS: tuple[str, ...] = (MEMBER, ORGANISATION)

#: The forms each subject can receive at all, lightest first (DOMAIN.md §7 [S41; 69 art.7]).
_FORMS_OF: dict[str, tuple[str, ...]] = {
    MEMBER: (KHIEN_TRACH, CANH_CAO, CACH_CHUC, KHAI_TRU),
    ORGANISATION: (KHIEN_TRACH, CANH_CAO, GIAI_TAN),
}


def _forms_of(subject: str) -> tuple[str, ...]:
    forms = _FORMS_OF.get(subject)
    if forms is None:
        raise RuleViolation("discipline.subject_unknown", subject=subject)
    return forms


def allowed_forms(subject: str, *, probationary: bool = False, holds_office: bool = False) -> tuple[str, ...]:
    """The discipline forms a subject can receive, lightest first.

    DOMAIN.md §7 [S41; 69-QĐ/TW art.7; Party Charter art.35] (H): an organisation — khiển trách,
    cảnh cáo, giải tán; an official member — khiển trách, cảnh cáo, cách chức (only when holding an
    office), khai trừ; a probationary member — khiển trách, cảnh cáo only (``holds_office`` does not
    add cách chức). ``probationary`` and ``holds_office`` do not apply to an organisation. An
    unknown subject is refused (``discipline.subject_unknown``, subject). Reads no profile field.
    """
    forms = _forms_of(subject)
    if subject == ORGANISATION:
        return forms
    if probationary:
        return (KHIEN_TRACH, CANH_CAO)
    return tuple(form for form in forms if form != CACH_CHUC or holds_office)


def check_form(form: str, subject: str, *, probationary: bool = False, holds_office: bool = False) -> str:
    """Refuse a form the subject cannot receive (``discipline.form_not_allowed``, form, subject).

    The forms of :func:`allowed_forms` (DOMAIN.md §7 [S41; 69 art.7]). Returns the form.
    """
    if form not in allowed_forms(subject, probationary=probationary, holds_office=holds_office):
        raise RuleViolation("discipline.form_not_allowed", form=form, subject=subject)
    return form


def _limitation_years(form: str, subject: str, profile: RegulationProfile) -> int | None:
    if form not in _forms_of(subject):
        raise RuleViolation("discipline.form_not_allowed", form=form, subject=subject)
    if subject == ORGANISATION:
        years = {
            KHIEN_TRACH: profile.org_limitation_years_reprimand,
            CANH_CAO: profile.org_limitation_years_warning,
        }
    else:
        years = {
            KHIEN_TRACH: profile.limitation_years_reprimand,
            CANH_CAO: profile.limitation_years_warning,
            CACH_CHUC: profile.limitation_years_warning,
        }
    return years.get(form)  # khai trừ / giải tán level: no limit


def limitation_ends(
    violation_date: date,
    form: str,
    *,
    subject: str,
    profile: RegulationProfile,
    no_limit: bool = False,
    later_violations: Iterable[date] = (),
) -> date | None:
    """The first day on which a violation can no longer be disciplined (thời hiệu), or None.

    DOMAIN.md §7 [S42; 102-QĐ/TW 2017 (H), carried into 69-QĐ/TW (M); organisations 07-QĐi/TW 2018
    (H)]: counted from the violation, ``form`` being the form the violation warrants —

    * a member: ``profile.limitation_years_reprimand`` (5) years for khiển trách,
      ``profile.limitation_years_warning`` (10) for cảnh cáo and cách chức; no limit for khai trừ;
    * an organisation: ``profile.org_limitation_years_reprimand`` (5) for khiển trách,
      ``profile.org_limitation_years_warning`` (10) for cảnh cáo; no limit for giải tán;
    * no limit at all (``no_limit``) for the listed categories: violations of internal politics,
      harm to national security, defence or foreign affairs, use of illegal diplomas.

    The period restarts from a new violation committed while it runs (``later_violations``): the
    end moves to the new violation's date plus the same years. Whole years by calendar, clamped at
    the end of the month: a violation on 29/2/2024 with 5 years ends on 28/2/2029, so a decision on
    27/2/2029 is in time and one on 28/2/2029 is not. A form the subject cannot receive is refused
    (``discipline.form_not_allowed``); an unknown subject (``discipline.subject_unknown``).
    """
    years = _limitation_years(form, subject, profile)
    if years is None or no_limit:
        return None
    ends = add_months(violation_date, 12 * years)
    for later in sorted(later_violations):
        if violation_date <= later < ends:
            ends = add_months(later, 12 * years)
    return ends


def check_within_limitation(
    violation_date: date,
    form: str,
    decided_on: date,
    *,
    subject: str,
    profile: RegulationProfile,
    no_limit: bool = False,
    later_violations: Iterable[date] = (),
) -> date | None:
    """Refuse a decision taken when the limitation period has passed; return its end (or None).

    DOMAIN.md §7 [S42] and "Rules a software can enforce" 10: a decision on or after
    :func:`limitation_ends` is refused (``discipline.limitation_passed``, ends, violation_date,
    decided_on); the last day inside is the day before. A decision dated before the violation is a
    data error (``discipline.decided_before_violation``, violation_date, decided_on). Reads the
    profile fields of :func:`limitation_ends`.
    """
    if decided_on < violation_date:
        raise RuleViolation(
            "discipline.decided_before_violation", violation_date=violation_date, decided_on=decided_on
        )
    ends = limitation_ends(
        violation_date,
        form,
        subject=subject,
        profile=profile,
        no_limit=no_limit,
        later_violations=later_violations,
    )
    if ends is not None and decided_on >= ends:
        raise RuleViolation(
            "discipline.limitation_passed", ends=ends, violation_date=violation_date, decided_on=decided_on
        )
    return ends


def effect_ends(announced_on: date, form: str, profile: RegulationProfile) -> date | None:
    """The day a discipline stops being in effect, or None when it never ends by itself.

    DOMAIN.md §7 [S43; 69-QĐ/TW art.2.5] (H): the effect ends automatically
    ``profile.discipline_effect_months`` (12) months after the decision — or, after a complaint,
    the ruling on it — was announced (the caller passes that announcement's date), provided there
    was no relapse or new violation (the caller does not use this date then); never for khai trừ
    and giải tán. Announced 29/2/2024 → ends 28/2/2025 (end-of-month clamp). An unknown form is
    refused (``discipline.form_unknown``, form).
    """
    if form not in FORMS:
        raise RuleViolation("discipline.form_unknown", form=form)
    if form in (KHAI_TRU, GIAI_TAN):
        return None
    return add_months(announced_on, profile.discipline_effect_months)


def in_effect(announced_on: date, form: str, on: date, profile: RegulationProfile) -> bool:
    """Whether the discipline is in effect on ``on``: from the announcement (inclusive) to
    :func:`effect_ends` (exclusive); khai trừ and giải tán stay in effect.

    DOMAIN.md §7 [S43; 69 art.2] (M): while it is, no transfer or rotation, appointment, promotion
    or Party/State title. Reads ``profile.discipline_effect_months``.
    """
    ends = effect_ends(announced_on, form, profile)
    return announced_on <= on and (ends is None or on < ends)


def limitation_applies(category: str) -> bool:
    """Whether a violation of ``category`` has a limitation period at all.

    DOMAIN.md §7 [S42; 102-QĐ/TW 2017] (H): no limit for internal politics, harm to national
    security, defence or foreign affairs, and the use of illegal diplomas. Reads no profile field.
    """
    return category not in NO_LIMIT_CATEGORIES


def most_severe(forms: Iterable[str]) -> str | None:
    """The heaviest of ``forms`` (the order of :data:`FORMS`), or None for none; unknown forms are
    refused (``discipline.form_unknown``). Used when a member has several disciplines in effect."""
    found = None
    for form in forms:
        if form not in FORMS:
            raise RuleViolation("discipline.form_unknown", form=form)
        if found is None or FORMS.index(form) > FORMS.index(found):
            found = form
    return found


def check_steps_in_order(steps: Iterable[tuple[str, date | None]]) -> None:
    """Refuse steps of a case dated out of order (``discipline.step_before_previous``, step, day,
    previous, previous_on).

    DOMAIN.md §7 [S43b; 296-QĐ/TW procedure] (M): violation, report / self-criticism (tự kiểm điểm),
    review by the competent body, decision, announcement follow one another; a step may fall on the
    same day as the one before. ``steps`` are (name, date) in procedure order; steps not taken yet
    (None) are skipped. Reads no profile field.
    """
    previous: tuple[str, date] | None = None
    for name, day in steps:
        if day is None:
            continue
        if previous is not None and day < previous[1]:
            raise RuleViolation(
                "discipline.step_before_previous",
                step=name,
                day=day,
                previous=previous[0],
                previous_on=previous[1],
            )
        previous = (name, day)
