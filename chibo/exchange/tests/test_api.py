"""The exchange API: multipart upload, status with counts, confirmation, report, export."""

from __future__ import annotations

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook
from rest_framework.test import APIClient

from chibo.core.testing import user_with_role
from chibo.exchange.models import ImportJob
from chibo.exchange.tests import jobs, roster
from chibo.members.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(board):
    client = APIClient()
    client.force_authenticate(board)
    return client


def _post(api, lines=None, unit="A", **extra):
    return api.post(
        reverse("import-list"), {"unit": unit, "file": jobs.upload(lines), **extra}, format="multipart"
    )


def test_upload_status_confirm_and_report(api, tree):
    response = _post(api, [roster.row(i) for i in range(3)])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["rows_total"], body["created"], body["unit"]) == ("checked", 3, 3, "A")

    status = api.get(reverse("import-detail", args=[body["id"]])).json()
    assert status["state"] == "checked" and status["progress"] == 0

    confirmed = api.post(reverse("import-confirm", args=[body["id"]]))
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "done"
    assert confirmed.json()["progress"] == 3
    assert Member.objects.filter(cccd__in=[roster.cccd(i) for i in range(3)]).count() == 3

    report = api.get(reverse("import-report", args=[body["id"]]))
    assert report.status_code == 200 and b"".join(report.streaming_content).startswith(b"PK")


def test_confirming_an_import_with_invalid_rows_is_a_400_with_the_code(api, tree):
    job_id = _post(api, [roster.row(0), roster.row(1, Số_CCCD="x")]).json()["id"]
    response = api.post(reverse("import-confirm", args=[job_id]))
    assert response.status_code == 400 and response.json()["code"] == "exchange.invalid_rows"
    assert not Member.objects.filter(cccd=roster.cccd(0)).exists()


def test_upload_needs_the_manage_right_on_the_unit(tree):
    client = APIClient()
    for user, expected in (
        (user_with_role("xem-a", "viewer", tree.a), 403),
        (user_with_role("bithu-b", "secretary", tree.b), 404),
    ):
        client.force_authenticate(user)
        assert _post(client, [roster.row(0)]).status_code == expected
    assert not ImportJob.objects.exists()


def test_upload_without_a_file_is_a_400(api, tree):
    response = api.post(reverse("import-list"), {"unit": "A"}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()


def test_export_fills_cccd_only_with_the_sensitive_right(api, tree, tmp_path):
    from chibo.members import services as mem

    mem.member_create(
        actor=None, unit=tree.a1, spec=mem.MemberSpec("Kim Văn Lộc", "official", cccd=roster.cccd(5))
    )
    secretary = user_with_role("bithu-a", "secretary", tree.a)
    other = APIClient()
    other.force_authenticate(secretary)
    for client, shown in ((api, True), (other, False)):
        response = client.get(reverse("roster-export-list"), {"unit": "A", "q": "Kim"})
        assert response.status_code == 200
        path = tmp_path / "e.xlsx"
        path.write_bytes(b"".join(response.streaming_content))
        cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        flat = [str(c) for line in cells for c in line]
        assert ("Kim Văn Lộc" in flat) and ((roster.cccd(5) in flat) is shown)


def test_an_import_whose_worker_is_gone_reads_failed_and_lost(api, tree):
    import os
    import time

    from django.db import connection

    from chibo.exchange import services
    from chibo.exchange.models import LOST_AFTER

    job = jobs.checked_job(tree, [roster.row(i) for i in range(3)])
    ImportJob.objects.filter(pk=job.pk).update(state="running")
    services._write_progress(job.pk, 2)
    with jobs.worker_at_work(job):
        body = api.get(reverse("import-detail", args=[job.pk])).json()
        assert (body["state"], body["lost"], body["progress"]) == ("running", False, 2)
    if connection.vendor != "postgresql":  # there, the worker's lock is gone with it
        silent = time.time() - LOST_AFTER.total_seconds() - 60
        os.utime(services.progress_path(job.pk), (silent, silent))
    body = api.get(reverse("import-detail", args=[job.pk])).json()
    assert (body["state"], body["lost"]) == ("failed", True)
