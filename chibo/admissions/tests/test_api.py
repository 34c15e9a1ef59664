"""The admission API: scope, refusals with their rule, one pipeline end to end, the board, targets."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import URLPattern, reverse
from rest_framework.test import APIClient

from chibo.accounts.roles import Action
from chibo.admissions import services as svc
from chibo.admissions.api import urls as api_urls
from chibo.admissions.models import Candidate, Step, Target, Vote
from chibo.admissions.tests.api_matrix_cases import CASES
from chibo.admissions.tests.conftest import (
    CELL_VOTE,
    CERTIFICATE,
    DECISION,
    DOSSIER,
    ENTERED,
    RECOGNITION,
    RECOGNITION_VOTE,
    TODAY,
    UPPER,
    advance,
    make_candidate,
    record_papers,
)
from chibo.core import regulations
from chibo.core.models import AuditEntry
from chibo.core.testing import assert_permission_matrix, user_with_role
from chibo.members.models import Member, MemberStatus
from chibo.rules import admission as rules
from chibo.rules.workdays import is_working_day, working_days_between

pytestmark = pytest.mark.django_db

PAPERS = ["application", "cv", "verification", "introducer_letter", "comments"]


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api(board):
    return _client(board)


def _post(client: APIClient, name: str, pk: int, **body: Any) -> Any:
    return client.post(reverse(f"candidate-{name}", args=[pk]), body, format="json")


def _officials(tree: Any, count: int = 2) -> list[Member]:
    return list(Member.objects.filter(unit=tree.a1, status=MemberStatus.OFFICIAL).order_by("pk")[:count])


def _refused(response: Any, code: str) -> None:
    """A refusal by a rule: 400, its code, and a translated sentence (not the bare code)."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == code
    assert body["detail"] and body["detail"] != code


# --- list and detail --------------------------------------------------------------------------


def test_list_shows_only_candidates_in_the_callers_scope(api, tree):
    candidate = make_candidate(tree)
    sibling = _client(user_with_role("viewer-b", "viewer", tree.b))
    assert sibling.get(reverse("candidate-list")).json()["results"] == []
    assert sibling.get(reverse("candidate-list"), {"unit": "A1"}).status_code == 404
    assert sibling.get(reverse("candidate-detail", args=[candidate.pk])).status_code == 404
    own = _client(user_with_role("viewer-a", "viewer", tree.a))
    assert [c["id"] for c in own.get(reverse("candidate-list")).json()["results"]] == [candidate.pk]
    assert [c["id"] for c in api.get(reverse("candidate-list"), {"unit": "a1"}).json()["results"]] == [
        candidate.pk
    ]


def test_list_filters_and_pages(api, tree):
    first = make_candidate(tree, full_name="Lê Thị Hoa")
    make_candidate(tree, full_name="Phạm Văn Nam")
    gone = svc.candidate_withdraw(
        actor=None, candidate=make_candidate(tree, full_name="Đỗ Minh"), on=ENTERED, reason="Chuyển đi"
    )
    url = reverse("candidate-list")
    assert [c["full_name"] for c in api.get(url, {"q": "le thi"}).json()["results"]] == ["Lê Thị Hoa"]
    assert gone.pk not in [c["id"] for c in api.get(url).json()["results"]]
    assert gone.pk in [c["id"] for c in api.get(url, {"include_closed": "true"}).json()["results"]]
    assert [c["id"] for c in api.get(url, {"stage": "withdrawn"}).json()["results"]] == [gone.pk]
    assert api.get(url, {"stage": "nope"}).status_code == 400
    page = api.get(url, {"page_size": 1}).json()
    assert [c["id"] for c in page["results"]] == [first.pk] and page["next"] and "count" not in page
    assert len(api.get(page["next"]).json()["results"]) == 1


def test_detail_has_the_checklist_introducers_votes_steps_and_no_sensitive_field(api, tree):
    candidate = advance(make_candidate(tree, cccd="001095012345", religion="Phật giáo"), tree, "dossier")
    body = api.get(reverse("candidate-detail", args=[candidate.pk])).json()
    assert [p["kind"] for p in body["papers"]] == [code for code, _required in rules.DOSSIER_PAPERS]
    assert all(p["recorded"] for p in body["papers"] if p["required"])
    assert body["missing_papers"] == []
    # completed on 1/4/2024, not voted on two years later: stale, and the board says so
    assert body["dossier_stale"] is True and "dossier_stale" in [d["kind"] for d in body["deadlines"]]
    assert [i["member"] for i in body["introducers"]] == [m.pk for m in _officials(tree)]
    assert [s["stage"] for s in body["steps"]] == ["dossier", "trained", "candidate"]
    assert body["votes"] == [] and body["stage"] == "dossier"
    assert not {"cccd", "religion", "residence"} & set(body)


