"""Annual evaluation (đánh giá, xếp loại chất lượng): grades, score bands, the quota, caps, streaks.

Source: ../shared/DOMAIN.md §6 (S35–S40) and "Rules a software can enforce" item 9. The same four
grades serve members and organisations. Every number comes from the regulation profile in force
for the evaluated year (``chibo.rules.profiles``).

Scores and shares are exact numbers: ``int``, ``Decimal`` or ``Fraction`` (a ``float`` is read
through its shortest decimal form, so ``0.3`` is three tenths); a share is a fraction of the tasks
between 0 and 1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

from chibo.rules.errors import RuleViolation
from chibo.rules.profiles import RegulationProfile

__all__ = [
    "COMMON_POINTS",
    "GRADES",
    "HTNV",
    "HTTNV",
    "HTXSNV",
    "KHTNV",
    "TASK_POINTS",
    "cap_grade",
    "check_grade",
    "check_points",
    "check_quota",
    "check_score",
    "check_table_totals",
    "count_grades",
    "grade_for_score",
    "max_excellent",
    "score_band",
    "streak",
    "worse_grade",
]

HTXSNV = "HTXSNV"  # Hoàn thành xuất sắc nhiệm vụ
HTTNV = "HTTNV"  # Hoàn thành tốt nhiệm vụ
HTNV = "HTNV"  # Hoàn thành nhiệm vụ
KHTNV = "KHTNV"  # Không hoàn thành nhiệm vụ

#: The four grades, best first (DOMAIN.md §6 [S36], H).
GRADES: tuple[str, ...] = (HTXSNV, HTTNV, HTNV, KHTNV)
_RANK = {grade: index for index, grade in enumerate(GRADES)}

Number = int | Decimal | Fraction | float

SCORE_MIN = 0
SCORE_MAX = 100  # the 100-point frame of 366-QĐ/TW: 30 common criteria + 70 task results [S35, S36]
COMMON = "common"  # nhóm tiêu chí chung
TASKS = "tasks"  # nhóm kết quả thực hiện nhiệm vụ
COMMON_POINTS = 30
TASK_POINTS = 70
#: The groups of a scoring table and the points each must total (DOMAIN.md §6 [S35, S36]).
GROUP_POINTS: dict[str, int] = {COMMON: COMMON_POINTS, TASKS: TASK_POINTS}


def _exact(value: Number) -> Fraction | None:
    """``value`` as an exact fraction; None for NaN, infinities and non-numbers."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, float):
            return Fraction(repr(value))
        if isinstance(value, int | Decimal | Fraction):
            return Fraction(value)
    except (ValueError, OverflowError):
        return None
    return None


def _as_fraction(value: Number) -> Fraction:
    """``value`` (a validated score, or a profile number a deployment override may give as a float), exact."""
    exact = _exact(value)
    if exact is None:
        raise TypeError(f"not a number in the regulation profile: {value!r}")
    return exact


def check_score(score: Number) -> Number:
    """Refuse a score outside the 100-point frame (``evaluation.score_range``, score, min, max).

    DOMAIN.md §6 [S35, S36; 366-QĐ/TW]: 100 points = 30 for the common criteria + 70 for task
    results, so 0 to 100 inclusive. NaN, infinities and non-numbers are refused the same way.
    Returns the score unchanged. Reads no profile field (the frame is fixed by the regulation's
    structure, not a threshold).
    """
    value = _exact(score)
    if value is None or not SCORE_MIN <= value <= SCORE_MAX:
        raise RuleViolation("evaluation.score_range", score=score, min=SCORE_MIN, max=SCORE_MAX)
    return score


def _check_share(share: Number, name: str) -> Fraction:
    value = _exact(share)
    if value is None or not 0 <= value <= 1:
        raise RuleViolation("evaluation.share_range", name=name, share=share)
    return value


def check_grade(grade: str) -> str:
    """Refuse anything but the four grade codes (``evaluation.grade_unknown``, grade).

    DOMAIN.md §6 [S36]: HTXSNV, HTTNV, HTNV, KHTNV. Returns the grade.
    """
    if grade not in _RANK:
        raise RuleViolation("evaluation.grade_unknown", grade=grade)
    return grade


def worse_grade(first: str, second: str) -> str:
    """The lower of two grades (HTXSNV > HTTNV > HTNV > KHTNV, DOMAIN.md §6 [S36])."""
    return first if _RANK[check_grade(first)] >= _RANK[check_grade(second)] else second


