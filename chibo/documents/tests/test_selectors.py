"""Reads of the library and of study: scope, search without diacritics, filters, roll-ups."""

from __future__ import annotations

from datetime import date

import pytest

from chibo.core.testing import add_members, make_unit, user_with_role
from chibo.documents import selectors, services
from chibo.documents.tests.conftest import linked_user
from chibo.documents.tests.factories import publish
from chibo.members.models import Member

pytestmark = pytest.mark.django_db


def _titles(queryset) -> set[str]:  # type: ignore[no-untyped-def]
    return set(queryset.values_list("title", flat=True))


def test_a_member_sees_documents_published_to_their_cell_and_above_only(tree, member_user):
    publish(tree.root, title="Toàn khối")
    publish(tree.a, title="Đảng bộ A")
    publish(tree.a1, title="Chi bộ A1")
    publish(tree.b, title="Đảng bộ B")
    withdrawn = publish(tree.a1, title="Đã thu hồi")
    services.document_withdraw(actor=None, document=withdrawn, reason="x")
    assert _titles(selectors.document_list(user=member_user)) == {"Toàn khối", "Đảng bộ A", "Chi bộ A1"}


def test_a_staff_user_sees_their_subtree_and_what_is_published_above_it(tree):
    publish(tree.root, title="Toàn khối")
    publish(tree.a, title="Đảng bộ A")
    publish(tree.a1, title="Chi bộ A1")
    publish(tree.b1, title="Chi bộ B1")
    viewer_a = user_with_role("xema", "viewer", tree.a)
    assert _titles(selectors.document_list(user=viewer_a)) == {"Toàn khối", "Đảng bộ A", "Chi bộ A1"}
    nobody = user_with_role("nobody")
    assert _titles(selectors.document_list(user=nobody)) == set()


def test_search_ignores_diacritics_case_and_word_order(tree, member_user):
    publish(tree.a, title="Quy định về kiểm tra, giám sát", number="22-QĐ/TW", kind="regulation")
    publish(tree.a, title="Nghị quyết về đổi mới", number="01-NQ/TW", issued_on=date(2019, 5, 1))
    search = lambda text: _titles(selectors.document_list(user=member_user, text=text))  # noqa: E731
    assert search("kiem tra") == {"Quy định về kiểm tra, giám sát"}
    assert search("GIÁM SÁT kiểm") == {"Quy định về kiểm tra, giám sát"}
    assert search("doi moi") == {"Nghị quyết về đổi mới"}  # đ folds to d
    assert search("Đổi Mới") == {"Nghị quyết về đổi mới"}
    assert search("22-qd") == {"Quy định về kiểm tra, giám sát"}
    assert search("kiem moi") == set()
    assert search("dieu 2") == {"Quy định về kiểm tra, giám sát", "Nghị quyết về đổi mới"}  # full text


def test_filters_by_kind_and_year(tree, member_user):
    publish(tree.a, title="QĐ 2021", kind="regulation", issued_on=date(2021, 3, 1))
    publish(tree.a, title="NQ 2021", kind="resolution", issued_on=date(2021, 9, 1))
    publish(tree.a, title="NQ 2019", kind="resolution", issued_on=date(2019, 9, 1))
    assert _titles(selectors.document_list(user=member_user, kind="resolution", year=2021)) == {"NQ 2021"}
    assert _titles(selectors.document_list(user=member_user, year=2019)) == {"NQ 2019"}
    assert selectors.document_years(user=member_user) == [2021, 2019]


def test_bookmarks_of_a_user_stay_within_reach(tree, member_user):
    kept = publish(tree.a, title="Giữ")
    gone = publish(tree.a, title="Thu hồi")
    for document in (kept, gone):
        services.bookmark_toggle(actor=member_user, document=document)
    services.document_withdraw(actor=None, document=gone, reason="x")
    assert _titles(selectors.bookmarked_documents(user=member_user)) == {"Giữ"}


def test_member_assignments_show_the_members_own_mark(tree, member_user):
    upper = services.study_assign(actor=None, document=publish(tree.root), unit=tree.root)
    cell = services.study_assign(actor=None, document=publish(tree.a1), unit=tree.a1)
    services.study_assign(actor=None, document=publish(tree.b), unit=tree.b)  # not for A1
    services.study_mark(actor=member_user, assignment=cell, member=member_user.member)
    rows = {a.pk: a.studied_on for a in selectors.member_assignments(member_user.member)}
    assert set(rows) == {upper.pk, cell.pk}
    assert rows[upper.pk] is None and rows[cell.pk] is not None


def _mark(assignment, members) -> None:  # type: ignore[no-untyped-def]
    for member in members:
        services.study_mark(actor=None, assignment=assignment, member=member)


