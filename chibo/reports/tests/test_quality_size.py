"""Data quality of a subtree too large to check while someone waits (CHIBO_QUALITY_MAX_MEMBERS):
the page, its Excel file, the API and a campaign snapshot refuse it with the reason and write
nothing; the page offers the units below; the command checks any size."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.reports import selectors, services
from chibo.reports.models import QualitySnapshot
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(settings, tree):  # type: ignore[no-untyped-def]
    """A limit between B's members (3) and A's (the tree's others): A is too large, B is not."""
    settings.CHIBO_QUALITY_MAX_MEMBERS = 3
    return settings


def test_the_limit_counts_the_active_members_of_the_subtree(small_limit, tree):
    with pytest.raises(RuleViolation) as refused:
        selectors.check_quality_size(tree.a)
    assert refused.value.code == "quality.too_large"
    assert refused.value.params["limit"] == "3" and refused.value.params["unit"] == "A"
    selectors.check_quality_size(tree.b)  # exactly at the limit: checked
    small_limit.CHIBO_QUALITY_MAX_MEMBERS = 2
    with pytest.raises(RuleViolation):
        selectors.check_quality_size(tree.b)


def test_the_page_explains_and_offers_the_units_below(small_limit, client, board, tree):
    client.force_login(board)

    page = client.get(reverse("reports:quality"), {"unit": "A"})

    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="quality-too-large"' in text and 'id="problems"' not in text
    assert f"?unit={tree.a1.code}" in text
    smaller = client.get(reverse("reports:quality"), {"unit": "B"}).content.decode()
    assert 'id="problems"' in smaller and 'id="quality-too-large"' not in smaller


def test_the_excel_file_is_refused_with_the_reason(small_limit, client, board):
    client.force_login(board)

    answer = client.get(reverse("reports:quality_export"), {"unit": "A"}, follow=True)

    assert answer.redirect_chain[0][0].endswith("?unit=A")
    assert "quality-too-large" in answer.content.decode()
    assert any("active members" in str(m) or "đảng viên" in str(m) for m in answer.context["messages"])


def test_the_api_refuses_with_the_code(small_limit, client, board):
    client.force_login(board)

    answer = client.get(reverse("report-quality-list"), {"unit": "A"})

    assert answer.status_code == 400 and answer.json()["code"] == "quality.too_large"
    assert client.get(reverse("report-quality-list"), {"unit": "B"}).status_code == 200


def test_a_snapshot_is_refused_and_nothing_is_written(small_limit, client, board, tree):
    audits = AuditEntry.objects.count()
    with pytest.raises(RuleViolation):
        services.quality_snapshot_take(actor=board, unit=tree.a, label="Quá lớn")
    client.force_login(board)
    answer = client.post(reverse("reports:snapshot", args=["A"]), {"label": "Quá lớn"})
    assert answer.status_code == 302
    assert QualitySnapshot.objects.count() == 0 and AuditEntry.objects.count() == audits


def test_the_command_checks_a_subtree_of_any_size(small_limit, tree, tmp_path):
    out = io.StringIO()
    target = tmp_path / "quality.xlsx"

    call_command("report", "quality", "--unit", "A", "--out", str(target), stdout=out)

    assert target.read_bytes()[:2] == b"PK" and "xlsx written" in out.getvalue()


def test_the_whole_subtree_is_checked_in_the_background_once_at_a_time(
    small_limit, client, board, tree, django_capture_on_commit_callbacks
):
    from datetime import date

    from chibo.members import services as mem
    from chibo.reports.models import QualityRun

    for _ in range(2):  # name twins: problems for the check to find
        spec = mem.MemberSpec(
            "Đỗ Văn Hai", "official", birth_date=date(1970, 1, 1), admitted_on=date(2000, 1, 1)
        )
        mem.member_create(actor=None, unit=tree.a1, spec=spec)
    client.force_login(board)
    page = client.get(reverse("reports:quality"), {"unit": "A"}).content.decode()
    assert 'id="quality-run-request"' in page and 'id="problems"' not in page

    # when the check is asked for (the worker has not started yet)
    client.post(reverse("reports:quality_run", args=["A"]))
    run = QualityRun.objects.get()
    assert run.state == QualityRun.State.QUEUED and run.requested_by == board
    page = client.get(reverse("reports:quality"), {"unit": "A"}).content.decode()
    assert 'id="quality-run-request"' not in page
    # then a second request waits for the first
    with pytest.raises(RuleViolation) as refused:
        services.quality_run_request(actor=board, unit=tree.a)
    assert refused.value.code == "quality.run_in_progress"

    # when the worker runs it
    services.quality_run_compute(actor=board, run_id=run.pk)
    run.refresh_from_db()
    # then the page shows what the check found, as the page of a smaller subtree would
    expected = selectors.quality(tree.a, limit=200)
    assert expected["counts"]["name_birth_duplicate"] == 2
    assert run.state == QualityRun.State.DONE and run.result["counts"] == expected["counts"]
    answer = client.get(reverse("reports:quality"), {"unit": "A"})
    assert (
        'id="problems"' in answer.content.decode() and 'id="quality-run-request"' in answer.content.decode()
    )
    assert [p.member_id for p, _label in answer.context["problems"]] == [
        p.member_id for p in expected["problems"]
    ]
    assert AuditEntry.objects.filter(action="report.quality_run_done", target_id=str(run.pk)).exists()

    # and asking again goes through the worker (the immediate backend in tests) to a new result
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:quality_run", args=["A"]))
    assert QualityRun.objects.filter(state=QualityRun.State.DONE).count() == 2


def test_a_failed_check_is_marked_and_can_be_asked_again(small_limit, board, tree, monkeypatch):
    from chibo.reports.models import QualityRun

    run = services.quality_run_request(actor=board, unit=tree.a)

    def broken(unit):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(selectors, "quality_result", broken)
    with pytest.raises(RuntimeError):
        services.quality_run_compute(actor=board, run_id=run.pk)
    run.refresh_from_db()
    assert run.state == QualityRun.State.FAILED and run.finished_at is not None
    assert services.quality_run_request(actor=board, unit=tree.a).state == QualityRun.State.QUEUED


def test_a_stale_run_is_failed_when_the_check_is_asked_again(small_limit, board, tree):
    from datetime import timedelta

    from django.utils import timezone

    from chibo.reports.models import QualityRun

    lost = services.quality_run_request(actor=board, unit=tree.a)  # its worker never came
    QualityRun.objects.filter(pk=lost.pk).update(requested_at=timezone.now() - timedelta(hours=2))

    again = services.quality_run_request(actor=board, unit=tree.a)

    lost.refresh_from_db()
    assert lost.state == QualityRun.State.FAILED and again.state == QualityRun.State.QUEUED


def test_a_small_subtree_needs_no_background_run(small_limit, board, tree):
    with pytest.raises(RuleViolation) as refused:
        services.quality_run_request(actor=board, unit=tree.b)
    assert refused.value.code == "quality.run_not_needed"


def test_the_last_result_stays_while_a_new_check_waits(small_limit, client, board, tree):
    run = services.quality_run_request(actor=board, unit=tree.a)
    services.quality_run_compute(actor=board, run_id=run.pk)
    services.quality_run_request(actor=board, unit=tree.a)  # waiting for the worker
    client.force_login(board)

    text = client.get(reverse("reports:quality"), {"unit": "A"}).content.decode()

    assert 'id="problem-counts"' in text and 'id="quality-run-request"' not in text


def test_a_kept_result_survives_fields_and_kinds_that_are_gone():
    kept = {
        "completeness": [{"field": "birth_date", "filled": 1, "of": 2, "percent": 50.0}, {"field": "gone"}],
        "counts": {"cccd_duplicate": 1, "retired_kind": 4},
        "problems_total": 5,
        "problems": [
            {"kind": "cccd_duplicate", "member_id": 1, "name": "A", "unit_code": "A1", "detail": ""},
            {"kind": "retired_kind", "member_id": 2, "name": "B", "unit_code": "A1", "detail": ""},
            {"kind": "future_date", "member_id": 3},
        ],
    }

    shown = selectors.quality_from_result(kept)

    assert [row["field"] for row in shown["completeness"]] == ["birth_date"]
    assert [p.member_id for p in shown["problems"]] == [1]
    assert shown["counts"]["cccd_duplicate"] == 1 and "retired_kind" not in shown["counts"]


def test_the_command_needs_a_file_and_a_known_unit(tree):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("report", "quality", "--unit", "A", "--out", "-", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("report", "quality", "--unit", "NOPE", "--out", "x.xlsx", stdout=io.StringIO())


def test_the_page_offers_to_ask_again_when_the_worker_was_lost(small_limit, client, board, tree):
    from datetime import timedelta

    from django.utils import timezone, translation
    from django.utils.translation import gettext

    from chibo.reports.models import STALE_AFTER, QualityRun

    run = services.quality_run_request(actor=board, unit=tree.a)
    client.force_login(board)
    url = reverse("reports:quality") + "?unit=A"
    ask = reverse("reports:quality_run", args=["A"])
    waiting = client.get(url).content.decode()
    assert ask not in waiting  # one run at a time
    QualityRun.objects.filter(pk=run.pk).update(
        requested_at=timezone.now() - STALE_AFTER - timedelta(minutes=1)
    )

    lost = client.get(url).content.decode()

    assert ask in lost
    with translation.override("vi"):
        assert gettext("The last check failed; ask for it again.") in lost
        assert gettext("The last check failed; ask for it again.") not in waiting
