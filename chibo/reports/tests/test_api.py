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
