"""Reads of the admission pipeline, already scoped: candidates, the deadline board, targets, funnel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from chibo.accounts.roles import Action
from chibo.admissions.models import OPEN_STAGES, Candidate, PaperKind, Stage, Target, Vote
from chibo.core import regulations
from chibo.core.scoping import subtree_q, visible_to
from chibo.members.models import Member
from chibo.organizations.models import Unit
from chibo.rules import admission as rules
from chibo.rules.party_age import add_months
from chibo.rules.profiles import RegulationProfile
from chibo.rules.text import fold
from chibo.rules.workdays import working_days_between

#: How far ahead the board looks (calendar days): probations ending and certificates expiring.
LOOK_AHEAD_DAYS = 60
#: Deadlines counted in working days show from this many calendar days before they fall.
SOON_DAYS = 14


def candidate_list(
    *, user: Any, within: Unit | None = None, stage: str = "", q: str = "", include_closed: bool = False
) -> QuerySet[Candidate]:
    candidates = visible_to(Candidate.objects.select_related("unit"), user, Action.VIEW)
    if within is not None:
        candidates = candidates.filter(subtree_q(within.path, "unit__path"))
    if stage in Stage.values:
        candidates = candidates.filter(stage=stage)
    elif not include_closed:
        candidates = candidates.filter(stage__in=OPEN_STAGES)
    if q.strip():
        candidates = candidates.filter(name_folded__contains=fold(q.strip()))
    return candidates.order_by("unit__path", "name_folded", "pk")


def candidate_detail(candidate: Candidate) -> dict[str, Any]:
    """What the candidate's page shows beside the record: papers, introducers, votes, history."""
    present = {p.kind: p for p in candidate.papers.all()}
    checklist = [
        (code, PaperKind(code).label, required, present.get(code)) for code, required in rules.DOSSIER_PAPERS
    ]
    on = regulations.today()
    p = regulations.profile(on)
    stale = (
        candidate.stage == rules.DOSSIER
        and candidate.dossier_completed_on is not None
        and rules.dossier_stale(candidate.dossier_completed_on, on, p)
    )
    return {
        "checklist": checklist,
        "missing": rules.missing_papers(set(present)),
        "dossier_stale": stale,
        "redo_papers": rules.REDO_PAPERS,
        "introducers": candidate.introducers.select_related("member__unit"),
        "votes": candidate.votes.all(),
        "steps": candidate.steps.select_related("actor").order_by("-effective_on", "-id"),
        "deadlines": _deadlines_of(candidate, on, p, regulations.calendar_kwargs(), _failed_votes(candidate)),
        "age_months": rules.age_in_months(candidate.birth_date, on),
        "certificate_expires_on": (
            rules.certificate_expires_on(candidate.certificate_issued_on, p)
            if candidate.certificate_issued_on
            else None
        ),
    }


def _failed_votes(candidate: Candidate) -> int:
    kind = Vote.Kind.RECOGNITION if candidate.stage == rules.PROBATION else Vote.Kind.ADMISSION
    return candidate.votes.filter(kind=kind, passed=False).count()


# --- the deadline board ---------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    candidate: Candidate
    kind: str
    due: date
    overdue: bool
    #: Working days past the deadline (0 when not overdue).
    overdue_working_days: int

    @property
    def label(self) -> str:
        return str(DEADLINE_LABELS[self.kind])


DEADLINE_LABELS = {
    "decision": _("Admission decision (60 working days after the chi bộ resolution)"),
    "ceremony": _("Admission ceremony (30 working days after receiving the decision)"),
    "probation_end": _("Probation ends"),
    "recognition_vote": _("Recognition vote (30 working days after probation ends)"),
    "recognition_decision": _("Recognition decision (30 working days after the chi bộ resolution)"),
    "certificate": _("Awareness certificate expires (60 months)"),
    "dossier_stale": _("Dossier older than 12 months without a chi bộ vote: redo papers"),
    "escalation": _("Three failed chi bộ votes: report to the upper committee"),
}


