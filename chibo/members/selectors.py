"""Reads of member records, always scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Count, F, Func, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.db.models.lookups import Contains

from chibo.accounts.roles import Action
from chibo.core.regulations import calendar_kwargs, today
from chibo.core.scoping import can, paths_for, subtree_q, visible_to
from chibo.members.models import Member, MemberEvent, MemberStatus, NameKey, Transfer
from chibo.rules import members as rules
from chibo.rules.party_age import Gap, latest_start, party_age
from chibo.rules.text import fold

AGE_BANDS = {  # label → (min completed years, max completed years)
    "≤30": (0, 30),
    "31–40": (31, 40),
    "41–50": (41, 50),
    "51–60": (51, 60),
    ">60": (61, 200),
}
PARTY_AGE_BANDS = {
    "<5": (0, 4),
    "5–9": (5, 9),
    "10–19": (10, 19),
    "20–29": (20, 29),
    "30–39": (30, 39),
    "40+": (40, 200),
}


@dataclass
class MemberFilters:
    q: str = ""
    status: str = ""
    sex: str = ""
    age_band: str = ""
    party_age_band: str = ""
    ethnicity: str = ""
    education: str = ""
    theory: str = ""
    unit_level: str = ""
    activity: str = ""
    include_left: bool = False


def _born_between(band: tuple[int, int], on: date) -> Q:
    """Completed years in [lo, hi] ⇔ born in (on − (hi+1) years, on − lo years]."""
    lo, hi = band
    return Q(birth_date__lte=latest_start(on, lo), birth_date__gt=latest_start(on, hi + 1))


def _admitted_between(band: tuple[int, int], on: date) -> Q:
    """Party age band by decision date (gaps are rare and ignored in this filter; the member
    page shows the exact party age)."""
    lo, hi = band
    first = Q(first_admitted_on__isnull=False)
    up_to, after = latest_start(on, lo), latest_start(on, hi + 1)
    since = Q(admitted_on__lte=up_to, admitted_on__gt=after)
    since_first = Q(first_admitted_on__lte=up_to, first_admitted_on__gt=after)
    return (first & since_first) | (~first & since)


def member_list(*, user: Any, filters: MemberFilters | None = None, within: Any = None) -> QuerySet[Member]:
    """Members in the user's scope, filtered, in Vietnamese roster order (given name first).

    The search ``q`` matches the folded name (đ → d, no diacritics, any case) from the start of
    any of its words, or the start of a party card number or CCCD (see ``name_search``).
    """
    f = filters or MemberFilters()
    members = visible_to(Member.objects.select_related("unit"), user, Action.VIEW)
    if within is not None:
        members = members.filter(subtree_q(within.path, "unit_path"))
    if f.status in MemberStatus.values:
        members = members.filter(status=f.status)
    elif not f.include_left:
        members = members.exclude(status=MemberStatus.LEFT)
    on = today()
    simple = {
        "sex": f.sex,
        "ethnicity": f.ethnicity,
        "education_professional": f.education,
        "theory_level": f.theory,
        "unit__level": f.unit_level,
        "activity": f.activity,
    }
    members = members.filter(**{k: v for k, v in simple.items() if v})
    if f.age_band in AGE_BANDS:
        members = members.filter(_born_between(AGE_BANDS[f.age_band], on))
    if f.party_age_band in PARTY_AGE_BANDS:
        members = members.filter(_admitted_between(PARTY_AGE_BANDS[f.party_age_band], on))
    if f.q.strip():
        return name_search(members, f.q, also=_number_q(f.q, by_cccd=covers_sensitive(user)))
    return members.order_by("name_sort", "pk")


# --- search ------------------------------------------------------------------------------------
#
# A name matches when the folded query starts at the start of a word of the folded name: "duc",
# "van duc", "nguyen van d" and "Đức" find "Nguyễn Văn Đức"; "uyen" does not (it would find every
# Nguyễn), nor does "Đức Nguyễn". Digits also match the start of the party card number (and of
# the CCCD for those who may see CCCDs).
#
# On PostgreSQL (docs/decisions/0006-national-scale.md) a search page is two queries, whatever
# the number of matches:
# 1. the roster sort keys of the names that match, from ``NameKey`` (the folded names from each
#    word start, kept by the member services): a range of a B-tree, the folded query as prefix;
# 2. the members whose sort key is one of those, in roster order: ``name_sort = ANY(array)`` on
#    the roster index (name_sort, id) reads the matching names one after the other, each one's
#    members already in order, and stops with the page; PostgreSQL sees the array, so it
#    estimates the matches and keeps to a path index instead when the scope is small.
# A sort key stands for one folded name except where the name has characters other than letters,
# digits and spaces (they all sort as "$": "H'Hen", "H-Hen"); those rows alone are checked
# against the folded name. Beyond ``NAMES_UP_TO`` names (a letter or two, the commonest words)
# the array would cost more to plan than to walk: the page walks the roster index and keeps the
# rows that match, which such dense matches fill quickly.

#: Most matching names passed to PostgreSQL as an array (planning costs about 1.3 µs a name with
#: the statistics of migration 0009).
NAMES_UP_TO = 10_000


def name_search(members: QuerySet[Member], q: str, *, also: Q | None = None) -> QuerySet[Member]:
    """The members whose name has a word starting with ``q`` (diacritics and case ignored), or
    matching ``also``, in roster order: the member list's search, also used by the accounts page."""
    text = fold(q)
    if not text:  # nothing but marks or control characters
        return members.order_by("name_sort", "pk")
    also = also if also is not None else Q(pk__in=[])
    if connections[members.db].vendor != "postgresql":
        return members.filter(_name_q(text) | also).order_by("name_sort", "pk")
    count, sort_keys = _matching_names(text, using=members.db)
    if count > NAMES_UP_TO:
        return members.filter(_name_q(text) | also).order_by("name_sort", "pk")
    by_name = Q(_SortKeyIn(sort_keys)) & ~(Q(name_sort__contains="$") & ~_name_q(text))
    return members.filter(by_name | also).order_by("name_sort", "pk")


