"""The badge pages: a round prepared, an early award added, approved, numbered; history; PDF."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from chibo.badges import services as svc
from chibo.badges.models import Award, Round
from chibo.core.testing import user_with_role
from chibo.members import services as mem

pytestmark = pytest.mark.django_db


@pytest.fixture
def veteran(tree):
    spec = mem.MemberSpec(
        "Lý Văn Ba", "official", admitted_on=date(1994, 1, 10), official_on=date(1995, 1, 10)
    )
    return mem.member_create(actor=None, unit=tree.a1, spec=spec)


@pytest.fixture
def round_(tree, veteran):
    return svc.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2024, 2, 3))


def test_round_page_lists_the_badges_due(client, tree, board, round_, veteran):
    client.force_login(board)
    body = client.get(reverse("badges:detail", args=[round_.pk])).content.decode()
    assert veteran.full_name in body and 'id="approve"' in body


def test_approve_through_the_form_then_record_a_number(client, tree, board, round_, veteran):
    client.force_login(board)
    response = client.post(
        reverse("badges:round_action", args=[round_.pk, "approve"]),
        {"decision_number": "15-QĐ/ĐU", "decided_on": "2024-01-25"},
    )
    assert response.status_code == 302
    award = Award.objects.get(member=veteran)
    assert award.awarded
    client.post(reverse("badges:award_action", args=[award.pk, "number"]), {"number": "HH-0301"})
    assert Award.objects.get(pk=award.pk).badge_number == "HH-0301"


def test_a_refused_early_award_shows_the_rule(client, tree, board, round_, veteran):
    client.force_login(board)
    Award.objects.filter(member=veteran).delete()
    response = client.post(
        reverse("badges:round_action", args=[round_.pk, "add"]),
        {"member": veteran.pk, "early_reason": "posthumous", "early_months": "3"},
    )
    assert response.status_code == 400 and "alert-danger" in response.content.decode()
    assert not Award.objects.filter(member=veteran).exists()


def test_unknown_action_is_404(client, tree, board, round_):
    client.force_login(board)
    assert client.post(reverse("badges:round_action", args=[round_.pk, "delete"])).status_code == 404


def test_prepare_page_offers_the_next_award_days(client, tree, board):
    client.force_login(board)
    body = client.get(reverse("badges:prepare", args=["A"])).content.decode()
    assert body.count("<option") == 4


def test_history_recorded_from_the_member_page(client, tree, board, veteran):
    client.force_login(board)
    response = client.post(
        reverse("badges:history", args=[veteran.pk]),
        {"threshold": "30", "award_date": "2024-02-03", "badge_number": "A1"},
    )
    assert response.status_code == 302
    body = client.get(reverse("members:detail", args=[veteran.pk])).content.decode()
    assert 'id="member-badges"' in body and "A1" in body


def test_round_pdf(client, tree, board, round_):
    client.force_login(board)
    response = client.get(reverse("badges:pdf", args=[round_.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_sibling_secretary_cannot_see_the_round(client, tree, round_):
    client.force_login(user_with_role("bt-b1", "secretary", tree.b1))
    assert client.get(reverse("badges:detail", args=[round_.pk])).status_code == 404
    assert Round.objects.count() == 1


def test_a_draft_round_is_discarded_from_its_page(client, tree, board, round_, veteran):
    client.force_login(board)
    url = reverse("badges:round_action", args=[round_.pk, "discard"])
    assert 'id="discard"' in client.get(reverse("badges:detail", args=[round_.pk])).content.decode()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and Round.objects.filter(pk=round_.pk).exists()
    response = client.post(url, {"reason": "Lập nhầm ngày"})
    assert response.status_code == 302 and response["Location"].endswith("?unit=A")
    assert (
        not Round.objects.filter(pk=round_.pk).exists() and not Award.objects.filter(member=veteran).exists()
    )
