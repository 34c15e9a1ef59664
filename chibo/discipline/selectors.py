"""Reads of inspection and discipline.

The first three are shared with other apps (evaluations cap the grade of members disciplined in
the year, commendations and member pages block or warn while a discipline is in effect); they read
facts and are not scoped, the caller having scoped the ids. The lists are scoped to
``Action.DISCIPLINE``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from chibo.accounts.roles import Action
from chibo.core import regulations
from chibo.core.scoping import can, subtree_q, visible_to
from chibo.discipline.models import Case, Programme
from chibo.organizations.models import Unit
from chibo.rules import discipline as rules

#: Cases whose decision stands: decided or announced, not annulled.
STANDING = (Case.State.DECIDED, Case.State.ANNOUNCED)


def disciplined_member_ids(member_ids: Iterable[int], year: int) -> set[int]:
    """Members with a discipline decided (not annulled) in the calendar ``year`` (DOMAIN.md §6:
    the grade cap of a member disciplined in the year). The decision date counts."""
    ids = list(member_ids)
    if not ids:
        return set()
    rows = Case.objects.filter(
        member_id__in=ids, state__in=STANDING, decided_on__year=year, annulled_on__isnull=True
    ).values_list("member_id", flat=True)
    return set(rows)


def disciplined_unit_ids(unit_ids: Iterable[int], year: int) -> set[int]:
    """Organisations disciplined (decided, not annulled) in the calendar ``year``."""
    ids = list(unit_ids)
    if not ids:
        return set()
    rows = Case.objects.filter(
        target_unit_id__in=ids, state__in=STANDING, decided_on__year=year, annulled_on__isnull=True
    ).values_list("target_unit_id", flat=True)
    return set(rows)


def _in_effect_q(on: date) -> Q:
    """Announced, not annulled, announced by ``on`` and not ended (``effect_ends_on`` is kept by
    the services from ``rules.effect_ends``; empty for khai trừ / giải tán and a pending complaint)."""
    return Q(state=Case.State.ANNOUNCED, announced_on__lte=on) & (
        Q(effect_ends_on__isnull=True) | Q(effect_ends_on__gt=on)
    )


def in_effect(member_ids: Iterable[int], on: date | None = None) -> dict[int, Case]:
    """Member id → the discipline case in effect on ``on`` (default today), the most severe when
    several are (DOMAIN.md §7 [S43]: while in effect no transfer, appointment or award)."""
    ids = list(member_ids)
    if not ids:
        return {}
    day = on or regulations.today()
    found: dict[int, Case] = {}
    cases = Case.objects.filter(_in_effect_q(day), member_id__in=ids).select_related("unit")
    for case in cases.order_by("announced_on", "pk"):
        current = found.get(case.member_id)  # type: ignore[arg-type]
        if current is None or rules.most_severe([current.form, case.form]) != current.form:
            found[case.member_id] = case  # type: ignore[index]
    return found


def units_in_effect(unit_ids: Iterable[int], on: date | None = None) -> dict[int, Case]:
    """Organisation id → the discipline case in effect on ``on``, the most severe when several are."""
    ids = list(unit_ids)
    day = on or regulations.today()
    found: dict[int, Case] = {}
    for case in Case.objects.filter(_in_effect_q(day), target_unit_id__in=ids).order_by("announced_on", "pk"):
        current = found.get(case.target_unit_id)  # type: ignore[arg-type]
        if current is None or rules.most_severe([current.form, case.form]) != current.form:
            found[case.target_unit_id] = case  # type: ignore[index]
    return found


def is_in_effect(case: Case, on: date | None = None) -> bool:
    day = on or regulations.today()
    return (
        case.state == Case.State.ANNOUNCED
        and case.announced_on is not None
        and case.announced_on <= day
        and (case.effect_ends_on is None or case.effect_ends_on > day)
    )


def programme_list(*, user: Any, year: int | None = None, status: str = "") -> QuerySet[Programme]:
    programmes = visible_to(Programme.objects.select_related("unit"), user, Action.DISCIPLINE)
    if year:
        programmes = programmes.filter(year=year)
    if status:
        programmes = programmes.filter(status=status)
    return programmes.annotate(case_count=Count("cases")).order_by("-year", "starts_on", "pk")


def case_list(
    *,
    user: Any,
    year: int | None = None,
    form: str = "",
    category: str = "",
    state: str = "",
    within: Unit | None = None,
) -> QuerySet[Case]:
    cases = visible_to(
        Case.objects.select_related("unit", "member", "target_unit", "member__unit"), user, Action.DISCIPLINE
    )
    if within is not None:
        cases = cases.filter(subtree_q(within.path, "unit__path"))
    if year:
        cases = cases.filter(Q(decided_on__year=year) | Q(decided_on__isnull=True, opened_on__year=year))
    if form:
        cases = cases.filter(form=form)
    if category:
        cases = cases.filter(category=category)
    if state:
        cases = cases.filter(state=state)
    return cases.order_by("-opened_on", "-pk")


def member_cases(member_id: int) -> QuerySet[Case]:
    return Case.objects.filter(member_id=member_id).select_related("unit").order_by("-opened_on", "-pk")


def figures(*, user: Any, units: list[Unit], year: int) -> dict[str, Any]:
    """Discipline decided (not annulled) in ``year`` by form and category, per unit subtree (the
    case's handling committee and below), and the programmes of the year by status."""
    decided = visible_to(Case.objects.all(), user, Action.DISCIPLINE).filter(
        state__in=STANDING, decided_on__year=year
    )
    by_form = dict(decided.values_list("form").annotate(n=Count("pk")).order_by())
    by_category = dict(decided.values_list("category").annotate(n=Count("pk")).order_by())
    by_unit = []
    for unit in units:
        rows = dict(
            decided.filter(subtree_q(unit.path, "unit__path"))
            .values_list("form")
            .annotate(n=Count("pk"))
            .order_by()
        )
        by_unit.append({"unit": unit, "forms": rows, "total": sum(rows.values())})
    programmes = visible_to(Programme.objects.all(), user, Action.DISCIPLINE).filter(year=year)
    by_status = dict(programmes.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "year": year,
        "by_form": by_form,
        "by_category": by_category,
        "by_unit": by_unit,
        "programmes_by_status": by_status,
        "total": sum(by_form.values()),
    }


def member_warning(*, user: Any, member: Any) -> dict[str, Any]:
    """For the member pages and forms: the discipline in effect on the member today (its form and
    until-date are shown to every reader of the page: DOMAIN.md §7 [S43], no transfer, appointment or
    award meanwhile), and whether the user may open the case (DISCIPLINE on its committee)."""
    case = in_effect([member.pk]).get(member.pk)
    return {
        "discipline_in_effect": case,
        "discipline_case_link": case is not None and can(user, Action.DISCIPLINE, case.unit.path),
    }