def _name_q(folded: str) -> Q:
    """The folded query starts at a word start of the folded name (no index: a filter)."""
    return Q(Contains(Concat(Value(" "), "name_folded"), " " + folded))


def _matching_names(folded: str, *, using: str) -> tuple[int, str]:
    """How many names have a word start that begins with ``folded`` (counted up to
    ``NAMES_UP_TO`` + 1), and their sort keys as a PostgreSQL array literal, which goes back to
    PostgreSQL as it came (a name that matches at two word starts is there twice: the index scan
    drops repeated keys). One query, PostgreSQL only."""
    connection = connections[using]
    prefix = connection.ops.prep_for_like_query(folded) + "%"
    sql = (
        "SELECT count(*), coalesce(array_agg(name_sort), '{}')::text "  # noqa: S608 — a table name only
        f"FROM (SELECT name_sort FROM {NameKey._meta.db_table} WHERE key LIKE %s LIMIT %s) AS names"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [prefix, NAMES_UP_TO + 1])
        count, sort_keys = cursor.fetchone()
    return count, sort_keys


def _number_q(q: str, *, by_cccd: bool) -> Q:
    """Card number prefix; CCCD prefix only for those who may see CCCDs (a search by CCCD would
    otherwise tell who holds a number)."""
    compact = q.strip().replace(" ", "")
    if not compact.isdigit():
        return Q(pk__in=[])
    query = Q(card_number__startswith=compact)
    if by_cccd:
        query |= Q(cccd__startswith=compact)
    return query


class _SortKeyIn(Func):
    """``name_sort = ANY(%s::text[])`` with the sort keys as one array literal, PostgreSQL only:
    the roster index (name_sort, id) answers it in roster order, one name after the other."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, sort_keys: str) -> None:
        super().__init__(F("name_sort"))
        self.sort_keys = sort_keys

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s::text[])", [*params, self.sort_keys]


def member_gaps(member: Member) -> list[Gap]:
    """Periods that do not count towards party age: from leaving to re-admission (DOMAIN.md §2)."""
    gaps = []
    for details in member.events.filter(kind=MemberEvent.Kind.READMITTED).values_list("details", flat=True):
        gap = (details or {}).get("gap")
        if gap:
            gaps.append((date.fromisoformat(gap[0]), date.fromisoformat(gap[1])))
    return gaps


def member_party_age(member: Member, on: date | None = None) -> tuple[int, int] | None:
    """(years, months) of party age today (or ``on``), from the first decision minus gaps."""
    start = member.party_age_from
    if start is None:
        return None
    end = on or (member.left_on if member.status == MemberStatus.LEFT and member.left_on else today())
    return party_age(start, end, member_gaps(member))


def member_history(member: Member) -> QuerySet[MemberEvent]:
    return member.events.select_related("unit", "other_unit", "actor").order_by("-effective_on", "-id")


def may_see_sensitive(user: Any, member: Member) -> bool:
    """Would ``member_sensitive_view`` let ``user`` see the sensitive fields (the member, or
    the organisation board of the member's unit)?"""
    return (getattr(user, "pk", None) is not None and member.user_id == user.pk) or can(
        user, Action.SENSITIVE, member.unit
    )


def covers_sensitive(user: Any) -> bool:
    """May ``user`` see the sensitive fields everywhere they may see members?"""
    sensitive = paths_for(user, Action.SENSITIVE)
    return all(any(path.startswith(root) for root in sensitive) for path in paths_for(user, Action.VIEW))


@dataclass
class TransferRow:
    transfer: Transfer
    overdue_days: int


def transfers_in_progress(*, user: Any) -> list[TransferRow]:
    """Transfers out of the system waiting for arrival, with working days overdue (DOMAIN.md §5)."""
    transfers = visible_to(
        Transfer.objects.select_related("member", "from_unit").filter(state=Transfer.State.IN_PROGRESS),
        user,
        Action.VIEW,
        "from_unit__path",
    ).order_by("presentation_due", "procedure_due", "pk")
    cal, now = calendar_kwargs(), today()
    rows = []
    for transfer in transfers:
        due = transfer.presentation_due or transfer.procedure_due
        rows.append(TransferRow(transfer, rules.transfer_overdue(due, now, **cal)))
    return rows


def member_figures(*, user: Any) -> dict[str, dict[str, int]]:
    """Active members of the scope by status, sex, age band and party age band (dashboard)."""
    members = visible_to(Member.objects.exclude(status=MemberStatus.LEFT), user, Action.VIEW)
    on = today()
    by_sex = {row["sex"] or "?": row["n"] for row in members.values("sex").annotate(n=Count("pk"))}
    age = members.aggregate(
        **{band: Count("pk", filter=_born_between(r, on)) for band, r in AGE_BANDS.items()}
    )
    party = members.aggregate(
        **{band: Count("pk", filter=_admitted_between(r, on)) for band, r in PARTY_AGE_BANDS.items()}
    )
    return {"sex": by_sex, "age": age, "party_age": party}
