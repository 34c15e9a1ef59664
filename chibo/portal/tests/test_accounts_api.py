"""The member accounts API: the accounts of a unit (MANAGE), and codes issued once in the answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.members.models import Member
from chibo.portal import services
from chibo.portal.models import ActivationCode

pytestmark = pytest.mark.django_db


def _issue(client, **body):  # type: ignore[no-untyped-def]
    return client.post(reverse("member-account-issue"), body, content_type="application/json")


def test_staff_list_the_accounts_of_a_unit(client, tree, secretary):
    first = Member.objects.filter(unit=tree.a1).order_by("name_sort", "pk").first()
    item = services.accounts_issue(actor=None, unit=tree.a1, member_ids=[first.pk]).issued[0]
    client.force_login(secretary)

    data = client.get(reverse("member-account-list"), {"unit": "a1"}).json()

    assert data["count"] == 5
    row = next(r for r in data["results"] if r["member"] == first.pk)
    assert row["account"] == "issued" and row["username"] == item.username
    assert row["code_valid_through"] == item.valid_through.isoformat() and "code" not in row
    only = client.get(reverse("member-account-list"), {"unit": "A1", "account": "issued"}).json()
    assert [r["member"] for r in only["results"]] == [first.pk]


def test_the_list_needs_a_unit_in_scope(client, tree, sibling_secretary):
    client.force_login(sibling_secretary)
    assert client.get(reverse("member-account-list")).status_code == 400
    assert client.get(reverse("member-account-list"), {"unit": "A1"}).status_code == 404
    assert client.get(reverse("member-account-list"), {"unit": "B1", "account": "x"}).status_code == 400


def test_issuing_returns_the_codes_once(client, tree, secretary):
    client.force_login(secretary)

    response = _issue(client, unit="A1")

    assert response.status_code == 201 and "no-store" in response["Cache-Control"]
    issued = response.json()["issued"]
    assert len(issued) == 5 and all(len(i["code"]) == 11 and i["new_account"] for i in issued)
    assert ActivationCode.objects.count() == 5
    assert AuditEntry.objects.get(action="portal.accounts_issue").actor == secretary
    listed = client.get(reverse("member-account-list"), {"unit": "A1"}).content.decode()
    assert all(i["code"] not in listed for i in issued)


def test_issuing_is_scope_checked(client, tree, secretary, sibling_secretary):
    outside = Member.objects.filter(unit=tree.b1).first()
    client.force_login(secretary)

    refused = _issue(client, unit="A1", members=[outside.pk])
    assert refused.status_code == 400 and refused.json()["code"] == "activation.member_outside"
    assert _issue(client, unit="B1").status_code == 404
    client.force_login(sibling_secretary)
    assert _issue(client, unit="A1").status_code == 404
    assert not ActivationCode.objects.exists()


def test_a_reissue_for_an_activated_account_is_reported_as_skipped(client, tree, secretary):
    item = services.accounts_issue(actor=None, unit=tree.a1).issued[0]
    services.account_activate(username=item.username, code=item.code, password="Hoa-sen-1975-trang")
    client.force_login(secretary)

    data = _issue(client, unit="A1").json()

    assert [s["member"] for s in data["skipped"]] == [item.member.pk]
    assert data["skipped"][0]["reason"] == "activated" and len(data["issued"]) == 4
