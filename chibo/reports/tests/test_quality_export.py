"""The data-quality workbook names members, their units and birth dates: each one made, from the
page or by ``manage.py report quality``, is recorded in the audit trail as an export; a refused
one records nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.members import services as mem
from chibo.reports import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(tree):  # type: ignore[no-untyped-def]
    """Two members of A1 with the same name and birth date: problems for the workbook to list."""
    for _ in range(2):
        spec = mem.MemberSpec(
            "Đỗ Văn Hai", "official", birth_date=date(1970, 1, 1), admitted_on=date(2000, 1, 1)
        )
        mem.member_create(actor=None, unit=tree.a1, spec=spec)


def _new_entries(before: set[int]):  # type: ignore[no-untyped-def]
    return AuditEntry.objects.exclude(pk__in=before)


def test_the_downloaded_workbook_is_recorded_as_an_export(client, board, tree, twins):
    client.force_login(board)
    before = set(AuditEntry.objects.values_list("pk", flat=True))

    answer = client.get(reverse("reports:quality_export"), {"unit": "A"})

    assert answer.status_code == 200 and answer.content[:2] == b"PK"
    entry = _new_entries(before).get()  # exactly one entry, and it is the export's
    problems = selectors.quality(tree.a, limit=None)["problems_total"]
    assert problems >= 2
    assert entry.action == "report.quality_export" and entry.is_batch
    assert entry.actor == board and entry.actor_repr == board.username
    assert entry.unit == tree.a
    assert (entry.target_type, entry.target_id) == ("organizations.unit", str(tree.a.pk))
    assert entry.counts == {"problems": problems}
    assert entry.after == {"format": "xlsx", "via": "page"}


def test_the_commands_workbook_is_recorded_as_made_by_the_system(tree, twins, tmp_path):
    before = set(AuditEntry.objects.values_list("pk", flat=True))

    call_command("report", "quality", "--unit", "A", "--out", str(tmp_path / "q.xlsx"), stdout=io.StringIO())

    entry = _new_entries(before).get()
    assert entry.action == "report.quality_export"
    assert entry.actor is None and entry.actor_repr == "system"
    assert entry.unit == tree.a
    assert entry.counts == {"problems": selectors.quality(tree.a, limit=None)["problems_total"]}
    assert entry.after == {"format": "xlsx", "via": "command"}


def test_a_refused_workbook_records_nothing(settings, client, board, tree, twins):
    settings.CHIBO_QUALITY_MAX_MEMBERS = 3  # A's subtree is larger
    client.force_login(board)
    before = set(AuditEntry.objects.values_list("pk", flat=True))

    answer = client.get(reverse("reports:quality_export"), {"unit": "A"})

    assert answer.status_code == 302 and answer["Location"].endswith("?unit=A")
    assert not _new_entries(before).exists()


def test_a_workbook_out_of_scope_is_404_and_records_nothing(client, tree):
    from chibo.core.testing import user_with_role

    client.force_login(user_with_role("sibling", "secretary", tree.b))
    before = set(AuditEntry.objects.values_list("pk", flat=True))

    assert client.get(reverse("reports:quality_export"), {"unit": "A"}).status_code == 404
    assert not _new_entries(before).exists()