def test_a_paper_missing_shows_in_the_detail(api, tree):
    candidate = advance(make_candidate(tree), tree, "trained")
    record_papers(candidate, skip=("verification",))
    body = api.get(reverse("candidate-detail", args=[candidate.pk])).json()
    assert body["missing_papers"] == ["verification"]


# --- create and correct -------------------------------------------------------------------------

NEW = {
    "unit": "A1",
    "full_name": "Nguyễn Thị Mai",
    "birth_date": "1998-03-02",
    "sex": "F",
    "source": "youth_union",
    "entered_on": "2026-02-02",
}


def test_create_records_the_candidate_with_its_audit_entry(api, tree):
    response = api.post(reverse("candidate-list"), NEW, format="json")
    assert response.status_code == 201, response.content
    candidate = Candidate.objects.get(pk=response.json()["id"])
    assert (candidate.unit, candidate.stage, candidate.entered_on) == (tree.a1, "candidate", date(2026, 2, 2))
    assert AuditEntry.objects.filter(action="candidate.create", actor__username="board").count() == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"entered_on": "2026-06-02"}, "date.in_future"),
        ({"cccd": "12AB"}, "member.cccd_format"),
        ({"entered_on": "1990-01-01"}, "admission.step_before_previous"),  # before the birth date
    ],
)
def test_create_refused_by_a_rule_writes_nothing(api, tree, change, code):
    _refused(api.post(reverse("candidate-list"), {**NEW, **change}, format="json"), code)
    assert not Candidate.objects.exists()
    assert not AuditEntry.objects.filter(action="candidate.create").exists()


def test_create_with_bad_input_or_in_a_unit_the_caller_may_not_change_is_400(tree):
    secretary_b = _client(user_with_role("sec-b", "secretary", tree.b))
    response = secretary_b.post(reverse("candidate-list"), NEW, format="json")
    assert response.status_code == 400 and "unit" in response.json()
    response = secretary_b.post(
        reverse("candidate-list"), {**NEW, "unit": "B1", "birth_date": "x"}, format="json"
    )
    assert response.status_code == 400 and "birth_date" in response.json()
    assert not Candidate.objects.exists()


def test_correction_needs_the_version_read_and_only_the_persons_details(api, tree):
    candidate = make_candidate(tree)
    url = reverse("candidate-detail", args=[candidate.pk])
    ok = api.patch(url, {"version": candidate.version, "phone": "0911"}, format="json")
    assert ok.status_code == 200 and ok.json()["phone"] == "0911"
    assert ok.json()["version"] == candidate.version + 1
    _refused(
        api.patch(url, {"version": candidate.version, "phone": "0922"}, format="json"),
        "member.edited_concurrently",
    )
    _refused(
        api.patch(url, {"version": ok.json()["version"], "stage": "official"}, format="json"),
        "member.field_not_editable",
    )
    assert api.patch(url, {"phone": "0933"}, format="json").status_code == 400
    candidate.refresh_from_db()
    assert (candidate.phone, candidate.stage) == ("0911", "candidate")


# --- steps ------------------------------------------------------------------------------------