def _score_band(score: Fraction, profile: RegulationProfile) -> str:
    if score >= _as_fraction(profile.grade_excellent_min_score):
        return HTXSNV
    if score >= _as_fraction(profile.grade_good_min_score):
        return HTTNV
    if score >= _as_fraction(profile.grade_pass_min_score):
        return HTNV
    return KHTNV


def grade_for_score(
    score: Number,
    *,
    profile: RegulationProfile,
    all_tasks_on_time: bool = True,
    exceeding_share: Number | None = None,
    late_share: Number = 0,
    disqualified: bool = False,
    collective: bool = False,
    subordinate_disciplined: bool = False,
) -> str:
    """The grade a score and the extra conditions of DOMAIN.md §6 give (before quota and caps).

    Bands [S36] (M; the <50 band inferred from Decree 335/2025 [S40]):

    * HTXSNV: score ≥ ``profile.grade_excellent_min_score`` (90), all tasks on time and
      ``exceeding_share`` ≥ ``profile.excellent_min_exceeding_share`` (30%); for a ``collective``
      also no subordinate unit or leadership member disciplined (``subordinate_disciplined``).
      ``exceeding_share=None`` means "not recorded": the condition cannot be shown, so the grade is
      not HTXSNV (an excellent grade is quota-limited and needs its evidence).
    * HTTNV: score ≥ ``profile.grade_good_min_score`` (70) and all tasks on time.
    * HTNV: score ≥ ``profile.grade_pass_min_score`` (50); a collective also needs ``late_share``
      ≤ ``profile.collective_pass_max_late_share`` (20%).
    * KHTNV: below, or ``disqualified`` (the listed disqualifying cases).

    "All tasks on time" holds when ``all_tasks_on_time`` and ``late_share`` is 0. When an extra
    condition fails, the grade drops to the next lower band whose conditions hold. Refusals: a
    score outside 0–100 (``evaluation.score_range``), a share outside 0–1
    (``evaluation.share_range``).
    """
    value = _as_fraction(check_score(score))
    late = _check_share(late_share, "late_share")
    exceeding = None if exceeding_share is None else _check_share(exceeding_share, "exceeding_share")
    if disqualified:
        return KHTNV
    on_time = all_tasks_on_time and late == 0
    holds = {
        HTXSNV: on_time
        and exceeding is not None
        and exceeding >= _as_fraction(profile.excellent_min_exceeding_share)
        and not (collective and subordinate_disciplined),
        HTTNV: on_time,
        HTNV: not collective or late <= _as_fraction(profile.collective_pass_max_late_share),
        KHTNV: True,
    }
    band = _score_band(value, profile)
    return next(grade for grade in GRADES[_RANK[band] :] if holds[grade])


def count_grades(grades: Iterable[str]) -> dict[str, int]:
    """How many of each grade, with every grade present (0 if none): results per unit, DOMAIN.md §6.

    Refuses an unknown grade (``evaluation.grade_unknown``). Reads no profile field.
    """
    counts = Counter(check_grade(grade) for grade in grades)
    return {grade: counts[grade] for grade in GRADES}


def max_excellent(good_count: int, profile: RegulationProfile) -> int:
    """The most members (or organisations) one TCCSĐ may grade HTXSNV.

    DOMAIN.md §6 [S38; 21-HD/BTCTW 2019] (H for 2019, M now; the 366/43 wording not read) and
    "Rules a software can enforce" 9: at most ``profile.excellent_quota_ratio`` (20%) of the number
    graded HTTNV, rounded down: 4 → 0, 9 → 1, 10 → 2. A negative count is refused
    (``evaluation.count_negative``, count).
    """
    if good_count < 0:
        raise RuleViolation("evaluation.count_negative", count=good_count)
    # int() of a non-negative Fraction rounds down.
    return int(good_count * _as_fraction(profile.excellent_quota_ratio))


def check_quota(grades: Iterable[str], profile: RegulationProfile) -> int:
    """Refuse a unit's grades when HTXSNV exceeds the quota; return how many HTXSNV are allowed.

    DOMAIN.md §6 [S38] "HTXSNV members ≤20% of HTTNV members" per TCCSĐ: **"good" is the number
    graded HTTNV alone** — the excellent ones are not counted in the base (124-QĐ/TW and 21-HD/BTCTW
    word it "không vượt quá 20% số được xếp loại HTTNV"). So 10 HTTNV allow 2 HTXSNV, and a unit
    with no HTTNV may have no HTXSNV. Refusal: ``evaluation.quota_exceeded`` (excellent, allowed,
    good); an unknown grade: ``evaluation.grade_unknown``. Reads ``profile.excellent_quota_ratio``.
    """
    counts = count_grades(grades)
    good = counts[HTTNV]
    allowed = max_excellent(good, profile)
    if counts[HTXSNV] > allowed:
        raise RuleViolation("evaluation.quota_exceeded", excellent=counts[HTXSNV], allowed=allowed, good=good)
    return allowed


