from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from chibo.core.models import AuditEntry
from chibo.core.testing import add_members, user_with_role
from chibo.members.models import Member, MemberStatus
from chibo.members.services import MemberSpec, member_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(board):
    client = APIClient()
    client.force_authenticate(board)
    return client


def _member(tree):  # type: ignore[no-untyped-def]
    return member_create(
        actor=None,
        unit=tree.a1,
        spec=MemberSpec(
            "Phạm Thị Ánh",
            "official",
            birth_date=date(1985, 2, 3),
            sex="F",
            admitted_on=date(2010, 1, 5),
            cccd="001185000111",
            religion="Công giáo",
            residence="Hà Nội",
        ),
    )


def test_list_is_cursor_paginated_in_roster_order_without_sensitive_fields(api, tree):
    add_members(tree.a1, official=60)
    first = api.get(reverse("member-list"), {"page_size": 50}).json()
    assert len(first["results"]) == 50 and first["next"] and "count" not in first
    second = api.get(first["next"]).json()
    ids = [m["id"] for m in first["results"]] + [m["id"] for m in second["results"]]
    assert len(ids) == len(set(ids)) == Member.objects.count()
    assert not {"cccd", "religion", "residence"} & set(first["results"][0])


def test_list_search_and_filters(api, tree):
    _member(tree)
    assert [
        m["full_name"] for m in api.get(reverse("member-list"), {"q": "pham thi anh"}).json()["results"]
    ] == ["Phạm Thị Ánh"]
    results = api.get(reverse("member-list"), {"unit": "B", "sex": "F"}).json()["results"]
    assert results == []


def test_create_refuses_a_bad_cccd_with_its_code(api, tree):
    response = api.post(
        reverse("member-list"),
        {"full_name": "Lê Văn Ba", "status": "official", "unit": "A1", "cccd": "12AB"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "member.cccd_format"
    assert not Member.objects.filter(full_name="Lê Văn Ba").exists()


def test_create_in_a_unit_outside_the_scope_is_refused(tree):
    api = APIClient()
    api.force_authenticate(user_with_role("sec-b", "secretary", tree.b))
    response = api.post(
        reverse("member-list"), {"full_name": "Lê Văn Ba", "status": "official", "unit": "A1"}, format="json"
    )
    assert response.status_code == 400 and "unit" in response.json()


def test_correct_with_a_stale_version_is_refused(api, tree):
    member = _member(tree)
    url = reverse("member-correct", args=[member.pk])
    ok = api.post(url, {"version": member.version, "changes": {"phone": "0911"}}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == member.version + 1
    stale = api.post(url, {"version": member.version, "changes": {"phone": "0922"}}, format="json")
    assert stale.status_code == 400 and stale.json()["code"] == "member.edited_concurrently"
    refused = api.post(
        url, {"version": ok.json()["version"], "changes": {"activity": "exempt"}}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "member.field_not_editable"


def test_sensitive_fields_are_audited(api, tree):
    member = _member(tree)
    data = api.get(reverse("member-sensitive", args=[member.pk])).json()
    assert data == {"cccd": "001185000111", "religion": "Công giáo", "residence": "Hà Nội"}
    assert AuditEntry.objects.filter(action="member.view_sensitive", actor__username="board").count() == 1


def test_transfer_out_then_history(api, tree):
    member = _member(tree)
    response = api.post(
        reverse("member-transfer-out", args=[member.pk]),
        {
            "external_org": "Đảng bộ tỉnh Thái Bình",
            "letter_number": "3-GGT",
            "letter_date": "2025-07-01",
            "decision_effective_on": "2025-06-25",
        },
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == MemberStatus.LEFT
    kinds = [e["kind"] for e in api.get(reverse("member-history", args=[member.pk])).json()]
    assert "transfer_out" in kinds
    again = api.post(
        reverse("member-leave", args=[member.pk]), {"reason": "died", "on": "2025-08-01"}, format="json"
    )
    assert again.status_code == 400 and again.json()["code"] == "member.has_left"
