"""Services of chibo.commendations: every write, in one transaction, with its audit entry.

A commendation is recorded from its decision paper, corrected (with the reason, audited before and
after) and annulled (with the reason). The refusals name the field and the rule; refused input
writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from chibo.accounts.roles import Action
from chibo.commendations import selectors
from chibo.commendations.models import Commendation, Kind, Level
from chibo.core import audit, regulations
from chibo.core.scoping import require
from chibo.members.models import Member
from chibo.organizations.models import Unit
from chibo.rules.errors import RuleViolation
from chibo.rules.text import normalize

#: The first year a commendation can be for (the Party was founded on 3/2/1930).
FIRST_YEAR = 1930
#: The fields a correction may change; the subject (unit, member) never changes: annul and record anew.
EDITABLE = ("kind", "level", "title", "year", "decision_number", "decided_on", "issued_by", "citation")
TEXT_FIELDS = ("title", "decision_number", "issued_by", "citation")


def _check(values: dict[str, Any]) -> None:
    """The checks of a commendation's fields, shared by recording and correcting."""
    if values["kind"] not in Kind.values:
        raise RuleViolation("commendation.kind_unknown", kind=values["kind"])
    if values["level"] not in Level.values:
        raise RuleViolation("commendation.level_unknown", level=values["level"])
    if not str(values["decision_number"] or "").strip():
        raise RuleViolation("commendation.number_required")
    decided_on: date = values["decided_on"]
    today = regulations.today()
    if decided_on > today:
        raise RuleViolation("commendation.decided_in_future", day=decided_on, today=today)
    year = values["year"]
    if not FIRST_YEAR <= year <= decided_on.year:
        raise RuleViolation("commendation.year_invalid", year=year, first=FIRST_YEAR, last=decided_on.year)


def _check_discipline(member: Member, decided_on: date, confirmed: bool) -> bool:
    """True when a discipline of the member is in effect on the decision date (then only with the
    explicit confirmation: no titles while a discipline is in effect, DOMAIN.md §7, 69-QĐ/TW art. 2)."""
    case = selectors.discipline_in_effect([member.pk], decided_on).get(member.pk)
    if case is None:
        return False
    if not confirmed:
        raise RuleViolation(
            "commendation.under_discipline", name=member.full_name, case=str(case), day=decided_on
        )
    return True


@transaction.atomic
def commendation_record(
    *,
    actor: Any,
    kind: str,
    level: str,
    year: int,
    decision_number: str,
    decided_on: date,
    unit: Unit | None = None,
    member: Member | None = None,
    title: str = "",
    issued_by: str = "",
    citation: str = "",
    confirm_despite_discipline: bool = False,
) -> Commendation:
    """Record a commendation of a collective (``unit``) or of an individual (``member``, filed under
    the member's unit of today) from its decision."""
    if (unit is None) == (member is None):
        raise RuleViolation("commendation.subject_required")
    if member is not None:
        member = Member.objects.select_related("unit").get(pk=member.pk)
        unit = member.unit
    assert unit is not None
    require(actor, Action.MANAGE, unit)
    values = {"kind": kind, "level": level, "year": year, "decision_number": decision_number}
    values.update(decided_on=decided_on, title=title, issued_by=issued_by, citation=citation)
    _check(values)
    despite = member is not None and _check_discipline(member, decided_on, confirm_despite_discipline)
    for name in TEXT_FIELDS:
        values[name] = normalize(values[name] or "")
    commendation = Commendation.objects.create(
        unit=unit,
        member=member,
        despite_discipline=despite,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    audit.record(
        actor=actor,
        action="commendation.record",
        target=commendation,
        unit=unit,
        after={"member": member.pk if member else None, **audit.snapshot(commendation, list(values))}
        | {"despite_discipline": despite},
        effective_on=decided_on,
    )
    return commendation


def _lock(commendation: Commendation) -> Commendation:
    return (
        Commendation.objects.select_for_update(of=("self",))
        .select_related("unit", "member")
        .get(pk=commendation.pk)
    )


@transaction.atomic
def commendation_correct(
    *,
    actor: Any,
    commendation: Commendation,
    changes: dict[str, Any],
    reason: str,
    confirm_despite_discipline: bool = False,
) -> Commendation:
    """Correct a commendation recorded wrongly (not a new decision): the changed fields, before and
    after, and the reason go to the audit trail. A new decision date of a member's commendation is
    checked against the discipline in effect then, like a new record."""
    commendation = _lock(commendation)
    require(actor, Action.MANAGE, commendation.unit)
    if commendation.annulled:
        raise RuleViolation("commendation.annulled", day=commendation.annulled_on)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise RuleViolation("commendation.field_not_editable", fields=", ".join(unknown))
    if not reason.strip():
        raise RuleViolation("commendation.reason_required")
    changes = {k: normalize(v or "") if k in TEXT_FIELDS else v for k, v in changes.items()}
    before = audit.snapshot(commendation, [*EDITABLE, "despite_discipline"])
    _check({**{k: getattr(commendation, k) for k in EDITABLE}, **changes})
    changed = [k for k, v in changes.items() if getattr(commendation, k) != v]
    if not changed:
        raise RuleViolation("commendation.nothing_changed")
    member = commendation.member
    recheck = "decided_on" in changed and member is not None and not commendation.despite_discipline
    if recheck and _check_discipline(member, changes["decided_on"], confirm_despite_discipline):  # type: ignore[arg-type]
        commendation.despite_discipline = True
        changed.append("despite_discipline")
    for name in changed:
        if name in changes:
            setattr(commendation, name, changes[name])
    commendation.save(update_fields=changed)
    after = audit.snapshot(commendation, changed)
    audit.record(
        actor=actor,
        action="commendation.correct",
        target=commendation,
        unit=commendation.unit,
        before={k: before[k] for k in changed},
        after=after,
        note=normalize(reason),
    )
    return commendation


@transaction.atomic
def commendation_annul(
    *, actor: Any, commendation: Commendation, reason: str, on: date | None = None
) -> Commendation:
    """Annul a commendation whose decision was withdrawn; the row stays, marked, for the history."""
    commendation = _lock(commendation)
    require(actor, Action.MANAGE, commendation.unit)
    if commendation.annulled:
        raise RuleViolation("commendation.annulled", day=commendation.annulled_on)
    if not reason.strip():
        raise RuleViolation("commendation.reason_required")
    today = regulations.today()
    on = on or today
    if on > today:
        raise RuleViolation("commendation.annulled_in_future", day=on, today=today)
    if on < commendation.decided_on:
        raise RuleViolation(
            "commendation.annulled_before_decision", day=on, decided_on=commendation.decided_on
        )
    commendation.annulled_on, commendation.annul_reason = on, normalize(reason)
    commendation.save(update_fields=["annulled_on", "annul_reason"])
    audit.record(
        actor=actor,
        action="commendation.annul",
        target=commendation,
        unit=commendation.unit,
        before={"annulled_on": None},
        after={"annulled_on": on.isoformat()},
        effective_on=on,
        note=commendation.annul_reason,
    )
    return commendation


@transaction.atomic
def commendation_list_exported(*, actor: Any, unit: Unit | None, fmt: str, count: int, query: str) -> None:
    """Record that the list left the system as a file (PRODUCT.md, "Non-goals": exports are logged)."""
    if unit is not None:
        require(actor, Action.VIEW, unit)
    audit.record_batch(
        actor=actor,
        action="commendation.export",
        target=unit or actor,
        unit=unit,
        counts={"commendations": count},
        after={"format": fmt, "query": query[:500]},
    )