def test_a_candidate_is_taken_to_official_member_through_the_api(api, tree):
    created = api.post(
        reverse("candidate-list"),
        {**NEW, "full_name": "Lê Thị Hoa", "birth_date": "1995-04-12", "entered_on": ENTERED},
        format="json",
    )
    pk = created.json()["id"]

    def step(name: str, **body: Any) -> dict[str, Any]:
        response = _post(api, name, pk, **body)
        assert response.status_code == 200, (name, response.content)
        return response.json()  # type: ignore[no-any-return]

    assert step("certificate", number="CN-1", issued_on=CERTIFICATE)["stage"] == "trained"
    for member in _officials(tree):
        step("introducers", member=member.pk, together_since="2020-01-01", assigned_on=ENTERED)
    for kind in PAPERS:
        step("papers", kind=kind, number="12", issued_on=CERTIFICATE)
    assert step("dossier-complete", on=DOSSIER)["stage"] == "dossier"
    voted = step("cell-vote", held_on=CELL_VOTE, in_favour=4, against=0)
    assert voted["stage"] == "cell_resolved" and voted["votes"][0]["passed"] is True
    assert step("upper-resolution", on=UPPER, number="NQ-1")["stage"] == "upper_resolved"
    decided = step("decide", decided_on=DECISION, number="QĐ-1")
    assert decided["stage"] == "decided" and decided["deciding_unit"] == "R" and decided["member"]
    assert step("ceremony", held_on=date(2024, 6, 10))["stage"] == "probation"
    assert step("recognition-vote", held_on=RECOGNITION_VOTE, in_favour=4, against=0)["stage"] == (
        "recognition_voted"
    )
    official = step("recognise", decided_on=RECOGNITION, number="QĐ-2")
    assert official["stage"] == "official" and official["deadlines"] == []
    member = Member.objects.get(pk=official["member"])
    assert member.status == MemberStatus.OFFICIAL and member.official_on == date(2025, 6, 10)
    assert [s["stage"] for s in official["steps"]][:3] == ["official", "recognition_voted", "probation"]


def test_a_candidate_too_young_at_the_cell_vote_is_refused(api, tree):
    candidate = advance(make_candidate(tree, birth_date=date(2006, 4, 16)), tree, "dossier")
    response = _post(api, "cell-vote", candidate.pk, held_on=CELL_VOTE, in_favour=4, against=0)
    _refused(response, "admission.too_young")
    assert not Vote.objects.exists()
    candidate.refresh_from_db()
    assert candidate.stage == "dossier"


def test_a_vote_with_more_votes_than_official_members_is_refused(api, tree):
    candidate = advance(make_candidate(tree), tree, "dossier")
    response = _post(api, "cell-vote", candidate.pk, held_on=CELL_VOTE, in_favour=4, against=1)
    _refused(response, "admission.vote_exceeds_members")
    assert response.json()["params"] == {"votes": "5", "members": "4"}
    assert not Vote.objects.exists()


def test_a_failed_vote_is_recorded_and_the_stage_stays(api, tree):
    candidate = advance(make_candidate(tree), tree, "dossier")
    body = _post(api, "cell-vote", candidate.pk, held_on=CELL_VOTE, in_favour=2, against=2).json()
    assert body["stage"] == "dossier"
    assert [(v["passed"], v["required"]) for v in body["votes"]] == [(False, 3)]


def test_a_step_out_of_order_is_refused_and_writes_nothing(api, tree):
    candidate = make_candidate(tree)
    steps = Step.objects.count()
    _refused(_post(api, "dossier-complete", candidate.pk, on=DOSSIER), "admission.step_out_of_order")
    _refused(
        _post(api, "decide", candidate.pk, decided_on=DECISION, number="QĐ"), "admission.step_out_of_order"
    )
    assert Step.objects.count() == steps


def test_step_input_is_validated_before_the_service(api, tree):
    candidate = make_candidate(tree)
    response = _post(api, "papers", candidate.pk, kind="passport", issued_on="2024-02-01")
    assert response.status_code == 400 and "kind" in response.json()
    response = _post(api, "withdraw", candidate.pk, on="2024-02-01", reason="")
    assert response.status_code == 400 and "reason" in response.json()
    candidate.refresh_from_db()
    assert candidate.stage == "candidate" and not candidate.papers.exists()


def test_an_introducer_must_be_a_member_the_caller_sees(tree):
    candidate = make_candidate(tree)
    secretary = _client(user_with_role("sec-a1", "secretary", tree.a1))
    stranger = Member.objects.filter(unit=tree.b1).first()
    response = _post(
        secretary,
        "introducers",
        candidate.pk,
        member=stranger.pk,
        together_since="2020-01-01",
        assigned_on=ENTERED,
    )
    assert response.status_code == 400 and "member" in response.json()
    assert not candidate.introducers.exists()


def test_the_decision_is_the_deciding_committees_not_the_cells(api, tree):
    candidate = advance(make_candidate(tree), tree, "upper_resolved")
    body = {"decided_on": DECISION, "number": "QĐ-1"}
    for username, unit in [("sec-a1", tree.a1), ("sec-a", tree.a)]:  # R decides for A1
        response = _post(_client(user_with_role(username, "secretary", unit)), "decide", candidate.pk, **body)
        assert response.status_code == 403, username
    candidate.refresh_from_db()
    assert candidate.stage == "upper_resolved" and candidate.member is None
    assert _post(api, "decide", candidate.pk, **body).status_code == 200


