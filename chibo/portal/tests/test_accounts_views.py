"""The secretary's page of member accounts, the slips' PDF, and the public activation page."""

from __future__ import annotations

import contextlib
import re
import zlib
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from chibo.accounts.models import User
from chibo.core.messages import violation_message
from chibo.core.models import AuditEntry
from chibo.members import services as mem
from chibo.members.models import Member
from chibo.portal import services
from chibo.portal.models import ActivationCode
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db

PASSWORD = "Hoa-sen-1975-trang"


def _members(unit: Any) -> list[Member]:
    return list(Member.objects.filter(unit=unit).order_by("name_sort", "pk"))


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (the link annotations carry the QR's address)."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(stream))
    return b"\n".join(parts)


def _accounts(code: str = "A1") -> str:
    return reverse("portal:accounts", args=[code])


def _issue_url(code: str = "A1") -> str:
    return reverse("portal:accounts_issue", args=[code])


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_each_members_account_state(client, tree, secretary):
    none, issued, active, closed, _fifth = _members(tree.a1)
    result = services.accounts_issue(actor=None, unit=tree.a1, member_ids=[issued.pk, active.pk, closed.pk])
    by_member = {i.member.pk: i for i in result.issued}
    services.account_activate(
        username=by_member[active.pk].username, code=by_member[active.pk].code, password=PASSWORD
    )
    mem.member_leave(actor=None, member=closed, reason="resigned", on=timezone.localdate())
    client.force_login(secretary)

    response = client.get(_accounts())

    assert response.status_code == 200
    states = {row.member.pk: row.state for row in response.context["rows"]}
    assert states == {
        none.pk: "none",
        issued.pk: "issued",
        active.pk: "active",
        closed.pk: "closed",
        _fifth.pk: "none",
    }
    page = response.content.decode()
    assert f'data-member="{issued.pk}" data-state="issued"' in page
    assert by_member[issued.pk].valid_through.strftime("%d/%m/%Y") in page
    assert by_member[issued.pk].code not in page


def test_the_list_filters_by_state_and_name(client, tree, secretary):
    first = _members(tree.a1)[0]
    services.accounts_issue(actor=None, unit=tree.a1, member_ids=[first.pk])
    client.force_login(secretary)

    issued = client.get(_accounts(), {"state": "issued"}).context["rows"]
    assert [r.member.pk for r in issued] == [first.pk]
    without = client.get(_accounts(), {"state": "none"}).context["rows"]
    assert first.pk not in [r.member.pk for r in without] and len(without) == 4
    named = client.get(_accounts(), {"q": first.full_name.lower()}).context["rows"]
    assert [r.member.pk for r in named] == [first.pk]
    # a code that expired is "lapsed"
    ActivationCode.objects.update(expires_at=timezone.now())
    lapsed = client.get(_accounts(), {"state": "lapsed"}).context["rows"]
    assert [r.member.pk for r in lapsed] == [first.pk]


def test_the_name_search_matches_word_starts_like_the_member_list(client, tree, secretary):
    # given a member named with diacritics and one whose account has a user name
    duc = mem.member_create(
        actor=None, unit=tree.a1, spec=mem.MemberSpec("Nguyễn Văn Đức", "official", official_on=None)
    )
    first = _members(tree.a1)[0]
    issued = services.accounts_issue(actor=None, unit=tree.a1, member_ids=[first.pk]).issued[0]
    client.force_login(secretary)

    def found(q: str) -> list[int]:
        return [r.member.pk for r in client.get(_accounts(), {"q": q}).context["rows"]]

    # then a word start without marks finds the name, the inside of a word does not
    assert found("van du") == [duc.pk] and found("DUC") == [duc.pk]
    assert duc.pk not in found("uyen")
    # and the user name is searched anywhere in it
    assert found(issued.username[1:]) == [first.pk]


def test_a_parent_units_list_covers_its_subtree_only(client, tree, secretary):
    client.force_login(secretary)

    rows = client.get(_accounts("A")).context["rows"]

    assert {r.member.unit_id for r in rows} == {tree.a1.pk}


def test_the_list_is_for_those_who_manage_the_unit(client, tree, member_user, sibling_secretary):
    client.force_login(member_user)
    assert client.get(_accounts()).status_code == 403
    client.force_login(sibling_secretary)
    assert client.get(_accounts()).status_code == 404
    assert client.post(_issue_url(), {"channel": "slip", "without_account": "on"}).status_code == 404
    assert not ActivationCode.objects.exists()


def test_the_list_has_a_fixed_number_of_queries(client, tree, secretary, django_assert_num_queries):
    client.force_login(secretary)
    members = _members(tree.a1)
    services.accounts_issue(actor=None, unit=tree.a1, member_ids=[members[0].pk])
    with django_assert_num_queries(7):
        client.get(_accounts())
    services.accounts_issue(actor=None, unit=tree.a1, member_ids=[m.pk for m in members[1:]])
    with django_assert_num_queries(7):
        response = client.get(_accounts())
    assert {r.state for r in response.context["rows"]} == {"issued"}


# --- issuing from the page ---------------------------------------------------------------------


def test_issuing_answers_with_the_slips_pdf(client, tree, secretary):
    chosen = _members(tree.a1)[:2]
    client.force_login(secretary)

    response = client.post(_issue_url(), {"member": [m.pk for m in chosen], "channel": "slip"})

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = _pdf_text(response.content)
    for member in chosen:
        member.refresh_from_db()
        assert f"/me/activate/#u={member.user.username}&c=".encode() in text
    assert ActivationCode.objects.count() == 2
    assert AuditEntry.objects.get(action="portal.accounts_issue").actor == secretary


def test_all_members_without_an_account(client, tree, secretary):
    first = _members(tree.a1)[0]
    services.accounts_issue(actor=None, unit=tree.a1, member_ids=[first.pk])
    code_before = ActivationCode.objects.get()
    client.force_login(secretary)

    response = client.post(_issue_url(), {"without_account": "on", "channel": "slip"})

    assert response.status_code == 200
    assert ActivationCode.objects.count() == 5
    code_before.refresh_from_db()
    assert code_before.revoked_at is None  # the member's slip already handed out still works


def test_a_refusal_comes_back_to_the_list_with_its_message(client, tree, secretary):
    client.force_login(secretary)

    response = client.post(_issue_url(), {"channel": "slip"}, follow=True)

    assert response.redirect_chain[-1][0] == _accounts()
    assert not ActivationCode.objects.exists()
    expected = violation_message(RuleViolation("activation.none_chosen"))
    assert [str(m) for m in response.context["messages"]] == [expected]


def test_sending_by_mail_says_who_got_a_letter(client, tree, secretary):
    first, second = _members(tree.a1)[:2]
    first.refresh_from_db()
    mem.member_update(actor=None, member=first, version=first.version, changes={"email": "mai@example.vn"})
    client.force_login(secretary)

    response = client.post(_issue_url(), {"member": [first.pk, second.pk], "channel": "email"})

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert re.search(rf'id="mailed">\s*<li data-member="{first.pk}"', page)
    assert f'name="member" value="{second.pk}"' in page  # print the others' slips from here
    (letter,) = mail.outbox
    assert "http://testserver/me/activate/#u=" in letter.body
    code = re.search(r"c=([A-Z0-9-]{11})", letter.body).group(1)  # type: ignore[union-attr]
    assert code not in page  # shown to the member only


# --- the activation page -----------------------------------------------------------------------


def _issued(tree: Any) -> Any:
    return services.accounts_issue(actor=None, unit=tree.a1).issued[0]


def test_the_activation_page_is_prefilled_from_the_qr_address(client, tree):
    item = _issued(tree)

    response = client.get(reverse("portal:activate"), {"u": item.username, "c": item.code})

    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{item.username}"' in page and f'value="{item.code}"' in page
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"


def test_the_activation_page_escapes_what_it_is_given(client):
    response = client.get(reverse("portal:activate"), {"u": '"><script>alert(1)</script>', "c": "<b>x"})

    page = response.content.decode()
    assert "<script>alert(1)" not in page and "<b>x" not in page
    assert "&quot;&gt;&lt;script&gt;" in page


def test_a_member_activates_and_is_signed_in(client, tree):
    item = _issued(tree)

    response = client.post(
        reverse("portal:activate"),
        {"username": item.username, "code": item.code.lower(), "password": PASSWORD, "password2": PASSWORD},
        REMOTE_ADDR="10.0.0.7",
    )

    assert response.status_code == 302 and response["Location"] == reverse("portal:record")
    user = User.objects.get(username=item.username)
    assert client.session[SESSION_KEY] == str(user.pk) and user.check_password(PASSWORD)
    welcome = client.get(response["Location"])
    assert welcome.status_code == 200 and item.member.full_name in welcome.content.decode()


def test_mismatched_passwords_are_refused_before_the_code_is_spent(client, tree):
    item = _issued(tree)

    response = client.post(
        reverse("portal:activate"),
        {"username": item.username, "code": item.code, "password": PASSWORD, "password2": PASSWORD + "x"},
    )

    assert response.status_code == 400 and "password2" in response.context["form"].errors
    assert ActivationCode.objects.get(member=item.member).used_at is None


def test_a_weak_password_is_shown_on_its_field(client, tree):
    item = _issued(tree)

    response = client.post(
        reverse("portal:activate"),
        {"username": item.username, "code": item.code, "password": "123", "password2": "123"},
    )

    assert response.status_code == 400 and "password" in response.context["form"].errors
    assert SESSION_KEY not in client.session


def test_a_wrong_code_is_refused_and_counted_then_throttled(client, tree):
    item = _issued(tree)
    wrong = {"username": item.username, "code": "ABCDE-FGHJK", "password": PASSWORD, "password2": PASSWORD}
    for _ in range(5):
        response = client.post(reverse("portal:activate"), wrong)
        assert response.status_code == 400 and response.context["form"].non_field_errors()

    right = {**wrong, "code": item.code}
    response = client.post(reverse("portal:activate"), right)

    assert response.status_code == 400 and 'id="activate-error"' in response.content.decode()
    assert ActivationCode.objects.get(member=item.member).used_at is None
    assert SESSION_KEY not in client.session


def test_eight_slips_fit_on_a_page(client, tree, secretary):
    from chibo.core.testing import add_members

    add_members(tree.a1, official=4, prefix="Lê Văn")  # nine members in all
    client.force_login(secretary)

    response = client.post(_issue_url(), {"without_account": "on", "channel": "slip"})

    assert len(re.findall(rb"/Type\s*/Page\b", _pdf_text(response.content))) == 2


def test_the_page_counts_wrong_codes_per_client_address(client, tree):
    item = _issued(tree)
    for i in range(20):
        client.post(
            reverse("portal:activate"),
            {"username": f"doan{i}", "code": "ABCDE-FGHJK", "password": PASSWORD, "password2": PASSWORD},
            REMOTE_ADDR="203.0.113.5",
        )
    right = {"username": item.username, "code": item.code, "password": PASSWORD, "password2": PASSWORD}

    refused = client.post(reverse("portal:activate"), right, REMOTE_ADDR="203.0.113.5")
    accepted = client.post(reverse("portal:activate"), right, REMOTE_ADDR="198.51.100.7")

    assert refused.status_code == 400 and accepted.status_code == 302


def test_all_without_an_account_when_everyone_has_one(client, tree, secretary):
    services.accounts_issue(actor=None, unit=tree.a1)
    client.force_login(secretary)

    response = client.post(_issue_url(), {"without_account": "on", "channel": "slip"})

    assert response.status_code == 302 and ActivationCode.objects.count() == 5


def test_the_menu_entry_opens_the_users_own_unit(client, tree, secretary, board):
    client.force_login(secretary)
    assert client.get(reverse("portal:accounts_home"))["Location"] == _accounts("A")
    client.force_login(board)
    assert client.get(reverse("portal:accounts_home"))["Location"] == _accounts("R")
