"""What the admission services share: the person's values, locking, steps, history and audit,
and who decides for a cell."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from chibo.admissions.models import Candidate, Step
from chibo.core import audit, regulations
from chibo.members import services as member_services
from chibo.members.models import Member, MemberStatus
from chibo.organizations.models import Unit
from chibo.rules import admission as rules
from chibo.rules import members as member_rules
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation
from chibo.rules.text import fold, normalize


@dataclass(frozen=True)
class CandidateSpec:
    """The person's details (the member fields that apply to someone not yet admitted)."""

    full_name: str
    birth_date: date
    sex: str = ""
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
    job: str = ""
    position: str = ""
    host_unit_name: str = ""
    host_unit_joined_on: date | None = None
    source: str = "other"
    over_age_approval: str = ""


PERSON_FIELDS = tuple(f.name for f in fields(CandidateSpec))
_DATE_FIELDS = ("birth_date", "host_unit_joined_on")


def _clean_person(values: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    clean = {k: (normalize(v) if isinstance(v, str) else v) for k, v in values.items()}
    if "full_name" in clean and not clean["full_name"]:
        raise RuleViolation("member.name_required")
    today = regulations.today()
    for name in _DATE_FIELDS:
        if clean.get(name) and clean[name] > today:
            raise RuleViolation("date.in_future", day=clean[name], today=today, field=name)
    if clean.get("cccd"):
        clean["cccd"] = member_rules.validate_cccd(clean["cccd"])
        _require_cccd_free(clean["cccd"], exclude_pk)
    if "full_name" in clean:
        clean["name_folded"] = fold(clean["full_name"])
    return clean


def _require_cccd_free(cccd: str, exclude_pk: int | None) -> None:
    """A person is one candidacy at a time, and not a candidate while already a member."""
    if Member.objects.filter(cccd=cccd, status__in=member_services.ACTIVE_STATUSES).exists():
        raise RuleViolation("admission.cccd_member", cccd=cccd)
    others = Candidate.objects.filter(cccd=cccd, stage__in=rules.BEFORE_DECISION).exclude(pk=exclude_pk)
    if others.exists():
        raise RuleViolation("admission.cccd_candidate", cccd=cccd)


def _lock(candidate: Candidate) -> Candidate:
    return (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("unit", "member")
        .get(pk=candidate.pk)
    )


def _step(
    candidate: Candidate, actor: Any, stage: str, on: date, *, reference: str = "", note: str = ""
) -> None:
    """Move to ``stage`` on ``on``: save the candidacy, append the history row."""
    candidate.stage, candidate.stage_on = stage, on
    candidate.version += 1
    candidate.save()
    Step.objects.create(
        candidate=candidate,
        stage=stage,
        effective_on=on,
        actor=actor if getattr(actor, "pk", None) else None,
        reference=reference,
        note=note,
    )


def _advance(candidate: Candidate, target: str, on: date) -> None:
    """The step may follow the current stage, on a date not before the previous step's."""
    rules.check_transition(candidate.stage, target, cell_level=candidate.unit.level)
    rules.check_step_date(on, previous_on=candidate.stage_on, today=regulations.today())


def _audit(actor: Any, action: str, candidate: Candidate, on: date, note: str = "", **after: Any) -> None:
    audit.record(
        actor=actor,
        action=action,
        target=candidate,
        unit=candidate.unit,
        after={"stage": candidate.stage, **after},
        effective_on=on,
        note=note,
    )


def grassroots_of(unit: Unit) -> Unit:
    """The grassroots organisation (chi bộ cơ sở or đảng bộ cơ sở) the cell belongs to."""
    if unit.level in (org_rules.CHI_BO_CO_SO, org_rules.DANG_BO_CO_SO):
        return unit
    for ancestor in reversed(list(unit.ancestor_units())):
        if ancestor.level in (org_rules.CHI_BO_CO_SO, org_rules.DANG_BO_CO_SO):
            return ancestor
    raise RuleViolation("admission.no_grassroots")


def deciding_unit_for(cell: Unit) -> Unit:
    """The committee that decides admissions of ``cell``'s candidates (DOMAIN.md §2 [S9])."""
    grassroots = grassroots_of(cell)
    body = rules.deciding_body(grassroots.level, delegated=grassroots.admission_authority)
    if body == rules.GRASSROOTS_COMMITTEE:
        return grassroots
    upper = grassroots.parent_unit()
    if upper is None:
        raise RuleViolation("admission.no_upper_committee")
    return upper


def official_members_of(cell: Unit) -> int:
    """Official members of the chi bộ (its tổ đảng included): the base of the 2/3 votes."""
    from chibo.core.scoping import subtree_q

    return Member.objects.filter(subtree_q(cell.path, "unit_path"), status=MemberStatus.OFFICIAL).count()