def test_the_upper_resolution_is_the_grassroots_committees(tree):
    candidate = advance(make_candidate(tree), tree, "cell_resolved")
    cell = _client(user_with_role("sec-a1", "secretary", tree.a1))
    assert _post(cell, "upper-resolution", candidate.pk, on=UPPER, number="NQ").status_code == 403
    grassroots = _client(user_with_role("sec-a", "secretary", tree.a))
    assert _post(grassroots, "upper-resolution", candidate.pk, on=UPPER, number="NQ").status_code == 200


# --- deadline board -----------------------------------------------------------------------------


def _working_days_before(day: date, count: int) -> date:
    earlier = day
    while True:
        earlier -= timedelta(days=1)
        if is_working_day(earlier) and working_days_between(earlier, day) == count:
            return earlier


def _cell_resolved_on(tree: Any, resolved_on: date) -> Candidate:
    """A candidate of A1 whose chi bộ resolution passed on ``resolved_on`` (recent dates throughout)."""
    entered, certified, completed = date(2025, 6, 2), date(2025, 7, 1), date(2025, 8, 1)
    candidate = svc.candidate_create(
        actor=None,
        unit=tree.a1,
        spec=svc.CandidateSpec(full_name="Vũ Thị Lan", birth_date=date(1996, 5, 5)),
        entered_on=entered,
    )
    svc.candidate_certificate(actor=None, candidate=candidate, number="CN-7", issued_on=certified)
    for member in _officials(tree):
        svc.introducer_assign(
            actor=None,
            candidate=candidate,
            member=member,
            together_since=date(2020, 1, 1),
            assigned_on=entered,
            replacement=False,
        )
    for kind in PAPERS:
        svc.dossier_paper_record(actor=None, candidate=candidate, kind=kind, number="7", issued_on=certified)
    svc.candidate_dossier_complete(actor=None, candidate=candidate, on=completed)
    svc.candidate_cell_vote(actor=None, candidate=candidate, held_on=resolved_on, in_favour=4, against=0)
    return candidate


def test_a_cell_resolution_70_working_days_old_shows_an_overdue_decision(api, tree):
    resolved_on = _working_days_before(TODAY, 70)
    candidate = _cell_resolved_on(tree, resolved_on)
    board = api.get(reverse("admission-deadline-list")).json()
    profile = regulations.profile(resolved_on)
    assert board == [
        {
            "candidate": candidate.pk,
            "candidate_name": "Vũ Thị Lan",
            "unit": "A1",
            "kind": "decision",
            "label": board[0]["label"],
            "due": rules.decision_due(resolved_on, profile).isoformat(),
            "overdue": True,
            "overdue_working_days": 70 - profile.admission_decision_working_days,
        }
    ]
    assert board[0]["label"]
    assert api.get(reverse("admission-deadline-list"), {"unit": "B"}).json() == []
    sibling = _client(user_with_role("viewer-b", "viewer", tree.b))
    assert sibling.get(reverse("admission-deadline-list")).json() == []
    assert sibling.get(reverse("admission-deadline-list"), {"unit": "A"}).status_code == 404


def test_a_decision_not_yet_due_is_not_on_the_board(api, tree):
    _cell_resolved_on(tree, _working_days_before(TODAY, 5))
    assert api.get(reverse("admission-deadline-list")).json() == []


# --- targets and funnel -------------------------------------------------------------------------


def test_targets_set_from_above_and_progress(api, tree):
    # A1's probationary member was admitted on 1/1/2025
    url = reverse("admission-target-list")
    created = api.post(url, {"unit": "A", "year": 2025, "target": 3}, format="json")
    assert created.status_code == 200, created.content
    updated = api.put(url, {"unit": "A", "year": 2025, "target": 2}, format="json").json()
    assert updated == {"unit": "A", "unit_name": tree.a.name, "level": tree.a.level, "target": 2,
                       "admitted": 1, "percent": 50}  # fmt: skip
    assert Target.objects.get(unit=tree.a, year=2025).target == 2
    body = api.get(url, {"unit": "R", "year": 2025}).json()
    (root,) = body["units"]
    assert body["year"] == 2025 and (root["unit"], root["target"], root["admitted"]) == ("R", None, 1)
    assert [(c["unit"], c["target"], c["admitted"]) for c in root["children"]] == [
        ("A", 2, 1),
        ("B", None, 0),
    ]