def _deadlines_of(
    candidate: Candidate, on: date, p: RegulationProfile, calendar: dict[str, Any], failed: int
) -> list[Deadline]:
    """The deadlines running for one candidate on ``on`` (DOMAIN.md §2), whatever their distance;
    ``failed``: the failed chi bộ votes at the current stage (admission, or recognition)."""
    found: list[tuple[str, date]] = []
    stage = candidate.stage
    if stage in (rules.CELL_RESOLVED, rules.UPPER_RESOLVED) and candidate.cell_resolution_on:
        found.append(("decision", rules.decision_due(candidate.cell_resolution_on, p, **calendar)))
    if stage == rules.DECIDED and candidate.decision_on:
        received = candidate.decision_received_on or candidate.decision_on
        found.append(("ceremony", rules.ceremony_due(received, p, **calendar)))
    if stage == rules.PROBATION and candidate.ceremony_on:
        ends = rules.probation_end(candidate.ceremony_on, p)
        if on < ends:
            found.append(("probation_end", ends))
        else:
            found.append(
                ("recognition_vote", rules.recognition_vote_due(candidate.ceremony_on, p, **calendar))
            )
    if stage == rules.RECOGNITION_VOTED and candidate.recognition_vote_on:
        found.append(
            (
                "recognition_decision",
                rules.recognition_decision_due(candidate.recognition_vote_on, p, **calendar),
            )
        )
    if stage in (rules.TRAINED, rules.DOSSIER) and candidate.certificate_issued_on:
        found.append(("certificate", rules.certificate_expires_on(candidate.certificate_issued_on, p)))
    if stage == rules.DOSSIER and candidate.dossier_completed_on:
        found.append(
            ("dossier_stale", add_months(candidate.dossier_completed_on, p.dossier_redo_after_months))
        )
    if rules.escalation_due(failed, p) and stage in (rules.DOSSIER, rules.PROBATION):
        found.append(("escalation", candidate.stage_on))
    return [
        Deadline(
            candidate=candidate,
            kind=kind,
            due=due,
            overdue=_overdue(kind, due, on),
            overdue_working_days=working_days_between(due, on, **calendar) if _overdue(kind, due, on) else 0,
        )
        for kind, due in found
    ]


def _overdue(kind: str, due: date, on: date) -> bool:
    # a certificate expires and a dossier goes stale *on* the day; the others are last days
    if kind in ("certificate", "dossier_stale", "escalation"):
        return on >= due
    if kind == "probation_end":
        return False
    return on > due


def deadline_board(*, user: Any, within: Unit | None = None, on: date | None = None) -> list[Deadline]:
    """Everything due or overdue in the user's scope: overdue first, then by date.

    Shown: every overdue item; working-day deadlines falling in the next ``SOON_DAYS`` days;
    probations ending and certificates expiring in the next ``LOOK_AHEAD_DAYS`` days.
    """
    on = on or regulations.today()
    p = regulations.profile(on)
    calendar = regulations.calendar_kwargs()
    candidates = (
        candidate_list(user=user, within=within)
        .exclude(stage=rules.CANDIDATE)
        .annotate(
            failed_admission=_failed(Vote.Kind.ADMISSION), failed_recognition=_failed(Vote.Kind.RECOGNITION)
        )
    )
    board = []
    for candidate in candidates:
        failed = (
            candidate.failed_recognition if candidate.stage == rules.PROBATION else candidate.failed_admission
        )
        for deadline in _deadlines_of(candidate, on, p, calendar, failed):
            # a recognition vote shows from the end of probation on: it follows the "probation ends" item
            looking_ahead = deadline.kind in ("probation_end", "certificate", "recognition_vote")
            horizon = LOOK_AHEAD_DAYS if looking_ahead else SOON_DAYS
            if deadline.overdue or deadline.due <= on + timedelta(days=horizon):
                board.append(deadline)
    board.sort(key=lambda d: (not d.overdue, d.due, d.candidate.pk))
    return board


def _failed(kind: str) -> Count:
    return Count("votes", filter=Q(votes__passed=False, votes__kind=kind))


# --- targets and funnel ---------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    unit: Unit
    target: int | None
    admitted: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.admitted / self.target) if self.target else None


def admitted_counts(units: list[Unit], year: int) -> dict[int, int]:
    """Members admitted in ``year`` (decision date) in each unit's subtree, in one query."""
    if not units:
        return {}
    admitted = Member.objects.filter(admitted_on__gte=date(year, 1, 1), admitted_on__lte=date(year, 12, 31))
    figures = admitted.aggregate(
        **{f"u{u.pk}": Count("pk", filter=subtree_q(u.path, "unit_path")) for u in units}
    )
    return {u.pk: figures[f"u{u.pk}"] for u in units}


def target_progress(*, units: list[Unit], year: int) -> list[Progress]:
    """Target and admissions of ``year`` for each unit (counts rolled up over the subtree)."""
    targets = dict(Target.objects.filter(unit__in=units, year=year).values_list("unit_id", "target"))
    counts = admitted_counts(units, year)
    return [Progress(unit=u, target=targets.get(u.pk), admitted=counts[u.pk]) for u in units]


def funnel(*, user: Any, within: Unit | None = None, year: int | None = None) -> list[tuple[str, str, int]]:
    """Candidates by stage in the scope: the open ones, and those closed during ``year``."""
    year = year or regulations.today().year
    candidates = candidate_list(user=user, within=within, include_closed=True).filter(
        Q(stage__in=OPEN_STAGES) | Q(stage_on__year=year)
    )
    counts = dict(candidates.order_by().values_list("stage").annotate(n=Count("pk")))
    return [(value, str(label), counts.get(value, 0)) for value, label in Stage.choices]
