"""Discipline warnings on the member pages (chibo.discipline): the banner while a discipline is in
effect, the link to the case only for DISCIPLINE holders, and the warnings on the transfer form and
on the record form when the position (appointment) changes — warnings, not refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from chibo.core.testing import user_with_role
from chibo.discipline import services as discipline
from chibo.members.models import Member, MemberStatus

pytestmark = pytest.mark.django_db


def _member(tree) -> Member:  # type: ignore[no-untyped-def]
    return Member.objects.filter(unit=tree.a1, status=MemberStatus.OFFICIAL).order_by("pk").first()


def _disciplined(tree, announced_on: date, form: str = "canh_cao") -> Member:  # type: ignore[no-untyped-def]
    member = _member(tree)
    discipline.case_record_decided(
        actor=None, unit=tree.a, member=member, category="moral", description="Vi phạm",
        violation_on=date(2025, 1, 5), form=form, decided_on=announced_on, decision_number="5-QĐ",
        deciding_body="Đảng ủy", announced_on=announced_on,
    )  # fmt: skip
    return member


def _page(client, user, name: str, member: Member) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse(name, args=[member.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_member_page_shows_the_discipline_in_effect_with_its_end(client, tree):
    member = _disciplined(tree, date(2026, 3, 1))
    html = _page(client, user_with_role("sec", "secretary", tree.a), "members:detail", member)
    assert 'id="discipline-banner"' in html and "01/03/2027" in html
    assert 'id="discipline-case-link"' not in html  # a secretary does not see discipline cases


def test_the_case_link_is_only_for_discipline_holders(client, tree):
    member = _disciplined(tree, date(2026, 3, 1))
    html = _page(client, user_with_role("kt", "inspector", tree.a), "members:detail", member)
    assert 'id="discipline-case-link"' in html


def test_no_banner_once_the_discipline_has_ended(client, tree):
    member = _disciplined(tree, date(2025, 2, 1))  # ended on 1/2/2026
    html = _page(client, user_with_role("sec", "secretary", tree.a), "members:detail", member)
    assert 'id="discipline-banner"' not in html


def test_the_transfer_forms_warn_but_do_not_refuse(client, tree):
    member = _disciplined(tree, date(2026, 3, 1))
    board = user_with_role("board", "org_board", tree.root)
    for name in ("members:transfer", "members:transfer_out"):
        assert 'id="discipline-banner"' in _page(client, board, name, member)
    response = client.post(
        reverse("members:transfer", args=[member.pk]), {"to_unit": "B1", "effective_on": "2026-06-01"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.unit_id == tree.b1.pk


def test_the_record_form_warns_when_the_position_changes(client, tree):
    member = _disciplined(tree, date(2026, 3, 1))
    board = user_with_role("board", "org_board", tree.root)
    html = _page(client, board, "members:edit", member)
    # the box is there, hidden until the position field changes (the browser test types into it)
    assert 'id="discipline-position-warning" hidden' in html


def test_the_record_form_without_discipline_has_no_warning(client, tree):
    member = Member.objects.filter(unit=tree.b1).order_by("pk").first()
    html = _page(client, user_with_role("board", "org_board", tree.root), "members:edit", member)
    assert "discipline-position-warning" not in html and "discipline-banner" not in html


def test_a_changed_position_sent_back_with_an_error_shows_the_warning(client, tree):
    member = _disciplined(tree, date(2026, 3, 1))
    client.force_login(user_with_role("board", "org_board", tree.root))
    response = client.post(
        reverse("members:edit", args=[member.pk]),
        {"full_name": "", "position": "Phó trưởng phòng", "version": member.version, "status": "official"},
    )
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert 'id="discipline-position-warning" data-position' in html


def test_an_expelled_member_page_still_works(client, tree):
    member = _disciplined(tree, date(2026, 3, 1), form="khai_tru")
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT
    html = _page(client, user_with_role("kt", "inspector", tree.a), "members:detail", member)
    assert 'id="discipline-banner"' in html