def test_targets_default_to_the_callers_scope_and_come_from_above(tree):
    secretary = _client(user_with_role("sec-a", "secretary", tree.a))
    url = reverse("admission-target-list")
    body = secretary.get(url).json()
    assert body["year"] == TODAY.year
    assert [(u["unit"], [c["unit"] for c in u["children"]]) for u in body["units"]] == [("A", ["A1"])]
    # A's own target is set by R's board, not by A's secretary; A's secretary sets A1's
    assert secretary.post(url, {"unit": "A", "year": 2026, "target": 5}, format="json").status_code == 403
    assert secretary.post(url, {"unit": "A1", "year": 2026, "target": 2}, format="json").status_code == 200
    _refused(
        secretary.post(url, {"unit": "A1", "year": 2020, "target": 2}, format="json"), "admission.target_year"
    )
    assert list(Target.objects.values_list("unit__code", "year", "target")) == [("A1", 2026, 2)]
    assert secretary.get(url, {"unit": "B"}).status_code == 404
    assert secretary.get(url, {"year": "soon"}).status_code == 400


def test_funnel_counts_candidates_by_stage(api, tree):
    advance(make_candidate(tree, full_name="Một"), tree, "dossier")
    advance(make_candidate(tree, full_name="Hai"), tree, "trained")
    make_candidate(tree, full_name="Ba")
    svc.candidate_withdraw(
        actor=None, candidate=make_candidate(tree, full_name="Bốn"), on=TODAY, reason="Đi xa"
    )
    counts = {row["stage"]: row["count"] for row in api.get(reverse("admission-funnel-list")).json()}
    assert counts == {stage: 0 for stage in rules.STAGES} | {
        "candidate": 1,
        "trained": 1,
        "dossier": 1,
        "withdrawn": 1,
    }
    closed_last_year = api.get(reverse("admission-funnel-list"), {"year": 2025}).json()
    assert {r["stage"]: r["count"] for r in closed_last_year}["withdrawn"] == 0
    assert all(r["count"] == 0 for r in api.get(reverse("admission-funnel-list"), {"unit": "B"}).json())


# --- queries --------------------------------------------------------------------------------------

LIST_QUERIES = 4  # session, user, role grants, one page of candidates with their units


def test_the_list_needs_the_same_queries_whatever_the_number_of_candidates(
    client, tree, board, django_assert_num_queries
):
    client.force_login(board)
    for count in (3, 10):
        while Candidate.objects.count() < count:
            unit = tree.a1 if Candidate.objects.count() % 2 else tree.b1
            svc.candidate_create(
                actor=None,
                unit=unit,
                spec=svc.CandidateSpec(full_name=f"Ứng viên {unit.code}", birth_date=date(1999, 1, 1)),
                entered_on=ENTERED,
            )
        with django_assert_num_queries(LIST_QUERIES):
            response = client.get(reverse("candidate-list"))
        assert len(response.json()["results"]) == count


# --- the permission matrix ------------------------------------------------------------------------


def test_every_admission_api_url_is_in_the_matrix():
    names = {p.name for p in api_urls.urlpatterns if isinstance(p, URLPattern) and p.name}
    names = {n for n in names if not n.endswith("-format")}
    assert names == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_permission_matrix(client, tree, name):
    url_for, action, method, api, expected = CASES[name]
    assert_permission_matrix(client, tree, url_for, action=action, method=method, api=api, expected=expected)


def test_permission_matrix_of_create(client, tree):
    # a unit the caller may not change is a field error of the body (400), as in the members API
    assert_permission_matrix(
        client,
        tree,
        lambda t: reverse("candidate-list"),
        action=Action.MANAGE,
        method="post",
        api=True,
        data=NEW,
        expected={"sibling": (400,), "own_without_right": (400,), "own": (201,), "ancestor": (201,)},
    )


def test_permission_matrix_of_correction(client, tree):
    assert_permission_matrix(
        client,
        tree,
        CASES["candidate-detail"][0],
        action=Action.MANAGE,
        method="patch",
        api=True,
    )


def test_permission_matrix_of_target_set(client, tree):
    assert_permission_matrix(
        client,
        tree,
        lambda t: reverse("admission-target-list"),
        action=Action.MANAGE,
        method="post",
        api=True,
        data={"unit": "A1", "year": TODAY.year, "target": 2},
        expected={"sibling": (400,), "own": (200,), "ancestor": (200,)},  # A1 unknown to B's secretary
    )