def test_completion_rolls_up_members_and_cells_against_counts_made_here(tree, django_assert_num_queries):
    # given a second cell under A, and a party group (tổ đảng) inside A1
    a2 = make_unit(tree.a, "A2", "chi_bo", name="Chi bộ Kế toán")
    add_members(a2, official=2)
    group = make_unit(tree.a1, "A1T", "to_dang", name="Tổ đảng 1")
    add_members(group, official=1, prefix="Phạm Thị")
    assignment = services.study_assign(actor=None, document=publish(tree.root), unit=tree.a)
    a1_members = list(Member.objects.filter(unit=tree.a1).order_by("pk"))
    a2_members = list(Member.objects.filter(unit=a2).order_by("pk"))
    _mark(assignment, a1_members[:3])  # A1: 3 of 5
    _mark(assignment, a2_members)  # A2: 2 of 2, every member done
    # when
    with django_assert_num_queries(3):
        result = selectors.completion(assignment)
    # then: 8 members asked (5 + 1 + 2), 5 done; units holding members: A1, its group, A2; one done
    asked = Member.objects.filter(unit_path__startswith=tree.a.path, status__in=["official", "probationary"])
    assert result.total.members == asked.count() == 8
    assert result.total.done == 5 and result.total.percent == 62.5
    assert (result.total.cells, result.total.cells_done) == (3, 1)
    assert result.total.cells_percent == 33.3
    rows = {row.unit.code: (row.members, row.done, row.cells, row.cells_done) for row in result.rows}
    assert rows == {"A1": (6, 3, 2, 0), "A2": (2, 2, 1, 1)}
    assert [row.unit.code for row in result.rows] == ["A1", "A2"]


def test_completion_of_a_cell_puts_its_own_members_in_its_own_row(tree):
    group = make_unit(tree.a1, "A1T", "to_dang", name="Tổ đảng 1")
    add_members(group, official=2, prefix="Phạm Thị")
    assignment = services.study_assign(actor=None, document=publish(tree.a), unit=tree.a1)
    _mark(assignment, Member.objects.filter(unit=group))
    rows = {
        row.unit.code: (row.members, row.done, row.cells_done)
        for row in selectors.completion(assignment).rows
    }
    assert rows == {"A1": (5, 0, 0), "A1T": (2, 2, 1)}


def test_completion_counts_neither_members_who_left_the_subtree_nor_other_assignments(tree):
    document = publish(tree.root)
    assignment = services.study_assign(actor=None, document=document, unit=tree.a1)
    other = services.study_assign(actor=None, document=document, unit=tree.b1)
    _mark(other, Member.objects.filter(unit=tree.b1))
    member = Member.objects.filter(unit=tree.a1).first()
    _mark(assignment, [member])
    assert selectors.completion(assignment).total.done == 1
    from chibo.members.services import member_transfer_internal

    member_transfer_internal(actor=None, member=member, to_unit=tree.b1, effective_on=date(2025, 7, 1))
    total = selectors.completion(assignment).total
    assert (total.members, total.done) == (4, 0)


def test_completion_within_a_unit_and_staff_root(tree):
    assignment = services.study_assign(actor=None, document=publish(tree.root), unit=tree.root)
    secretary = user_with_role("bithu", "secretary", tree.a1)
    assert selectors.staff_root(secretary, assignment) == tree.a1
    total = selectors.completion(assignment, tree.a1).total
    assert (total.members, total.cells) == (5, 1)
    assert selectors.assignment_members(assignment, tree.a1).count() == 5
    board_b = user_with_role("bdb", "org_board", tree.b)
    inner = services.study_assign(actor=None, document=publish(tree.a), unit=tree.a1)
    assert selectors.staff_root(board_b, inner) is None


def test_assignment_members_have_their_marks(tree):
    assignment = services.study_assign(actor=None, document=publish(tree.a), unit=tree.a1)
    first = Member.objects.filter(unit=tree.a1).order_by("name_sort", "pk").first()
    linked = linked_user(tree.a1, "u1", 0)
    services.study_mark(actor=linked, assignment=assignment, member=linked.member, note="Ghi chú")
    rows = {m.pk: (m.studied_on, m.study_note) for m in selectors.assignment_members(assignment)}
    assert len(rows) == 5 and rows[linked.member.pk][1] == "Ghi chú"
    assert sum(1 for studied, _ in rows.values() if studied) == 1
    assert first.pk in rows


def test_the_trigram_index_on_the_search_key_exists_on_postgresql_only(tree):
    from django.db import connection

    query = (
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'document_search_trgm_idx'"
        if connection.vendor == "postgresql"
        else "SELECT sql FROM sqlite_master WHERE name = 'document_search_trgm_idx'"
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        row = cursor.fetchone()
    if connection.vendor == "postgresql":
        assert row is not None and "gin_trgm_ops" in row[0]
    else:
        assert row is None  # SQLite: the folded key is scanned (a library holds thousands, not millions)
