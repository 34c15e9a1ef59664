"""Member records: creation one by one and in bulk, corrections, audited reads and exports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.scoping import require, subtree_q
from chibo.members.models import (
    ActivityState,
    Member,
    MemberEvent,
    MemberStatus,
    MemberUnitPeriod,
)
from chibo.members.services._common import (
    ACTIVE_STATUSES,
    EDITABLE_FIELDS,
    SPEC_FIELDS,
    MemberSpec,
    NewMembers,
    _check_dates,
    _check_unit_holds_members,
    _check_values,
    _event,
    _lock,
    _name_keys,
    _new_member,
    _require_cccd_free,
    _save,
    keep_searchable,
)
from chibo.rules import members as rules
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import fold, roster_sort_key


@transaction.atomic
def member_create(*, actor: Any, unit: Any, spec: MemberSpec, joined_on: date | None = None) -> Member:
    """Record an existing member in ``unit`` (entered from the paper records)."""
    return _create(actor, unit, spec, joined_on, MemberEvent.Kind.RECORDED, "member.create")


@transaction.atomic
def member_admit(*, actor: Any, unit: Any, spec: MemberSpec, decision: str = "") -> Member:
    """Create the record of a member just admitted by a decision (the admission pipeline): a
    probationary member whose party age counts from ``spec.admitted_on``, the decision's date."""
    if spec.status != MemberStatus.PROBATIONARY or spec.admitted_on is None:
        raise ValueError("an admission creates a probationary member with the decision date")
    return _create(
        actor, unit, spec, spec.admitted_on, MemberEvent.Kind.ADMITTED, "member.admit", decision=decision
    )


def _create(
    actor: Any,
    unit: Any,
    spec: MemberSpec,
    joined_on: date | None,
    kind: str,
    action: str,
    decision: str = "",
) -> Member:
    require(actor, Action.MANAGE, unit)
    _check_unit_holds_members(unit)
    member = _new_member(unit, spec)
    _require_cccd_free(member.cccd)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:  # the partial unique index: a concurrent record took the CCCD
        raise RuleViolation("member.cccd_taken", cccd=member.cccd) from exc
    keep_searchable([(member.name_folded, member.name_sort)])
    on = joined_on or member.admitted_on or regulations.today()  # unknown: from the admission on
    MemberUnitPeriod.objects.create(member=member, unit=unit, valid_from=on, reason="recorded")
    _event(member, kind, on, actor, decision=decision)
    audit.record(actor=actor, action=action, target=member, unit=unit, after=audit.snapshot(member))
    return member


@transaction.atomic
def members_bulk_create(
    *, actor: Any, unit_specs: Iterable[tuple[Any, Sequence[MemberSpec]]], joined_on: date, batch_target: Any
) -> int:
    """Create many members at once (demo data, imports): all or nothing, one audit batch entry."""
    created = 0
    seen_cccd: set[str] = set()
    for unit, specs in unit_specs:
        require(actor, Action.MANAGE, unit)
        _check_unit_holds_members(unit)
        rows = [_new_member(unit, spec) for spec in specs]
        batch_cccd = [row.cccd for row in rows if row.cccd]
        duplicates = (set(batch_cccd) & seen_cccd) or {c for c in batch_cccd if batch_cccd.count(c) > 1}
        if duplicates:
            raise RuleViolation("member.cccd_taken", cccd=sorted(duplicates)[0])
        if batch_cccd and Member.objects.filter(cccd__in=batch_cccd, status__in=ACTIVE_STATUSES).exists():
            raise RuleViolation("member.cccd_taken", cccd=batch_cccd[0])
        seen_cccd.update(batch_cccd)
        Member.objects.bulk_create(rows, batch_size=1000)
        keep_searchable((m.name_folded, m.name_sort) for m in rows)
        MemberUnitPeriod.objects.bulk_create(
            [MemberUnitPeriod(member=m, unit=unit, valid_from=joined_on, reason="recorded") for m in rows],
            batch_size=1000,
        )
        MemberEvent.objects.bulk_create(
            [
                MemberEvent(
                    member=m,
                    kind=MemberEvent.Kind.RECORDED,
                    effective_on=joined_on,
                    unit=unit,
                    actor=actor if getattr(actor, "pk", None) else None,
                )
                for m in rows
            ],
            batch_size=1000,
        )
        created += len(rows)
    audit.record_batch(
        actor=actor,
        action="member.bulk_create",
        target=batch_target,
        unit=batch_target,
        counts={"members_created": created},
        effective_on=joined_on,
    )
    return created


@transaction.atomic
def member_update(*, actor: Any, member: Member, version: int, changes: dict[str, Any]) -> Member:
    """Correct the record. ``version`` is the one the editor read: if someone saved in between,
    the correction is refused rather than silently overwriting theirs."""
    member = _lock(member)
    require(actor, Action.MANAGE, member.unit)
    rules.check_active(member.status)
    if member.version != version:
        raise RuleViolation("member.edited_concurrently")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise RuleViolation("member.field_not_editable", fields=", ".join(sorted(unknown)))
    changes = _check_values(changes)
    before = audit.snapshot(member, list(changes))
    for name, value in changes.items():
        setattr(member, name, value)
    _check_dates(member)
    if "cccd" in changes:
        _require_cccd_free(member.cccd, exclude_pk=member.pk)
    changed = [name for name in changes if before[name] != audit.snapshot(member, [name])[name]]
    if not changed:
        return member
    name_keys = (member.name_folded, member.name_sort)
    member.name_folded, member.name_sort = fold(member.full_name), roster_sort_key(member.full_name)
    try:
        with transaction.atomic():
            _save(member, *changed, "name_folded", "name_sort")
    except IntegrityError as exc:  # the partial unique index: a concurrent record took the CCCD
        raise RuleViolation("member.cccd_taken", cccd=member.cccd) from exc
    if (member.name_folded, member.name_sort) != name_keys:
        keep_searchable([(member.name_folded, member.name_sort)])
    _event(member, MemberEvent.Kind.UPDATED, regulations.today(), actor, details={"fields": changed})
    audit.record(
        actor=actor,
        action="member.update",
        target=member,
        unit=member.unit,
        before={k: before[k] for k in changed},
        after=audit.snapshot(member, changed),
    )
    return member


