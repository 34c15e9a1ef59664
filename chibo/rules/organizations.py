"""Organisation types, their nesting, structural checks and restructuring dates.

Sources: ../shared/DOMAIN.md §1 (S18, S19, S20, S21, S4) and §0 (the 2025
reorganisation: units are merged, split, renamed, re-parented and dissolved).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chibo.rules.errors import RuleViolation
from chibo.rules.profiles import RegulationProfile

# Level codes (the Django model uses the same values).
UPPER = "upper"  # đảng bộ cấp trên cơ sở
DANG_BO_CO_SO = "dang_bo_co_so"
CHI_BO_CO_SO = "chi_bo_co_so"
DANG_BO_BO_PHAN = "dang_bo_bo_phan"
CHI_BO = "chi_bo"  # chi bộ trực thuộc
TO_DANG = "to_dang"

LEVELS = (UPPER, DANG_BO_CO_SO, CHI_BO_CO_SO, DANG_BO_BO_PHAN, CHI_BO, TO_DANG)

#: Which level may sit directly under which (None = a root). DOMAIN.md §1: grassroots
#: organisations sit under an upper committee; đảng bộ bộ phận inside a đảng bộ cơ sở;
#: chi bộ trực thuộc under a đảng ủy cơ sở or bộ phận; tổ đảng inside a chi bộ.
ALLOWED_PARENTS: dict[str, frozenset[str | None]] = {
    UPPER: frozenset({None, UPPER}),
    DANG_BO_CO_SO: frozenset({UPPER}),
    CHI_BO_CO_SO: frozenset({UPPER}),
    DANG_BO_BO_PHAN: frozenset({DANG_BO_CO_SO}),
    CHI_BO: frozenset({DANG_BO_CO_SO, DANG_BO_BO_PHAN}),
    TO_DANG: frozenset({CHI_BO, CHI_BO_CO_SO}),
}

#: Levels that are party organisations needing their own minimum of official members.
PARTY_ORGANISATIONS = frozenset({DANG_BO_CO_SO, CHI_BO_CO_SO, DANG_BO_BO_PHAN, CHI_BO})
#: Levels that elect a bí thư or a chi ủy directly (chi bộ).
CELLS = frozenset({CHI_BO_CO_SO, CHI_BO})


#: Levels whose rolls hold members: a member belongs to a chi bộ (and may be grouped in a tổ đảng).
MEMBER_LEVELS = frozenset({CHI_BO_CO_SO, CHI_BO, TO_DANG})


def check_holds_members(level: str) -> None:
    """Members are recorded in a cell or one of its party groups, not in a committee's own roll
    (DOMAIN.md §1: every member belongs to a chi bộ; tổ đảng are parts of a chi bộ, S19)."""
    if level not in MEMBER_LEVELS:
        raise RuleViolation("unit.holds_no_members", level=level)


def check_admission_authority(level: str, delegated: bool) -> None:
    """Only a đảng ủy cơ sở can hold delegated authority to admit members (ủy quyền kết nạp):
    DOMAIN.md §2 [S9; 232-QĐ/TW §4.3.2] gives the decision to the đảng ủy cơ sở *được ủy quyền*,
    otherwise to the standing board of the upper committee (``unit.authority_level``, level)."""
    if delegated and level != DANG_BO_CO_SO:
        raise RuleViolation("unit.authority_level", level=level)


def check_parent(level: str, parent_level: str | None) -> None:
    """Refuse a unit of ``level`` under a parent of ``parent_level`` (DOMAIN.md §1, S18/S19/S20)."""
    if parent_level not in ALLOWED_PARENTS[level]:
        raise RuleViolation("unit.parent_level", level=level, parent_level=parent_level or "")


@dataclass(frozen=True)
class Headcount:
    """Members of a unit's subtree: official and probationary (dự bị), active only."""

    official: int = 0
    probationary: int = 0

    @property
    def total(self) -> int:
        return self.official + self.probationary


def structure_warnings(
    *, level: str, headcount: Headcount, has_committee: bool, size_exception: bool, profile: RegulationProfile
) -> list[str]:
    """The structural warnings of one unit, as codes (DOMAIN.md §1).

    - ``too_few_official``: a party organisation with fewer than
      ``profile.min_official_members_for_org`` (3) official members cannot stand
      alone; the upper committee attaches them elsewhere (S18; Điều lệ art.21, H).
    - ``should_be_dang_bo``: a chi bộ cơ sở with ``dang_bo_co_so_threshold`` (30) or
      more members; ``should_be_chi_bo``: a đảng bộ cơ sở with fewer (S18, H).
      Both are silenced by a recorded written consent (``size_exception``, S21, M).
    - ``needs_committee``: a chi bộ with ``chi_uy_threshold`` (9) or more official
      members elects a chi ủy (S19; art.24.4, H) and has none recorded.
    """
    warnings: list[str] = []
    if level in PARTY_ORGANISATIONS and headcount.official < profile.min_official_members_for_org:
        warnings.append("too_few_official")
    if not size_exception:
        if level == CHI_BO_CO_SO and headcount.total >= profile.dang_bo_co_so_threshold:
            warnings.append("should_be_dang_bo")
        if level == DANG_BO_CO_SO and headcount.total < profile.dang_bo_co_so_threshold:
            warnings.append("should_be_chi_bo")
    if level in CELLS and headcount.official >= profile.chi_uy_threshold and not has_committee:
        warnings.append("needs_committee")
    return warnings


def check_effective_date(effective_on: date, *, today: date, not_before: date | None) -> None:
    """A restructuring is recorded on or after it takes effect, and in order.

    The history of a unit is a line of periods: a change may not be dated in the
    future (it would rewrite today's tree before it happens; record it on the day)
    nor before the unit's latest recorded change or founding (it would rewrite
    history already relied on). DOMAIN.md §0 (restructuring of 2025).
    """
    if effective_on > today:
        raise RuleViolation("date.in_future", day=effective_on, today=today)
    if not_before is not None and effective_on < not_before:
        raise RuleViolation("restructure.before_last_change", day=effective_on, not_before=not_before)


def check_founded_on(founded_on: date | None, *, today: date, parent_founded_on: date | None) -> None:
    """A unit is founded in the past, and not before its parent."""
    if founded_on is None:
        return
    if founded_on > today:
        raise RuleViolation("date.in_future", day=founded_on, today=today)
    if parent_founded_on is not None and founded_on < parent_founded_on:
        raise RuleViolation("unit.founded_before_parent", day=founded_on, parent_founded_on=parent_founded_on)


def check_not_cycle(unit_path: str, new_parent_path: str) -> None:
    """A unit cannot move under itself or one of its descendants."""
    if new_parent_path.startswith(unit_path):
        raise RuleViolation("restructure.cycle")


def check_active(dissolved_on: date | None, role: str) -> None:
    """Refuse to restructure into or out of a dissolved unit (``role``: source / target)."""
    if dissolved_on is not None:
        raise RuleViolation(f"restructure.{role}_dissolved", dissolved_on=dissolved_on)
