"""The pure helpers of the reports (no database)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from hypothesis import example, given
from hypothesis import strategies as st

from chibo.reports import aggregate


@given(st.dates(date(1920, 1, 1), date(2030, 12, 31)), st.dates(date(1990, 1, 1), date(2030, 12, 31)))
@example(born=date(2000, 2, 29), on=date(2030, 2, 28))  # 30 on 28/2 of a common year (clamped)
@example(born=date(2000, 2, 29), on=date(2030, 2, 27))
@example(born=date(1996, 2, 29), on=date(2026, 2, 28))
@example(born=date(1996, 2, 28), on=date(2024, 2, 29))
@example(born=date(1996, 3, 1), on=date(2026, 2, 28))
def test_band_bounds_agree_with_completed_years(born, on):
    years = aggregate.completed_years(born, on)
    band = aggregate.band_of(years, aggregate.AGE_BANDS)
    for label, bounds in aggregate.AGE_BANDS.items():
        after, up_to = aggregate.band_bounds(bounds, on)
        inside = born <= up_to and (after is None or born > after)
        assert inside == (label == band), (label, band, born, on)


def test_completed_years_on_the_birthday_and_the_day_before():
    assert aggregate.completed_years(date(1996, 6, 30), date(2026, 6, 30)) == 30
    assert aggregate.completed_years(date(1996, 6, 30), date(2026, 6, 29)) == 29
    assert aggregate.completed_years(date(2000, 2, 29), date(2030, 2, 28)) == 30
    assert aggregate.completed_years(None, date(2026, 1, 1)) is None


def test_differences_name_every_count_that_moved():
    before = {"members_total": 5, "by_sex": {"M": 5}, "flows": {"left": {"died": 1}}, "unit": "A"}
    after = {"members_total": 5, "by_sex": {"M": 4, "F": 1}, "flows": {"left": {}}, "unit": "A"}
    assert aggregate.differences(before, after) == [
        ("by_sex.F", 0, 1),
        ("by_sex.M", 5, 4),
        ("flows.left.died", 1, 0),
    ]
    assert aggregate.differences(before, before) == []


def test_campaign_progress_counts_closed_and_new_problems():
    progress = aggregate.campaign_progress(["a:1", "a:2", "b:3"], ["a:2", "c:4"])
    assert (progress["at_start"], progress["now"], progress["closed"], progress["new"]) == (3, 2, 2, 1)
    rows = {r["kind"]: r for r in progress["rows"]}
    assert rows["a"] == {"kind": "a", "at_start": 2, "now": 1, "closed": 1, "new": 0}
    assert rows["c"]["new"] == 1 and rows["b"]["closed"] == 1


def test_fold_member_rows_headline_figures():
    grouped = [
        {
            "status": "official",
            "sex": "F",
            "age": "under_30",
            "party_age": "under_5",
            "education": "",
            "theory": "",
        },
        {
            "status": "probationary",
            "sex": "M",
            "age": "40_49",
            "party_age": "under_5",
            "education": "",
            "theory": "",
        },
    ]
    grouped[0]["n"], grouped[1]["n"] = 3, 2
    identity = [
        {"ethnicity": "Kinh", "religion": "", "n": 2},
        {"ethnicity": "Tày", "religion": "Phật giáo", "n": 3},
    ]
    folded = aggregate.fold_member_rows(grouped, identity)
    assert (folded["members_total"], folded["official"], folded["probationary"]) == (5, 3, 2)
    assert (folded["female"], folded["under_30"], folded["ethnic_minority"], folded["religious"]) == (
        3,
        3,
        3,
        3,
    )
    assert folded["by_education"] == {"unknown": 5}


def test_bands_follow_each_other_youngest_first():
    """The report's CASE (selectors._band_case) tests one limit a band: each band must start
    where the previous one ends, and only the last may be open."""
    on = date(2026, 12, 7)
    for bands in (aggregate.AGE_BANDS, aggregate.PARTY_AGE_BANDS):
        limits = [aggregate.band_bounds(band, on) for band in bands.values()]
        assert limits[0][1] == on
        for (after, _up_to), (_next_after, next_up_to) in pairwise(limits):
            assert after == next_up_to
        assert limits[-1][0] is None and all(after is not None for after, _ in limits[:-1])