@transaction.atomic
def member_link_account(*, actor: Any, member: Member, user: Any) -> Member:
    """Link a sign-in account to the member's record (their own pages, QR check-in at meetings).
    An account belongs to one member, and a member has one account."""
    member = _lock(member)
    require(actor, Action.MANAGE, member.unit)
    rules.check_active(member.status)
    if member.user_id is not None:
        raise RuleViolation("member.account_linked")
    if Member.objects.filter(user=user).exists():
        raise RuleViolation("member.account_taken", username=user.get_username())
    member.user = user
    _save(member, "user")
    audit.record(
        actor=actor,
        action="member.link_account",
        target=member,
        unit=member.unit,
        after={"user": user.get_username()},
    )
    return member


@transaction.atomic
def member_sensitive_view(*, actor: Any, member: Member) -> dict[str, str]:
    """The sensitive fields (CCCD, religion, residence), for the organisation board or the member
    themself; every view is written to the audit trail (Decree 13/2023)."""
    is_self = getattr(actor, "pk", None) is not None and member.user_id == actor.pk
    if not is_self:
        require(actor, Action.SENSITIVE, member.unit)
    audit.record(
        actor=actor,
        action="member.view_sensitive",
        target=member,
        unit=member.unit,
        after={"fields": ["cccd", "religion", "residence"]},
    )
    return {"cccd": member.cccd, "religion": member.religion, "residence": member.residence}


@transaction.atomic
def member_list_exported(*, actor: Any, unit: Any, fmt: str, count: int, sensitive: bool, query: str) -> None:
    """Record that a list left the system as a file (PRODUCT.md, "Non-goals": exports are logged)."""
    if unit is not None:
        require(actor, Action.VIEW, unit)
    audit.record_batch(
        actor=actor,
        action="member.export",
        target=unit or actor,
        unit=unit,
        counts={"members": count},
        after={"format": fmt, "sensitive": sensitive, "query": query[:500]},
    )


@transaction.atomic
def members_bulk_load(
    *, actor: Any, batch_target: Any, rows: Iterable[tuple[str, MemberSpec]], joined_on: date
) -> int:
    """Load members at national scale: each row (unit code, spec) is checked like ``member_create``,
    rows stream into the table with COPY, then their membership periods, RECORDED events
    and name keys set-based (``NewMembers``), and one audit batch entry records the count. All or nothing."""
    from chibo.organizations.models import Unit

    require(actor, Action.MANAGE, batch_target)
    units = {
        code: (pk, path, level, dissolved)
        for pk, code, path, level, dissolved in Unit.objects.filter(subtree_q(batch_target.path)).values_list(
            "pk", "code", "path", "level", "dissolved_on"
        )
    }
    seen_cccd: set[str] = set()
    now = regulations.today()

    def prepared() -> Iterable[list[Any]]:
        for code, spec in rows:
            if code not in units:
                raise RuleViolation("member.unit_unknown", code=code)
            pk, path, level, dissolved = units[code]
            if dissolved is not None:
                raise RuleViolation("restructure.target_dissolved", dissolved_on=dissolved)
            org_rules.check_holds_members(level)
            values = _check_values(
                {name: getattr(spec, name) for name in SPEC_FIELDS if name != "full_name"}, now
            )
            if values["status"] not in ACTIVE_STATUSES:
                raise RuleViolation("member.status_invalid", status=values["status"])
            if values["cccd"]:
                if values["cccd"] in seen_cccd:
                    raise RuleViolation("member.cccd_taken", cccd=values["cccd"])
                seen_cccd.add(values["cccd"])
            rules.check_dates_order(
                birth_date=values["birth_date"],
                admitted_on=values["admitted_on"],
                ceremony_on=values["ceremony_on"],
                official_on=values["official_on"],
            )
            name, folded, sort_key = _name_keys(spec.full_name)
            if not name:
                raise RuleViolation("member.name_required")
            yield [
                name,
                folded,
                sort_key,
                *[values[n] for n in SPEC_FIELDS if n != "full_name"],
                pk,
                path,
                ActivityState.NORMAL,
                "",
                0,
                1,
            ]

    new_members = NewMembers(
        day=joined_on, from_admission=False, actor_id=getattr(actor, "pk", None), details={}
    )
    try:
        with transaction.atomic():
            written = new_members.copy(prepared())
    except IntegrityError as exc:  # the unique index of CCCDs among active members
        raise RuleViolation("member.cccd_taken", cccd="") from exc
    new_members.finish()
    audit.record_batch(
        actor=actor,
        action="member.bulk_load",
        target=batch_target,
        unit=batch_target,
        counts={"members_created": written},
        effective_on=joined_on,
    )
    return written
