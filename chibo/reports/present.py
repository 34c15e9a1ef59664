"""The statistics report as the pages, the Excel file and the PDF show it: sections of labelled rows
(codes turned into translated labels), optionally beside a second report (the compare view)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from chibo.members.models import LeaveReason, MemberStatus, ProfessionalLevel, Sex, TheoryLevel
from chibo.organizations.models import HostKind, UnitLevel
from chibo.reports import aggregate

UNKNOWN_LABEL = _("Not recorded")

AGE_LABELS = {
    "under_30": _("Under 30"),
    "30_39": _("30–39"),
    "40_49": _("40–49"),
    "50_59": _("50–59"),
    "60_69": _("60–69"),
    "70_plus": _("70 and over"),
}
PARTY_AGE_LABELS = {
    "under_5": _("Under 5 years"),
    "5_9": _("5–9 years"),
    "10_19": _("10–19 years"),
    "20_29": _("20–29 years"),
    "30_39": _("30–39 years"),
    "40_plus": _("40 years and more"),
}
HEADLINE_LABELS = {
    "members_total": _("Members"),
    "official": _("Official members"),
    "probationary": _("Probationary members"),
    "female": _("Women"),
    "ethnic_minority": _("Ethnic minorities (not Kinh)"),
    "religious": _("With a religion"),
    "under_30": _("Under 30 years of age"),
    "units_total": _("Units"),
    "grassroots_units": _("Grassroots organisations (tổ chức cơ sở đảng)"),
    "cells": _("Party cells (chi bộ)"),
}
FLOW_LABELS = {
    "admitted": _("Admitted (kết nạp)"),
    "readmitted": _("Re-admitted"),
    "recognised": _("Recognised as official members"),
    "transferred_in": _("Transferred in from outside the unit"),
    "transferred_out": _("Transferred out of the unit"),
    "left_total": _("Left the Party (all reasons)"),
    "deaths": _("Deceased"),
}


@dataclass
class Row:
    label: Any
    value: int
    other: int | None = None
    width: float = 0.0  # % of the section's largest value, for the bars
    other_width: float = 0.0

    @property
    def change(self) -> int | None:
        return None if self.other is None else self.value - self.other


@dataclass
class Section:
    key: str
    title: Any
    rows: list[Row] = field(default_factory=list)
    chart: bool = True


def _label(mapping: dict[str, Any], code: str) -> Any:
    if code in ("", aggregate.UNKNOWN):
        return UNKNOWN_LABEL
    return mapping.get(code, code)


def _section(
    key: str,
    title: Any,
    counts: dict[str, int],
    other: dict[str, int] | None,
    labels: dict[str, Any],
    *,
    order: list[str] | None = None,
    chart: bool = True,
) -> Section:
    codes = list(order or [])
    for code in [*counts, *(other or {})]:
        if code not in codes:
            codes.append(code)
    rows = [
        Row(_label(labels, c), counts.get(c, 0), None if other is None else other.get(c, 0)) for c in codes
    ]
    rows = [r for r in rows if r.value or r.other or (order and not r.other)]
    top = max([r.value for r in rows] + [r.other or 0 for r in rows] + [1])
    for r in rows:
        r.width = round(100 * r.value / top, 1)
        r.other_width = round(100 * (r.other or 0) / top, 1)
    return Section(key, title, rows, chart)


def headline(report: dict[str, Any], other: dict[str, Any] | None = None) -> list[Row]:
    return [
        Row(label, report.get(key, 0), None if other is None else other.get(key, 0))
        for key, label in HEADLINE_LABELS.items()
    ]


def sections(report: dict[str, Any], other: dict[str, Any] | None = None) -> list[Section]:
    """The report's groups in reading order."""

    def o(key: str) -> dict[str, int] | None:
        return None if other is None else other.get(key, {})

    flows, other_flows = report["flows"], (other or {}).get("flows") if other else None
    flow_counts = {k: flows.get(k, 0) for k in FLOW_LABELS}
    other_flow_counts = None if other_flows is None else {k: other_flows.get(k, 0) for k in FLOW_LABELS}
    status = dict(MemberStatus.choices)
    return [
        _section(
            "status",
            _("Members by status"),
            report["by_status"],
            o("by_status"),
            status,
            order=[MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY],
        ),
        _section("sex", _("Members by sex"), report["by_sex"], o("by_sex"), dict(Sex.choices)),
        _section(
            "age", _("Members by age"), report["by_age"], o("by_age"), AGE_LABELS, order=list(AGE_LABELS)
        ),
        _section(
            "party_age",
            _("Members by party age"),
            report["by_party_age"],
            o("by_party_age"),
            PARTY_AGE_LABELS,
            order=list(PARTY_AGE_LABELS),
        ),
        _section("ethnicity", _("Members by ethnicity"), report["by_ethnicity"], o("by_ethnicity"), {}),
        _section(
            "religion",
            _("Members by religion"),
            report["by_religion"],
            o("by_religion"),
            {"none": _("No religion")},
        ),
        _section(
            "education",
            _("Members by professional education"),
            report["by_education"],
            o("by_education"),
            dict(ProfessionalLevel.choices),
        ),
        _section(
            "theory",
            _("Members by political theory"),
            report["by_theory"],
            o("by_theory"),
            dict(TheoryLevel.choices),
        ),
        _section(
            "units_level",
            _("Units by level"),
            report["units_by_level"],
            o("units_by_level"),
            dict(UnitLevel.choices),
        ),
        _section(
            "units_host",
            _("Units by host-unit kind"),
            report["units_by_host_kind"],
            o("units_by_host_kind"),
            dict(HostKind.choices),
        ),
        _section(
            "flows",
            _("Changes in the period"),
            flow_counts,
            other_flow_counts,
            FLOW_LABELS,
            order=list(FLOW_LABELS),
            chart=False,
        ),
        _section(
            "left",
            _("Departures by reason"),
            flows["left"],
            None if other_flows is None else other_flows["left"],
            dict(LeaveReason.choices),
            chart=False,
        ),
    ]


def difference_rows(differences: list[tuple[str, int, int]]) -> list[dict[str, Any]]:
    """The differences of a submitted report, with a readable name for each count."""
    names: dict[str, Any] = {**HEADLINE_LABELS, **{f"flows.{k}": v for k, v in FLOW_LABELS.items()}}
    return [
        {"name": names.get(key, key), "key": key, "submitted": a, "now": b, "change": b - a}
        for key, a, b in differences
    ]


#: The data-quality problem kinds (chibo.reports.selectors.PROBLEM_KINDS) as people read them.
PROBLEM_LABELS = {
    "cccd_duplicate": _("Same citizen ID (CCCD) on several records"),
    "name_birth_duplicate": _("Same name and date of birth on several records"),
    "no_unit": _("Without a cell: dissolved unit, a committee's own roll or no open membership"),
    "birth_after_admission": _("Born on or after the admission date"),
    "admitted_under_18": _("Admitted before the age of 18 (DOMAIN.md §2)"),
    "ceremony_before_admission": _("Ceremony before the admission decision"),
    "official_before_admission": _("Official date before the admission decision"),
    "future_date": _("A date in the future"),
}
