"""The reports API: statistics (same JSON as the command), submitted reports, data quality."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.core.testing import user_with_role
from chibo.reports.models import SubmittedReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, board):
    client.force_login(board)
    return client


def test_statistics_json_is_the_commands(api, tree, tmp_path):
    answer = api.get(reverse("report-statistics-list"), {"unit": "A", "as_of": "2024-06-30"})
    assert answer.status_code == 200
    out = tmp_path / "a.json"
    call_command(
        "report", "statistics", "--unit", "A", "--as-of", "2024-06-30", "--format", "json", "--out", str(out)
    )
    assert answer.json() == json.loads(out.read_text())
    for key in (
        "unit",
        "as_of",
        "members_total",
        "official",
        "probationary",
        "female",
        "ethnic_minority",
        "religious",
        "under_30",
        "grassroots_units",
        "cells",
    ):
        assert key in answer.json()
    assert answer.json()["members_total"] == 4


def test_statistics_refuses_bad_queries(api, tree):
    assert api.get(reverse("report-statistics-list"), {"unit": "A", "as_of": "30/6/2024"}).status_code == 400
    assert api.get(reverse("report-statistics-list")).status_code == 400
    bad_period = {"unit": "A", "period_from": "2024-06-01", "period_to": "2024-01-01"}
    assert api.get(reverse("report-statistics-list"), bad_period).status_code == 400
    assert api.get(reverse("report-statistics-list"), {"unit": "NOPE"}).status_code == 404


def test_submit_list_and_detail(api, tree, board):
    created = api.post(
        reverse("report-submitted-list"),
        {"unit": "A", "as_of": "2024-06-30"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["figures"]["members_total"] == 4
    assert AuditEntry.objects.filter(action="report.submit", actor=board).count() == 1
    listing = api.get(reverse("report-submitted-list"), {"unit": "A"})
    assert [r["id"] for r in listing.json()["results"]] == [pk]
    detail = api.get(reverse("report-submitted-detail", args=[pk]))
    assert detail.json()["differences"] == []


def test_submit_refusals(client, tree):
    viewer = user_with_role("viewer", "viewer", tree.a)
    client.force_login(viewer)
    answer = client.post(
        reverse("report-submitted-list"),
        {"unit": "A", "as_of": "2024-06-30"},
        content_type="application/json",
    )
    assert answer.status_code == 400  # the unit is not one the viewer may manage
    secretary = user_with_role("sec", "secretary", tree.a)
    client.force_login(secretary)
    future = client.post(
        reverse("report-submitted-list"),
        {"unit": "A", "as_of": "2999-01-01"},
        content_type="application/json",
    )
    assert future.status_code == 400 and future.json()["code"] == "report.as_of_future"
    assert not SubmittedReport.objects.exists()


def test_quality_summary_and_problems(api, tree):
    from chibo.members.models import Member

    bad = tree.a1.members.filter(status="official").first()
    Member.objects.filter(pk=bad.pk).update(official_on=date(2009, 1, 1))
    answer = api.get(reverse("report-quality-list"), {"unit": "A"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["counts"]["official_before_admission"] == 1
    assert body["problems"] == [
        {
            "kind": "official_before_admission",
            "member_id": bad.pk,
            "name": bad.full_name,
            "unit_code": "A1",
            "detail": "admitted_on=2010-01-01 · official_on=2009-01-01",
        }
    ]
    assert {r["field"] for r in body["completeness"]} >= {"cccd", "birth_date", "card_number"}


# --- background data-quality runs ---------------------------------------------------------------


@pytest.fixture
def small_limit(settings, tree):  # type: ignore[no-untyped-def]
    """A limit between B's members (3) and A's (5): A is checked in the background, B at once."""
    settings.CHIBO_QUALITY_MAX_MEMBERS = 3
    return settings


def _ask(client, code: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("report-quality-run-list"), {"unit": code}, content_type="application/json")


def test_a_background_run_is_asked_for(small_limit, api, tree, board):
    from chibo.reports.models import QualityRun

    answer = _ask(api, "a")

    assert answer.status_code == 202, answer.content
    run = QualityRun.objects.get()
    assert run.state == QualityRun.State.QUEUED and run.unit == tree.a and run.requested_by == board
    body = answer.json()
    assert body["id"] == run.pk and body["unit"] == "A" and body["state"] == "queued"
    assert body["requested_by"] == "board" and body["finished_at"] is None
    assert body["problems_total"] is None and body["result"] is None
    entry = AuditEntry.objects.get(action="report.quality_run")
    assert entry.actor == board and entry.target_id == str(run.pk)


def test_a_run_is_refused_for_a_small_subtree_and_while_one_waits(small_limit, api, tree):
    from chibo.reports.models import QualityRun

    not_needed = _ask(api, "B")
    assert not_needed.status_code == 400 and not_needed.json()["code"] == "quality.run_not_needed"
    assert not QualityRun.objects.exists()

    assert _ask(api, "A").status_code == 202
    again = _ask(api, "A")

    assert again.status_code == 400 and again.json()["code"] == "quality.run_in_progress"
    assert again.json()["params"]["unit"] == "A"
    assert QualityRun.objects.count() == 1
    assert AuditEntry.objects.filter(action="report.quality_run").count() == 1


def test_a_viewer_may_read_runs_but_not_ask_for_one(small_limit, client, tree):
    from chibo.reports.models import QualityRun

    client.force_login(user_with_role("viewer-a", "viewer", tree.a))

    answer = _ask(client, "A")

    assert answer.status_code == 400 and "unit" in answer.json()  # not a unit the viewer may manage
    assert not QualityRun.objects.exists()


def test_the_runs_listed_are_those_of_the_callers_branch(settings, client, tree, board):
    from chibo.reports import services

    settings.CHIBO_QUALITY_MAX_MEMBERS = 2  # A (5) and B (3) are both checked in the background
    run_a = services.quality_run_request(actor=board, unit=tree.a)
    run_b = services.quality_run_request(actor=board, unit=tree.b)
    client.force_login(user_with_role("sec-b", "secretary", tree.b))

    listed = client.get(reverse("report-quality-run-list"))

    assert listed.status_code == 200
    assert [r["id"] for r in listed.json()["results"]] == [run_b.pk]
    assert client.get(reverse("report-quality-run-list"), {"unit": "A"}).status_code == 404
    assert client.get(reverse("report-quality-run-detail", args=[run_a.pk])).status_code == 404
    client.force_login(board)
    everything = client.get(reverse("report-quality-run-list")).json()["results"]
    assert [r["id"] for r in everything] == [run_b.pk, run_a.pk]  # newest first
    within_a = client.get(reverse("report-quality-run-list"), {"unit": "A"}).json()["results"]
    assert [r["id"] for r in within_a] == [run_a.pk]
    # below A: the secretary of A1 sees neither A's run nor its result (which names A2's members)
    client.force_login(user_with_role("sec-a1", "secretary", tree.a1))
    assert client.get(reverse("report-quality-run-list")).json()["results"] == []
    assert client.get(reverse("report-quality-run-detail", args=[run_a.pk])).status_code == 404


def test_a_run_whose_worker_was_lost_shows_as_failed(small_limit, api, tree, board):
    """A run still waiting an hour after it was asked for lost its worker: the API says failed
    (a client polling it stops waiting) before the next request marks it so."""
    from datetime import timedelta

    from django.utils import timezone

    from chibo.reports import services
    from chibo.reports.models import STALE_AFTER, QualityRun

    run = services.quality_run_request(actor=board, unit=tree.a)
    QualityRun.objects.filter(pk=run.pk).update(
        requested_at=timezone.now() - STALE_AFTER + timedelta(minutes=1)
    )
    assert api.get(reverse("report-quality-run-detail", args=[run.pk])).json()["state"] == "queued"
    QualityRun.objects.filter(pk=run.pk).update(
        requested_at=timezone.now() - STALE_AFTER - timedelta(minutes=1)
    )

    detail = api.get(reverse("report-quality-run-detail", args=[run.pk])).json()
    listed = api.get(reverse("report-quality-run-list")).json()["results"]

    assert detail["state"] == "failed" and listed[0]["state"] == "failed"
    assert QualityRun.objects.get(pk=run.pk).state == QualityRun.State.QUEUED  # reading writes nothing


def test_a_done_run_gives_what_the_check_found(small_limit, api, tree, board):
    from chibo.members import services as mem
    from chibo.reports import selectors, services

    for _ in range(2):  # name twins: problems for the check to find
        spec = mem.MemberSpec(
            "Đỗ Văn Hai", "official", birth_date=date(1970, 1, 1), admitted_on=date(2000, 1, 1)
        )
        mem.member_create(actor=None, unit=tree.a1, spec=spec)
    run = services.quality_run_request(actor=board, unit=tree.a)
    services.quality_run_compute(actor=board, run_id=run.pk)

    body = api.get(reverse("report-quality-run-detail", args=[run.pk])).json()

    expected = selectors.quality(tree.a, limit=200)
    assert expected["counts"]["name_birth_duplicate"] == 2
    assert body["state"] == "done" and body["finished_at"] is not None
    assert body["problems_total"] == expected["problems_total"]
    result = body["result"]
    assert result["unit"] == "A" and result["counts"] == expected["counts"]
    assert result["problems_total"] == expected["problems_total"]
    assert [(p["kind"], p["member_id"]) for p in result["problems"]] == [
        (p.kind, p.member_id) for p in expected["problems"]
    ]
    assert [r["field"] for r in result["completeness"]] == [r["field"] for r in expected["completeness"]]
    listed = api.get(reverse("report-quality-run-list"), {"unit": "A"}).json()["results"]
    assert listed[0]["problems_total"] == expected["problems_total"] and "result" not in listed[0]


def test_a_waiting_run_has_no_result_yet(small_limit, api, tree, board):
    from chibo.reports import services

    run = services.quality_run_request(actor=board, unit=tree.a)

    body = api.get(reverse("report-quality-run-detail", args=[run.pk])).json()

    assert body["state"] == "queued" and body["result"] is None and body["problems_total"] is None


@pytest.mark.django_db(transaction=True)
def test_permission_matrix_of_a_run_request(client, tree):
    """Every caller who manages A starts a run of its subtree (the worker, the immediate backend in
    tests, finishes each one when its request commits, so the next may ask again); a unit the caller
    may not manage is a field error of the body (400), as in the other APIs."""
    from django.test import override_settings

    from chibo.accounts.roles import Action
    from chibo.core.testing import assert_permission_matrix
    from chibo.reports.models import QualityRun

    with override_settings(CHIBO_QUALITY_MAX_MEMBERS=3):
        seen = assert_permission_matrix(
            client,
            tree,
            lambda t: reverse("report-quality-run-list"),
            action=Action.MANAGE,
            method="post",
            api=True,
            data={"unit": "A"},
            expected={"sibling": (400,), "own_without_right": (400,), "own": (202,), "ancestor": (202,)},
        )

    assert seen["own"] == seen["ancestor"] == 202
    runs = QualityRun.objects.filter(unit=tree.a)
    askers = sorted(runs.values_list("requested_by__username", flat=True))
    assert askers == ["ancestor-manage-post", "own-manage-post"]
    assert set(runs.values_list("state", flat=True)) == {QualityRun.State.DONE}


def test_the_schema_points_from_the_refusal_to_the_runs(api, tree):
    schema = api.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert "/api/v1/report-quality-runs/" in schema["paths"]
    assert "/api/v1/report-quality-runs/{id}/" in schema["paths"]
    assert "report-quality-runs" in schema["paths"]["/api/v1/report-quality/"]["get"]["description"]
    created = schema["paths"]["/api/v1/report-quality-runs/"]["post"]["responses"]
    assert "202" in created


RUNS_LIST_QUERIES = 4  # session, user, role grants, one page of runs with their units and askers


def test_the_runs_list_needs_the_same_queries_whatever_the_number_of_runs(
    settings, api, tree, board, django_assert_num_queries
):
    from chibo.reports import services

    settings.CHIBO_QUALITY_MAX_MEMBERS = 1  # every unit with a member is checked in the background
    for count, unit in enumerate((tree.a, tree.b, tree.root), start=1):
        run = services.quality_run_request(actor=board, unit=unit)
        services.quality_run_compute(actor=board, run_id=run.pk)
        with django_assert_num_queries(RUNS_LIST_QUERIES):
            listed = api.get(reverse("report-quality-run-list")).json()["results"]
        assert len(listed) == count and all(r["problems_total"] == 0 for r in listed)
