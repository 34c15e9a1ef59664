"""The import pages: upload → check → preview → confirm → progress → result and report; the
template and the export; refusals of the upload."""

from __future__ import annotations

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from chibo.core.models import AuditEntry
from chibo.exchange import services
from chibo.exchange.models import ImportJob
from chibo.exchange.tests import jobs, roster
from chibo.members.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_board(client, board):
    client.force_login(board)
    return client


def _upload(client, lines=None, skip_invalid=False, unit="A", content=None, name="danh-sach.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content if content is not None else jobs.roster_bytes(lines))
    data = {"unit": unit, "file": upload, **({"skip_invalid": "on"} if skip_invalid else {})}
    return client.post(reverse("exchange:upload"), data)


def test_upload_check_preview_confirm_and_report(client_board, tree):
    response = _upload(client_board, [roster.row(i) for i in range(3)])
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exchange:detail", args=[job.pk])
    assert job.state == "checked" and (job.rows_total, job.created, job.rows_invalid) == (3, 3, 0)
    assert not Member.objects.filter(cccd=roster.cccd(0)).exists()  # checked, not written

    page = client_board.get(reverse("exchange:detail", args=[job.pk]))
    html = page.content.decode()
    assert 'id="preview-table"' in html and "Phạm Văn Nhập 2" in html and 'id="confirm-import"' in html

    response = client_board.post(reverse("exchange:confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == "done" and job.created == 3 and job.finished_at is not None
    assert Member.objects.filter(cccd__in=[roster.cccd(i) for i in range(3)]).count() == 3
    assert AuditEntry.objects.filter(action="exchange.import", actor__username="board").count() == 1

    report = client_board.get(reverse("exchange:report", args=[job.pk]))
    assert report.status_code == 200
    body = b"".join(report.streaming_content)
    assert body.startswith(b"PK")


def test_invalid_rows_all_or_nothing_cannot_be_confirmed(client_board, tree):
    _upload(client_board, [roster.row(0), roster.row(1, Số_CCCD="1")])
    job = ImportJob.objects.get()
    assert job.state == "checked" and job.rows_invalid == 1
    html = client_board.get(reverse("exchange:detail", args=[job.pk])).content.decode()
    assert 'id="confirm-import"' not in html and "table-danger" in html
    assert 'id="preview-problems"' in html and "Số CCCD" in html
    assert roster.cccd(0) not in html  # the preview hides CCCDs
    before = AuditEntry.objects.count()
    client_board.post(reverse("exchange:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == "checked" and AuditEntry.objects.count() == before
    assert not Member.objects.filter(cccd=roster.cccd(0)).exists()


def test_skip_invalid_imports_the_valid_rows(client_board, tree):
    _upload(client_board, [roster.row(0), roster.row(1, Số_CCCD="1")], skip_invalid=True)
    job = ImportJob.objects.get()
    client_board.post(reverse("exchange:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == "done" and (job.created, job.rows_invalid) == (1, 1)
    assert Member.objects.filter(cccd=roster.cccd(0)).exists()


def test_a_file_that_is_no_workbook_is_refused_with_its_reason(client_board, tree):
    _upload(client_board, content=b"Ho va ten;CCCD\n")
    job = ImportJob.objects.get()
    assert job.state == "refused" and job.problem
    html = client_board.get(reverse("exchange:detail", args=[job.pk])).content.decode()
    assert 'id="import-problem"' in html and 'id="confirm-import"' not in html


def test_an_upload_over_the_size_limit_is_refused_before_it_is_stored(client_board, tree, settings):
    settings.EXCHANGE_MAX_UPLOAD_BYTES = 100
    response = _upload(client_board, [roster.row(0)])
    assert response.status_code == 400 and not ImportJob.objects.exists()
    assert "alert-danger" in response.content.decode()


def test_an_upload_into_a_unit_outside_the_scope_is_404(client, tree):
    from chibo.core.testing import user_with_role

    client.force_login(user_with_role("bithu-b", "secretary", tree.b))
    assert _upload(client, [roster.row(0)], unit="A").status_code == 404
    assert not ImportJob.objects.exists()


def test_the_progress_part_polls_while_the_import_runs(client_board, tree, django_assert_num_queries):
    from django.db import connection

    job = jobs.checked_job(tree, [roster.row(i) for i in range(4)])
    ImportJob.objects.filter(pk=job.pk).update(state="running")
    with jobs.worker_at_work(job):
        services._write_progress(job.pk, 2)
        client_board.get(reverse("exchange:progress", args=[job.pk]))  # warm the session
        # session, user, roles, job — and on PostgreSQL the worker's lock
        with django_assert_num_queries(5 if connection.vendor == "postgresql" else 4):
            html = client_board.get(reverse("exchange:progress", args=[job.pk])).content.decode()
        assert 'hx-trigger="every 1s"' in html and 'aria-valuenow="50"' in html and "2 / 4" in html
    services.progress_path(job.pk).unlink()
    ImportJob.objects.filter(pk=job.pk).update(state="done")
    html = client_board.get(reverse("exchange:progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html and 'id="import-done"' in html


def test_the_check_shows_the_rows_checked_so_far(client_board, tree):
    job = services.import_job_create(actor=None, unit=tree.a, upload=jobs.upload())
    with jobs.worker_at_work(job):
        services._write_progress(job.pk, 7)
        html = client_board.get(reverse("exchange:progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and '<span id="rows-checked">đã kiểm tra 7 dòng</span>' in html


def _age_progress(job, minutes: float) -> None:
    import os
    import time

    path = services.progress_path(job.pk)
    os.utime(path, (time.time() - minutes * 60, time.time() - minutes * 60))


def _status(client, job) -> str:
    return client.get(reverse("exchange:progress", args=[job.pk])).content.decode()


def test_an_import_whose_worker_is_gone_is_shown_failed_and_stops_polling(client_board, tree):
    """A worker killed mid-import (SIGKILL: no exception, no trace) used to leave the page polling a
    progress bar for ever. On PostgreSQL its advisory lock went with its connection; elsewhere
    its progress file goes silent."""
    from django.db import connection

    from chibo.exchange.models import LOST_AFTER

    job = jobs.checked_job(tree, [roster.row(i) for i in range(4)])
    ImportJob.objects.filter(pk=job.pk).update(state="running")
    services._write_progress(job.pk, 2)
    with jobs.worker_at_work(job):
        _age_progress(job, LOST_AFTER.total_seconds() / 60 - 1)  # a long silence, not yet too long
        html = _status(client_board, job)
        assert 'hx-trigger="every 1s"' in html and "2 / 4" in html and 'id="import-lost"' not in html
        if connection.vendor == "postgresql":  # a live worker, waiting on a lock, is never lost
            _age_progress(job, 10 * LOST_AFTER.total_seconds() / 60)
            assert 'id="import-lost"' not in _status(client_board, job)
    _gone(job)
    html = _status(client_board, job)
    assert "hx-trigger" not in html and 'id="import-lost"' in html and "progress-bar" not in html
    assert 'id="import-state">Thất bại<' in html and "Tiến trình xử lý nền đã dừng" in html
    assert "Việc nhập bị từ chối" not in html  # the message of a refused import is not this one's
    listing = client_board.get(reverse("exchange:list")).content.decode()
    assert "<td>Thất bại</td>" in listing and "<td>Đang thực hiện</td>" not in listing


def _gone(job) -> None:
    """The worker of ``job`` is gone: on PostgreSQL its lock went with it (no session holds it
    here); elsewhere its file has been silent too long."""
    from django.db import connection

    from chibo.exchange.models import LOST_AFTER

    if connection.vendor != "postgresql":
        _age_progress(job, LOST_AFTER.total_seconds() / 60 + 1)


def test_a_check_whose_worker_is_gone_is_shown_failed_without_figures(client_board, tree):
    job = services.import_job_create(actor=None, unit=tree.a, upload=jobs.upload())
    services._write_progress(job.pk, 3)
    _gone(job)
    html = _status(client_board, job)
    assert 'id="import-lost"' in html and "hx-trigger" not in html and 'id="import-state">Thất bại<' in html
    assert 'id="import-summary"' not in html and "rows-checked" not in html  # nothing was counted


def test_a_job_that_ends_while_the_page_looks_is_not_called_lost(tree, monkeypatch):
    """The worker removes its file, then lets its lock go: a page that reads the file, then finds
    the lock free, looks again before it calls the worker gone."""
    from chibo.exchange import models

    job = jobs.checked_job(tree, [roster.row(0)])
    ImportJob.objects.filter(pk=job.pk).update(state="running")
    services._write_progress(job.pk, 1)

    def ended_meanwhile(job_id: int) -> bool | None:
        services.progress_path(job_id).unlink()
        return True

    monkeypatch.setattr(models, "_worker_gone", ended_meanwhile)
    job = ImportJob.objects.get(pk=job.pk)
    assert job.lost is False


def test_a_worker_stopped_by_a_signal_marks_its_job_failed_or_leaves_it_to_be_seen(tree, monkeypatch):
    """A second SIGTERM to db_worker raises SystemExit inside the job: the task marks the job
    failed if it still can; either way the progress file stays, so the pages see a job left
    running as lost."""
    from chibo.exchange import tasks

    job = services.import_job_confirm(actor=None, job=jobs.checked_job(tree, [roster.row(0)]))

    def stopped(**kwargs):
        raise SystemExit(1)

    monkeypatch.setattr(services, "_import", stopped)
    with pytest.raises(SystemExit):
        services.import_job_run(actor=None, job=job)
    assert services.progress_path(job.pk).exists()
    left = ImportJob.objects.get(pk=job.pk)
    _gone(left)
    assert left.state == "running" and ImportJob.objects.get(pk=job.pk).lost

    with pytest.raises(SystemExit):
        tasks.run_import.call(job.pk)
    assert ImportJob.objects.get(pk=job.pk).state == "failed"


def test_a_job_whose_progress_cannot_be_read_here_is_not_called_lost(tree, settings, tmp_path):
    """The web process may not see the worker's folder, or may not even reach it: nothing is
    known, so nothing is claimed, and the page still answers."""
    job = jobs.checked_job(tree, [roster.row(0)])
    ImportJob.objects.filter(pk=job.pk).update(state="running")
    for folder in (tmp_path / "elsewhere", "/proc/no-such-folder"):
        settings.EXCHANGE_PROGRESS_DIR = folder
        job = ImportJob.objects.get(pk=job.pk)
        assert (job.lost, job.shown_state, job.rows_done) == (False, "running", 0)


def test_the_worker_shows_it_is_at_work_until_the_job_ends(tree, monkeypatch):
    """The check and the import write their progress file, and on PostgreSQL hold the job's
    advisory lock, from before the first row to after the job's end is recorded."""
    from django.db import connection

    seen = []
    write = services._write_progress

    def watched(job_id: int, rows_done: int) -> None:
        write(job_id, rows_done)
        job = ImportJob.objects.get(pk=job_id)
        held = jobs.lock_held(job) if connection.vendor == "postgresql" else None
        seen.append((job.state, services.progress_path(job_id).exists(), held))

    monkeypatch.setattr(services, "_write_progress", watched)
    job = services.import_job_create(actor=None, unit=tree.a, upload=jobs.upload())
    job = services.import_job_check(actor=None, job=job)
    confirmed = services.import_job_confirm(actor=None, job=job)
    job = services.import_job_run(actor=None, job=confirmed)
    locked = True if connection.vendor == "postgresql" else None
    assert job.state == "done" and seen
    assert {state for state, _, _ in seen} == {
        "checking",
        "queued",
        "running",
    }  # queued: the sign comes first
    assert all(exists and held == locked for _, exists, held in seen)
    assert not services.progress_path(job.pk).exists()
    if connection.vendor == "postgresql":
        assert not jobs.lock_held(job)


def test_the_imports_list_pins_its_queries(client_board, tree, django_assert_num_queries):
    for i in range(3):
        jobs.checked_job(tree, [roster.row(i)])
    client_board.get(reverse("exchange:list"))  # warm the session and the grants
    with django_assert_num_queries(4):
        response = client_board.get(reverse("exchange:list"))
    assert response.content.decode().count("danh-sach.xlsx") == 3


def test_the_template_downloads_with_the_canonical_header(client_board, tree, tmp_path):
    response = client_board.get(reverse("exchange:template"))
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert cells[0] == roster.HEADER and len(cells) == 2


def test_the_export_follows_the_list_filters_and_scope_and_is_audited(client, tree, tmp_path):
    from chibo.core.testing import user_with_role

    secretary = user_with_role("bithu-a", "secretary", tree.a)  # no SENSITIVE right
    client.force_login(secretary)
    response = client.get(reverse("exchange:export"), {"unit": "A1", "status": "probationary"})
    path = tmp_path / "e.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert cells[1] == roster.HEADER and len(cells) == 3  # the note, the header, the one probationary member
    entry = AuditEntry.objects.get(action="member.export")
    assert (
        entry.actor_id == secretary.pk
        and entry.after["sensitive"] is False
        and entry.counts == {"members": 1}
    )


def test_the_member_list_links_to_the_export_and_the_import(client_board, tree):
    html = client_board.get(reverse("members:list")).content.decode()
    assert reverse("exchange:export") in html and reverse("exchange:list") in html
