"""What the member services share: the record's values, their checks, history and locking."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import date
from itertools import chain
from typing import Any

from django.db import connection
from django.utils import timezone

from chibo.core import bulk, regulations
from chibo.members.models import (
    Member,
    MemberEvent,
    MemberStatus,
    MemberUnitPeriod,
    NameKey,
)
from chibo.rules import members as rules
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import fold, normalize, roster_sort_key

ACTIVE_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL)


#: Fields of the record a correction may change (life-cycle fields change through events).
EDITABLE_FIELDS = (
    "full_name",
    "birth_date",
    "sex",
    "ethnicity",
    "religion",
    "home_town",
    "residence",
    "cccd",
    "phone",
    "email",
    "education_general",
    "education_professional",
    "theory_level",
    "foreign_language",
    "job",
    "position",
    "host_unit_name",
    "admitted_on",
    "ceremony_on",
    "official_on",
    "card_number",
    "profile_number",
    "badge_numbers",
)


DATE_FIELDS = ("birth_date", "admitted_on", "ceremony_on", "official_on")


@dataclass(frozen=True)
class MemberSpec:
    """The values of a new record (the first six in this order for short calls)."""

    full_name: str
    status: str
    birth_date: date | None = None
    sex: str = ""
    admitted_on: date | None = None
    official_on: date | None = None
    ceremony_on: date | None = None
    ethnicity: str = "Kinh"
    religion: str = ""
    home_town: str = ""
    residence: str = ""
    cccd: str = ""
    phone: str = ""
    email: str = ""
    education_general: str = ""
    education_professional: str = ""
    theory_level: str = ""
    foreign_language: str = ""
    job: str = ""
    position: str = ""
    host_unit_name: str = ""
    card_number: str = ""
    profile_number: str = ""
    badge_numbers: str = ""


SPEC_FIELDS = tuple(f.name for f in fields(MemberSpec))


TEXT_FIELDS = tuple(f.name for f in fields(MemberSpec) if f.type == "str" and f.name not in ("status", "sex"))


def _check_values(values: dict[str, Any], now: date | None = None) -> dict[str, Any]:
    """Normalise text, validate the CCCD and the order of dates; return the clean values."""
    clean = dict(values)
    for name in TEXT_FIELDS:
        if clean.get(name):
            clean[name] = normalize(clean[name])
        elif name in clean:
            clean[name] = ""
    if "full_name" in clean and not clean["full_name"]:
        raise RuleViolation("member.name_required")
    if clean.get("cccd"):
        clean["cccd"] = rules.validate_cccd(clean["cccd"])
    now = now or regulations.today()
    for name in DATE_FIELDS:
        if clean.get(name) and clean[name] > now:
            raise RuleViolation("date.in_future", day=clean[name], today=now, field=name)
    return clean


def _check_dates(member: Member) -> None:
    rules.check_dates_order(
        birth_date=member.birth_date,
        admitted_on=member.admitted_on,
        ceremony_on=member.ceremony_on,
        official_on=member.official_on,
    )


def _require_cccd_free(cccd: str, exclude_pk: int | None = None) -> None:
    if not cccd:
        return
    taken = Member.objects.filter(cccd=cccd, status__in=ACTIVE_STATUSES)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise RuleViolation("member.cccd_taken", cccd=cccd)


def _check_unit_holds_members(unit: Any) -> None:
    """Members belong to a cell (or its party group), never to a dissolved unit."""
    if unit.dissolved_on is not None:
        raise RuleViolation("restructure.target_dissolved", dissolved_on=unit.dissolved_on)
    org_rules.check_holds_members(unit.level)


def _new_member(unit: Any, spec: MemberSpec) -> Member:
    values = _check_values({name: getattr(spec, name) for name in SPEC_FIELDS})
    if values["status"] not in ACTIVE_STATUSES:
        raise RuleViolation("member.status_invalid", status=values["status"])
    member = Member(**values, unit=unit, unit_path=unit.path)
    member.name_folded, member.name_sort = fold(member.full_name), roster_sort_key(member.full_name)
    _check_dates(member)
    return member


#: Data-entry events: they say when the record was written, not when something happened to the
#: member, so they do not hold back life-cycle events dated earlier.


RECORD_KEEPING = frozenset({MemberEvent.Kind.RECORDED, MemberEvent.Kind.UPDATED})


def _event(member: Member, kind: str, on: date, actor: Any, **extra: Any) -> MemberEvent:
    # a planned event (an absence or exemption starting later) does not hold back today's events
    if (
        kind not in RECORD_KEEPING
        and on <= regulations.today()
        and (member.last_event_on is None or on > member.last_event_on)
    ):
        Member.objects.filter(pk=member.pk).update(last_event_on=on)
        member.last_event_on = on
    return MemberEvent.objects.create(
        member=member,
        kind=kind,
        effective_on=on,
        actor=actor if getattr(actor, "pk", None) else None,
        unit_id=extra.pop("unit_id", member.unit_id),
        **extra,
    )


def _lock(member: Member) -> Member:
    return Member.objects.select_for_update(of=("self",)).select_related("unit").get(pk=member.pk)


def _check_event(member: Member, on: date, *, planned: bool = False, ends_membership: bool = False) -> None:
    """The member is active, and ``on`` is in order: after birth, admission and the latest event; in
    the past unless the event is ``planned``. An event that ends the current membership period (a
    transfer, leaving) may not be dated before that period began: the periods would overlap."""
    rules.check_active(member.status)
    rules.check_event_date(
        on,
        today=max(regulations.today(), on) if planned else regulations.today(),
        admitted_on=member.admitted_on,
        last_event_on=member.last_event_on,
        birth_date=member.birth_date,
    )
    if ends_membership:
        joined = (
            MemberUnitPeriod.objects.filter(member=member, valid_to__isnull=True)
            .values_list("valid_from", flat=True)
            .first()
        )
        if joined and on < joined:
            raise RuleViolation("member.event_before_membership", day=on, joined_on=joined)


def _save(member: Member, *names: str) -> None:
    """Save the named fields and bump the version (optimistic locking of corrections)."""
    member.version += 1
    member.save(update_fields=[*names, "version"])


def _move(member: Member, to_unit: Any, on: date, reason: str) -> None:
    MemberUnitPeriod.objects.filter(member=member, valid_to__isnull=True).update(valid_to=on)
    MemberUnitPeriod.objects.create(member=member, unit=to_unit, valid_from=on, reason=reason)
    member.unit, member.unit_path = to_unit, to_unit.path


MEMBER_COPY_COLUMNS = [
    "full_name",
    "name_folded",
    "name_sort",
    *[n for n in SPEC_FIELDS if n != "full_name"],
    "unit_id",
    "unit_path",
    "activity",
    "leave_reason",
    "readmissions",
    "version",
]


@functools.lru_cache(maxsize=200_000)
def _name_keys(full_name: str) -> tuple[str, str, str]:
    name = normalize(full_name)
    return name, fold(name), roster_sort_key(name)


# --- the names a search reads (NameKey, docs/decisions/0006-national-scale.md) --------------------


def _word_starts(folded: str) -> list[str]:
    """The folded name from the start of each of its words: "nguyen van duc", "van duc", "duc"."""
    words = folded.split(" ") if folded else []
    return [" ".join(words[i:]) for i in range(len(words))]


def keep_searchable(names: Iterable[tuple[str, str]]) -> None:
    """Record the word starts of these (folded name, roster sort key) pairs; those already
    recorded are left alone. Every service that writes a name calls it in its transaction."""
    rows = {(key, sort_key) for folded, sort_key in names for key in _word_starts(folded)}
    NameKey.objects.bulk_create(
        [NameKey(key=key, name_sort=sort_key) for key, sort_key in sorted(rows)],
        batch_size=2000,
        ignore_conflicts=True,
    )


#: New members go in by COPY this many at a time, each chunk under ids reserved for it.
COPY_CHUNK = 5000


class NewMembers:
    """New members written by COPY (``copy``, as often as rows come), then, set-based for them
    alone (``finish``), what ``member_create`` writes beside each record: its open membership
    period and its RECORDED event, both from ``day`` — or, with ``from_admission``, from the
    admission decision when the record has one — and the keys that make its name searchable.

    Each chunk is written under ids reserved for it (``bulk.reserve_ids``, kept in
    ``bulk.IdRanges``): reading back "every member above the largest id at the start", as before,
    gave a member recorded meanwhile by someone else a second period and event. The history is
    written once at the end, range by range: writing it chunk by chunk with COPY was measured
    slower (1,000,000 members: 106 s against 90 s), as formatting it costs the importing process
    more than the server saves."""

    def __init__(self, *, day: date, from_admission: bool, actor_id: int | None, details: dict[str, Any]):
        self.day, self.from_admission, self.actor_id, self.details = day, from_admission, actor_id, details
        self.ids = bulk.IdRanges()

    def copy(self, lines: Iterable[list[Any]], *, count: int | None = None) -> int:
        """Write ``MEMBER_COPY_COLUMNS`` lines, each with its id appended, by COPY under ids
        reserved ``COPY_CHUNK`` at a time — or as many as are left of ``count`` lines, when the
        caller knows it, so that no id is taken for nothing and the ranges stay whole. The lines
        are consumed as the COPY goes (memory does not grow with them, and the caller's work
        making them overlaps the server's). Returns the count written."""
        written = 0
        lines = iter(lines)
        while (first := next(lines, None)) is not None:
            wanted = COPY_CHUNK if count is None else min(COPY_CHUNK, max(1, count - written))
            used: list[int] = []
            bulk.copy_rows(
                Member,
                [*MEMBER_COPY_COLUMNS, "id"],
                _stamped(bulk.reserve_ids(Member, wanted), chain([first], lines), used),
            )
            self.ids.add(used)
            written += len(used)
        return written

    def finish(self) -> None:
        """The periods, RECORDED events and name keys of the members written, range by range."""
        member, period, event = (m._meta.db_table for m in (Member, MemberUnitPeriod, MemberEvent))
        typed = bulk.typed_params(["date", "varchar", "varchar", "timestamptz", "bigint", "varchar", "jsonb"])
        since = f"COALESCE(admitted_on, {typed[0]})" if self.from_admission else typed[0]
        recorded_at, details = timezone.now(), json.dumps(self.details)
        for first, last in self.ids:
            bulk.execute(
                f"INSERT INTO {period} (member_id, unit_id, valid_from, reason) "  # noqa: S608 — table names
                f"SELECT id, unit_id, {since}, {typed[1]} FROM {member} WHERE id BETWEEN %s AND %s",
                [self.day, "recorded", first, last],
            )
            bulk.execute(
                f"INSERT INTO {event} (member_id, kind, effective_on, recorded_at, actor_id, unit_id, "  # noqa: S608
                f"decision, details) SELECT id, {typed[2]}, {since}, {typed[3]}, {typed[4]}, unit_id, "
                f"{typed[5]}, {typed[6]} FROM {member} WHERE id BETWEEN %s AND %s",
                [MemberEvent.Kind.RECORDED, self.day, recorded_at, self.actor_id, "", details, first, last],
            )
        _keep_loaded_searchable(self.ids)


def _stamped(ids: list[int], lines: Iterator[list[Any]], used: list[int]) -> Iterator[list[Any]]:
    """The lines, each with one of ``ids`` appended (into ``used`` too), as long as ids last: zip
    takes an id before a line, so the line after the last id is left for the next chunk."""
    for pk, line in zip(ids, lines, strict=False):
        line.append(pk)
        used.append(pk)
        yield line


def _keep_loaded_searchable(ids: bulk.IdRanges) -> None:
    """``keep_searchable`` for the members with these ids (a bulk load): set-based on
    PostgreSQL, from their distinct names (the same words as ``_word_starts``)."""
    if connection.vendor != "postgresql":
        for first, last in ids:
            loaded = Member.objects.filter(pk__range=(first, last)).values_list("name_folded", "name_sort")
            keep_searchable(loaded.distinct().iterator(chunk_size=5000))
        return
    for first, last in ids:
        bulk.execute(
            f"INSERT INTO {NameKey._meta.db_table} (key, name_sort) "  # noqa: S608 — table names only
            "SELECT DISTINCT array_to_string(words[i:], ' '), name_sort "
            f"FROM (SELECT DISTINCT name_folded, name_sort FROM {Member._meta.db_table} "
            "WHERE id BETWEEN %s AND %s) AS names, "
            "LATERAL string_to_array(name_folded, ' ') AS words, "
            "LATERAL generate_series(1, cardinality(words)) AS i "
            "ON CONFLICT DO NOTHING",
            [first, last],
        )
