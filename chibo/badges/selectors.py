"""Reads of party badges, already scoped: rounds, a round's list, a member's badges, figures."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from chibo.accounts.roles import Action
from chibo.badges.models import Award, Round
from chibo.badges.services import gaps_of
from chibo.core import regulations
from chibo.core.scoping import subtree_q, visible_to
from chibo.members.models import Member
from chibo.organizations.models import Unit
from chibo.rules import badges as rules
from chibo.rules.party_age import party_age


def round_list(*, user: Any, within: Unit | None = None) -> QuerySet[Round]:
    rounds = visible_to(Round.objects.select_related("unit"), user, Action.VIEW)
    if within is not None:
        rounds = rounds.filter(subtree_q(within.path, "unit__path"))
    return rounds.annotate(proposed=Count("awards")).order_by("-award_date", "unit__path")


def round_awards(round_: Round) -> list[dict[str, Any]]:
    """The round's list in roster order, with each member's party age on the award day."""
    awards = list(
        round_.awards.select_related("member__unit").order_by("threshold", "member__name_sort", "member_id")
    )
    gaps = gaps_of(a.member_id for a in awards)
    rows = []
    for award in awards:
        start = award.member.party_age_from
        # a posthumous award: party age stopped at death
        end = min(round_.award_date, award.member.left_on or round_.award_date)
        rows.append(
            {
                "award": award,
                "party_age": party_age(start, end, gaps[award.member_id]) if start else None,
                "reached_on": rules.reached_on(start, award.threshold, gaps[award.member_id])
                if start
                else None,
            }
        )
    return rows


def member_awards(member: Member) -> QuerySet[Award]:
    return member.badge_awards.select_related("round").order_by("threshold")


def upcoming_award_days(on: date | None = None, count: int = 4) -> list[date]:
    """The next award days (3/2, 19/5, 2/9, 7/11) from ``on``, for choosing a round's day."""
    day = on or regulations.today()
    found = []
    while len(found) < count:
        day = rules.next_award_date(day, regulations.profile(day))
        found.append(day)
        day = date.fromordinal(day.toordinal() + 1)
    return found


def badge_figures(*, units: list[Unit], year: int) -> dict[int, dict[int, int]]:
    """Badges awarded in ``year`` per unit subtree and threshold (one query per unit)."""
    figures: dict[int, dict[int, int]] = {u.pk: {} for u in units}
    awards = Award.objects.filter(awarded=True, award_date__year=year)
    for unit in units:
        rows = (
            awards.filter(subtree_q(unit.path, "member__unit_path"))
            .values_list("threshold")
            .annotate(n=Count("pk"))
        )
        figures[unit.pk] = dict(rows)
    return figures