def cap_grade(
    grade: str, *, disciplined_in_year: bool, profile: RegulationProfile, probationary: bool = False
) -> str:
    """The grade after the caps of the profile: never better than the cap that applies.

    DOMAIN.md §6 [S38] (H 2019, L under 366): a member disciplined in the year is graded at most
    ``profile.disciplined_member_grade_cap`` (KHTNV). "One violation is counted once": the caller
    passes ``disciplined_in_year`` for the year the discipline was decided in, not again for the
    next. A probationary member is capped at ``profile.probationary_member_grade_cap`` when the
    profile sets one (the cap was "not found", L: None by default). Refuses an unknown grade
    (``evaluation.grade_unknown``).
    """
    capped = check_grade(grade)
    if disciplined_in_year:
        capped = worse_grade(capped, profile.disciplined_member_grade_cap)
    if probationary and profile.probationary_member_grade_cap is not None:
        capped = worse_grade(capped, profile.probationary_member_grade_cap)
    return capped


def streak(grades_by_year: Mapping[int, str], grade: str | Collection[str], ending: int) -> int:
    """How many consecutive years, ending with the year ``ending``, have ``grade``.

    For "5 năm liền" (five years running: commendations, trong sạch vững mạnh tiêu biểu) in the
    results of DOMAIN.md §6. ``grade`` is one grade or a collection of them ("HTTNV or better" =
    ``{HTXSNV, HTTNV}``). A year without a grade, or with another grade, ends the streak; 0 when
    ``ending`` itself does not qualify. Reads no profile field.
    """
    wanted = {grade} if isinstance(grade, str) else set(grade)
    for code in wanted:
        check_grade(code)
    count = 0
    while grades_by_year.get(ending - count) in wanted:
        count += 1
    return count


def score_band(score: Number, *, profile: RegulationProfile) -> str:
    """The grade the score alone gives, before the extra conditions, the quota and the caps.

    DOMAIN.md §6 [S36]: ≥ ``profile.grade_excellent_min_score`` (90) HTXSNV, ≥
    ``profile.grade_good_min_score`` (70) HTTNV, ≥ ``profile.grade_pass_min_score`` (50) HTNV, else
    KHTNV. What a member's self-assessment shows next to the points. Refuses a score outside 0–100
    (``evaluation.score_range``).
    """
    return _score_band(_as_fraction(check_score(score)), profile)


def check_points(code: str, points: Number, max_points: Number) -> Number:
    """Refuse points for one criterion outside 0..its maximum (``evaluation.points_range``: code,
    points, max). DOMAIN.md §6 [S35]: each criterion of the scoring table carries its maximum."""
    value = _exact(points)
    if value is None or not 0 <= value <= _as_fraction(max_points):
        raise RuleViolation("evaluation.points_range", code=code, points=points, max=max_points)
    return points


def check_table_totals(criteria: Iterable[tuple[str, Number]]) -> dict[str, Fraction]:
    """Refuse a scoring table whose groups do not total 30 (common criteria) and 70 (task results).

    DOMAIN.md §6 [S35, S36; 366-QĐ/TW]: the 100-point frame is 30 points of common criteria and 70
    of task results. ``criteria`` are (group, max points) pairs. Refusals: an unknown group
    (``evaluation.group_unknown``, group); a group whose maxima do not add up to its points
    (``evaluation.table_totals``: group, total, expected), checked common first. Returns the totals.
    Reads no profile field (the frame is the regulation's structure).
    """
    totals: dict[str, Fraction] = {group: Fraction(0) for group in GROUP_POINTS}
    for group, points in criteria:
        if group not in GROUP_POINTS:
            raise RuleViolation("evaluation.group_unknown", group=group)
        value = _exact(points)
        if value is None or value <= 0:
            raise RuleViolation("evaluation.points_range", code=group, points=points, max=GROUP_POINTS[group])
        totals[group] += value
    for group, expected in GROUP_POINTS.items():
        if totals[group] != expected:
            raise RuleViolation(
                "evaluation.table_totals", group=group, total=_plain(totals[group]), expected=expected
            )
    return totals


def _plain(value: Fraction) -> int | Decimal | Fraction:
    """A total as people write it: 30, 29.5 (a fraction that is no decimal stays a fraction)."""
    if value.denominator == 1:
        return value.numerator
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    return decimal if Fraction(decimal) == value else value
