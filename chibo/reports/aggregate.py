"""Pure helpers of the statistics and data-quality reports: bands, folding grouped rows into the
report, differences between two reports. No Django: plain values in and out (like chibo.rules).

DOMAIN.md §11 [S52]: the basic statistics (thống kê cơ bản, 11-HD/BTCTW) are aggregated from the
grassroots upward with uniform criteria; the form list is not read (L), so the dimensions below follow
the register's columns (§11 [S51], Mẫu 7-HSĐV: sex, ethnicity, religion, education, theory, admission
and official dates, transfers, deaths, exits) and the member statuses of §2.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from chibo.rules.party_age import add_months, latest_start

OFFICIAL = "official"
PROBATIONARY = "probationary"
UNKNOWN = "unknown"
MAJORITY_ETHNICITY = "Kinh"

#: Completed years of age on the report date: label → (lowest, highest) (None: no upper bound).
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "under_30": (0, 29),
    "30_39": (30, 39),
    "40_49": (40, 49),
    "50_59": (50, 59),
    "60_69": (60, 69),
    "70_plus": (70, None),
}
#: Completed years of party age (from the first admission decision, gaps not subtracted).
PARTY_AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "under_5": (0, 4),
    "5_9": (5, 9),
    "10_19": (10, 19),
    "20_29": (20, 29),
    "30_39": (30, 39),
    "40_plus": (40, None),
}


def band_bounds(band: tuple[int, int | None], on: date) -> tuple[date | None, date]:
    """The dates of birth (or of admission) whose completed years on ``on`` lie in ``band``:
    ``(after, up_to)`` meaning ``after < d <= up_to`` (``after`` None: no lower limit).

    Completed years as in DOMAIN.md §2 [S1, S2] (age counted in calendar months, 29/2 clamped)."""
    lo, hi = band
    up_to = latest_start(on, lo)
    after = None if hi is None else latest_start(on, hi + 1)
    return after, up_to


def completed_years(start: date | None, on: date) -> int | None:
    """Completed calendar years from ``start`` to ``on`` (None without ``start``)."""
    if start is None:
        return None
    years = on.year - start.year
    if add_months(start, 12 * years) > on:
        years -= 1
    return years


def band_of(years: int | None, bands: Mapping[str, tuple[int, int | None]]) -> str:
    """The band holding ``years`` (``unknown`` without a value or before the first band)."""
    if years is None:
        return UNKNOWN
    for label, (lo, hi) in bands.items():
        if years >= lo and (hi is None or years <= hi):
            return label
    return UNKNOWN


def member_dimensions() -> tuple[str, ...]:
    return ("status", "sex", "age", "party_age", "education", "theory")


def fold_member_rows(
    grouped: Iterable[Mapping[str, Any]], identity: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """The member part of the report from two grouped counts: ``grouped`` rows carry status, sex,
    age, party_age, education, theory and ``n``; ``identity`` rows carry ethnicity, religion and ``n``.

    Headline figures: ``members_total``, ``official``, ``probationary``, ``female``, ``under_30``
    (age below 30 on the date), ``ethnic_minority`` (any ethnicity but Kinh, blank counted as Kinh,
    the record's default) and ``religious`` (any religion recorded)."""
    by: dict[str, Counter[str]] = {name: Counter() for name in member_dimensions()}
    for row in grouped:
        for name in member_dimensions():
            if name in row:
                by[name][row[name] or UNKNOWN] += row["n"]
    ethnicity: Counter[str] = Counter()
    religion: Counter[str] = Counter()
    for row in identity:
        ethnicity[(row["ethnicity"] or MAJORITY_ETHNICITY).strip()] += row["n"]
        religion[(row["religion"] or "").strip() or "none"] += row["n"]
    total = sum(ethnicity.values())
    return {
        "members_total": total,
        "official": by["status"][OFFICIAL],
        "probationary": by["status"][PROBATIONARY],
        "female": by["sex"]["F"],
        "ethnic_minority": total - ethnicity[MAJORITY_ETHNICITY],
        "religious": total - religion["none"],
        "under_30": by["age"]["under_30"],
        "by_status": _nonzero(by["status"]),
        "by_sex": _nonzero(by["sex"]),
        "by_age": _ordered(by["age"], AGE_BANDS),
        "by_party_age": _ordered(by["party_age"], PARTY_AGE_BANDS),
        "by_ethnicity": dict(ethnicity.most_common()),
        "by_religion": dict(religion.most_common()),
        "by_education": _nonzero(by["education"]),
        "by_theory": _nonzero(by["theory"]),
    }


def _nonzero(counts: Counter[str]) -> dict[str, int]:
    return {key: n for key, n in counts.items() if n}


def _ordered(counts: Counter[str], bands: Mapping[str, Any]) -> dict[str, int]:
    result = {label: counts.get(label, 0) for label in bands}
    if counts.get(UNKNOWN):
        result[UNKNOWN] = counts[UNKNOWN]
    return result


#: Figures compared between two reports (and between a submitted report and a fresh one).
HEADLINE = (
    "members_total",
    "official",
    "probationary",
    "female",
    "ethnic_minority",
    "religious",
    "under_30",
    "units_total",
    "grassroots_units",
    "cells",
)


def flatten(figures: Mapping[str, Any], prefix: str = "") -> dict[str, int]:
    """Every count of a report as ``"group.key" → n`` (headline figures by their own name)."""
    flat: dict[str, int] = {}
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, name + "."))
        elif isinstance(value, int) and not isinstance(value, bool):
            flat[name] = value
    return flat


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[tuple[str, int, int]]:
    """The counts that differ between two reports: ``(name, before, after)`` in name order; a count
    absent on one side is 0 there."""
    a, b = flatten(before), flatten(after)
    return [
        (name, a.get(name, 0), b.get(name, 0))
        for name in sorted(a.keys() | b.keys())
        if a.get(name, 0) != b.get(name, 0)
    ]


def yyyymmdd(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def campaign_progress(start: Iterable[str], now: Iterable[str]) -> dict[str, Any]:
    """Problems open at the start of a cleaning campaign against those open now, by kind: how many
    were closed since, how many are still open and how many are new. Keys are ``"<kind>:<id>"``."""
    before, current = set(start), set(now)
    kinds = sorted({key.split(":", 1)[0] for key in before | current})
    rows = []
    for kind in kinds:
        b = {k for k in before if k.startswith(kind + ":")}
        c = {k for k in current if k.startswith(kind + ":")}
        rows.append(
            {"kind": kind, "at_start": len(b), "now": len(c), "closed": len(b - c), "new": len(c - b)}
        )
    return {
        "rows": rows,
        "at_start": len(before),
        "now": len(current),
        "closed": len(before - current),
        "new": len(current - before),
    }
