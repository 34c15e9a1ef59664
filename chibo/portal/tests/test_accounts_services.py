"""Member accounts issued in bulk with one-time codes (accounts_issue) and their activation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from chibo.accounts.models import User
from chibo.core.models import AuditEntry
from chibo.core.scoping import NotPermitted
from chibo.core.testing import user_with_role
from chibo.members import services as mem
from chibo.members.models import Member
from chibo.portal import services
from chibo.portal.models import ActivationCode
from chibo.portal.services import accounts as impl
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db

PASSWORD = "Hoa-sen-1975-trang"


def _members(unit: Any) -> list[Member]:
    return list(Member.objects.filter(unit=unit).order_by("name_sort", "pk"))


def _set(member: Member, **changes: Any) -> Member:
    member.refresh_from_db()
    return mem.member_update(actor=None, member=member, version=member.version, changes=changes)


def _issue(actor: Any, unit: Any, **kwargs: Any) -> services.IssueResult:
    return services.accounts_issue(actor=actor, unit=unit, **kwargs)


def _activate(item: Any, password: str = PASSWORD, **kwargs: Any) -> Any:
    return services.account_activate(username=item.username, code=item.code, password=password, **kwargs)


def _refused(code: str, call: Any) -> RuleViolation:
    before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as refusal:
        call()
    assert refusal.value.code == code
    assert AuditEntry.objects.count() == before
    return refusal.value


# --- issuing -----------------------------------------------------------------------------------


def test_a_secretary_issues_accounts_and_codes_for_the_members_of_a_cell(tree, secretary):
    result = _issue(secretary, tree.a1)

    members = _members(tree.a1)
    assert [i.member.pk for i in result.issued] == [m.pk for m in members]  # the roster order
    for item, member in zip(result.issued, members, strict=True):
        member.refresh_from_db()
        assert member.user.username == item.username == f"dv{member.pk:06d}"
        assert not member.user.has_usable_password() and member.user.is_active
        assert item.new_account and len(item.code) == 11 and item.code[5] == "-"
    codes = ActivationCode.objects.all()
    assert codes.count() == 5 and {c.issued_by for c in codes} == {secretary}
    assert {c.user_id for c in codes} == {m.user_id for m in _members(tree.a1)}


def test_only_a_hash_of_the_code_is_kept_and_the_audit_has_counts_only(tree, secretary):
    result = _issue(secretary, tree.a1)

    entry = AuditEntry.objects.get(action="portal.accounts_issue")
    assert entry.is_batch and entry.actor == secretary and entry.unit == tree.a1
    assert entry.counts == {
        "accounts_created": 5,
        "codes_issued": 5,
        "codes_revoked": 0,
        "mailed": 0,
        "skipped": 0,
    }
    stored = str(list(ActivationCode.objects.values())) + str(list(AuditEntry.objects.values()))
    for item in result.issued:
        plain = item.code.replace("-", "")
        assert item.code not in stored and plain not in stored
        row = ActivationCode.objects.get(member=item.member)
        assert row.code_hash == impl.code_hash(row.user_id, plain) != plain


def test_the_card_number_is_the_user_name_when_free(tree, secretary):
    first, second, third = _members(tree.a1)[:3]
    _set(first, card_number="012 345 678")
    _set(second, card_number="777")
    _set(third, card_number="777")  # a typing error in the records: the same card twice
    user_with_role("012345678x")

    result = _issue(secretary, tree.a1, member_ids=[first.pk, second.pk, third.pk])

    names = {i.member.pk: i.username for i in result.issued}
    assert names[first.pk] == "012345678"
    assert names[second.pk] == "777" and names[third.pk] == f"dv{third.pk:06d}"


def test_a_taken_card_number_falls_back_to_the_record_number(tree, secretary):
    member = _members(tree.a1)[0]
    _set(member, card_number="AB123")
    user_with_role("ab123")  # another case, the same name for the sign-in page

    (item,) = _issue(secretary, tree.a1, member_ids=[member.pk]).issued

    assert item.username == f"dv{member.pk:06d}"


def test_the_validity_comes_from_the_setting(tree, secretary, settings):
    settings.CHIBO_ACTIVATION_DAYS = 3
    now = timezone.now()

    item = _issue(secretary, tree.a1, now=now).issued[0]

    assert item.valid_through == timezone.localdate(now) + timedelta(days=3)
    assert ActivationCode.objects.get(member=item.member).expires_at == item.expires_at


def test_a_secretary_of_another_unit_may_not_issue(tree, sibling_secretary):
    with pytest.raises(NotPermitted):
        _issue(sibling_secretary, tree.a1)
    assert not ActivationCode.objects.exists() and not AuditEntry.objects.filter(action__startswith="portal")


def test_a_viewer_may_not_issue(tree):
    viewer = user_with_role("xem", "viewer", tree.a)
    with pytest.raises(NotPermitted):
        _issue(viewer, tree.a1)


def test_a_chosen_member_outside_the_unit_is_refused_whether_or_not_they_exist(tree, secretary):
    elsewhere = _members(tree.b1)[0]
    _refused("activation.member_outside", lambda: _issue(secretary, tree.a1, member_ids=[elsewhere.pk]))
    _refused("activation.member_outside", lambda: _issue(secretary, tree.a1, member_ids=[10**9]))
    _refused("activation.member_outside", lambda: _issue(secretary, tree.a1, member_ids=["x"]))
    assert not ActivationCode.objects.exists() and elsewhere.user_id is None


def test_a_member_who_left_gets_no_account(tree, secretary):
    member = _members(tree.a1)[0]
    mem.member_leave(actor=None, member=member, reason="resigned", on=timezone.localdate())

    _refused("activation.member_left", lambda: _issue(secretary, tree.a1, member_ids=[member.pk]))
    result = _issue(secretary, tree.a1)  # the whole cell: only the active members

    assert member.pk not in {i.member.pk for i in result.issued} and len(result.issued) == 4


def test_no_choice_or_an_unknown_channel_is_refused(tree, secretary):
    _refused("activation.none_chosen", lambda: _issue(secretary, tree.a1, member_ids=[]))
    _refused("activation.channel", lambda: _issue(secretary, tree.a1, channel="sms"))


def test_too_many_at_once_is_refused(tree, secretary, monkeypatch):
    monkeypatch.setattr(impl, "MAX_BATCH", 4)
    _refused("activation.batch_too_large", lambda: _issue(secretary, tree.a1))
    assert not User.objects.filter(username__startswith="dv").exists()


def test_a_new_code_revokes_the_unused_one(tree, secretary):
    member = _members(tree.a1)[0]
    old = _issue(secretary, tree.a1, member_ids=[member.pk]).issued[0]

    new = _issue(secretary, tree.a1, member_ids=[member.pk]).issued[0]

    assert not new.new_account and new.username == old.username
    entry = AuditEntry.objects.filter(action="portal.accounts_issue").latest("pk")
    assert entry.counts["codes_revoked"] == 1 and entry.counts["accounts_created"] == 0
    _refused("activation.revoked", lambda: _activate(old))
    _activate(new)


def test_an_activated_account_gets_a_code_only_for_a_forgotten_password(tree, secretary):
    member = _members(tree.a1)[0]
    _activate(_issue(secretary, tree.a1, member_ids=[member.pk]).issued[0])

    refusal = _refused(
        "activation.nothing_to_issue", lambda: _issue(secretary, tree.a1, member_ids=[member.pk])
    )
    assert refusal.params == {"skipped": 1}
    partial = _issue(secretary, tree.a1)
    assert [(m.pk, why) for m, why in partial.skipped] == [(member.pk, impl.SKIP_ACTIVATED)]

    item = _issue(secretary, tree.a1, member_ids=[member.pk], reissue=True).issued[0]
    user = User.objects.get(username=item.username)
    assert user.check_password(PASSWORD)  # the old password works until the new code is used
    _activate(item, password="Cay-tre-Viet-Nam-1")
    user.refresh_from_db()
    assert user.check_password("Cay-tre-Viet-Nam-1") and not user.check_password(PASSWORD)


def test_an_account_with_a_committee_role_never_gets_a_code(tree, secretary, board):
    member = _members(tree.a1)[0]
    mem.member_link_account(actor=None, member=member, user=board)
    board.set_unusable_password()  # even before any password was set
    board.save()

    _refused(
        "activation.nothing_to_issue",
        lambda: _issue(secretary, tree.a1, member_ids=[member.pk], reissue=True),
    )
    result = _issue(secretary, tree.a1, reissue=True)
    assert (member, impl.SKIP_STAFF) in result.skipped


def test_a_closed_account_gets_no_code(tree, secretary):
    member = _members(tree.a1)[0]
    item = _issue(secretary, tree.a1, member_ids=[member.pk]).issued[0]
    User.objects.filter(pk=item.member.user_id).update(is_active=False)

    result = _issue(secretary, tree.a1)

    assert (item.member, impl.SKIP_CLOSED) in [(m, why) for m, why in result.skipped]


def test_codes_go_by_mail_to_members_with_an_address(tree, secretary):
    first, second = _members(tree.a1)[:2]
    _set(first, email="mai@example.vn")

    result = _issue(
        secretary,
        tree.a1,
        member_ids=[first.pk, second.pk],
        channel="email",
        activate_url="https://chibo.example.vn/me/activate/",
    )

    assert [i.member.pk for i in result.mailed] == [first.pk]
    assert [i.member.pk for i in result.to_print] == [second.pk]
    (letter,) = mail.outbox
    item = result.mailed[0]
    assert letter.to == ["mai@example.vn"] and item.code in letter.body and first.full_name in letter.body
    assert f"https://chibo.example.vn/me/activate/#u={item.username}&c={item.code}" in letter.body
    assert ActivationCode.objects.get(member=first).channel == "email"
    assert ActivationCode.objects.get(member=second).channel == "slip"
    assert AuditEntry.objects.get(action="portal.accounts_issue").counts["mailed"] == 1


def test_a_letter_that_fails_is_left_for_a_slip(tree, secretary, monkeypatch):
    first = _members(tree.a1)[0]
    _set(first, email="mai@example.vn")
    monkeypatch.setattr(impl, "send_mail", lambda *a, **k: 0)

    result = _issue(secretary, tree.a1, member_ids=[first.pk], channel="email")

    assert not result.mailed and [i.member for i in result.to_print] == [first]


# --- activation --------------------------------------------------------------------------------


def test_a_member_activates_their_account(tree, secretary):
    item = _issue(secretary, tree.a1).issued[0]

    user = _activate(item, client_ip="10.0.0.1")

    assert user.check_password(PASSWORD) and user.member == item.member
    code = ActivationCode.objects.get(member=item.member)
    assert code.used_at is not None and code.revoked_at is None
    entry = AuditEntry.objects.get(action="portal.account_activate")
    assert entry.actor == user and entry.target_id == str(item.member.pk)
    assert entry.after["first_activation"] is True and item.code not in str(entry.after)


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {plain} ", "{spaced}"])
def test_the_code_may_be_typed_loosely(tree, secretary, typed):
    item = _issue(secretary, tree.a1).issued[0]
    plain = item.code.replace("-", "")
    text = typed.format(code=item.code, lower=item.code.lower(), plain=plain, spaced=" ".join(plain))

    services.account_activate(username=item.username.upper(), code=text, password=PASSWORD)


def test_a_wrong_code_or_user_name_gets_one_message(tree, secretary):
    item, other = _issue(secretary, tree.a1).issued[:2]

    for username, code in [
        (item.username, other.code),  # another member's code
        ("nobody", item.code),
        (item.username, "ABCDE-FGHJK"),
        (item.username, "not a code"),
        ("", item.code),
    ]:
        _refused(
            "activation.wrong",
            lambda u=username, c=code: services.account_activate(username=u, code=c, password=PASSWORD),
        )
    assert not ActivationCode.objects.filter(used_at__isnull=False).exists()


def test_a_code_works_until_its_expiry_instant(tree, secretary):
    now = timezone.now()
    item = _issue(secretary, tree.a1, now=now).issued[0]

    refusal = _refused("activation.expired", lambda: _activate(item, now=item.expires_at))
    assert refusal.params["day"] == item.valid_through
    _refused("activation.expired", lambda: _activate(item, now=item.expires_at + timedelta(seconds=1)))
    _activate(item, now=item.expires_at - timedelta(seconds=1))


def test_a_code_is_used_once(tree, secretary):
    item = _issue(secretary, tree.a1).issued[0]
    _activate(item)

    _refused("activation.used", lambda: _activate(item, password="Another-1975-pass"))
    assert User.objects.get(username=item.username).check_password(PASSWORD)


def test_a_member_who_left_cannot_activate(tree, secretary):
    item = _issue(secretary, tree.a1).issued[0]
    mem.member_leave(actor=None, member=item.member, reason="removed", on=timezone.localdate())

    _refused("activation.account_closed", lambda: _activate(item))
    assert not User.objects.get(username=item.username).has_usable_password()


def test_a_code_does_not_open_an_account_that_gained_a_committee_role(tree, secretary):
    from chibo.accounts.services import role_grant

    item = _issue(secretary, tree.a1).issued[0]
    role_grant(actor=None, user=User.objects.get(username=item.username), unit=tree.a1, role="secretary")

    _refused("activation.staff_account", lambda: _activate(item))


@pytest.mark.parametrize("password", ["", "ngan", "1234567890123", "password123", "dv0000010000"])
def test_the_password_must_pass_the_validators(tree, secretary, password):
    item = _issue(secretary, tree.a1).issued[0]
    if password.startswith("dv"):
        password = item.username + "xx"  # too close to the user name

    refusal = _refused("activation.password_invalid", lambda: _activate(item, password=password))

    assert refusal.params["reasons"]
    assert ActivationCode.objects.get(member=item.member).used_at is None  # the code still works
    _activate(item)


def test_too_many_wrong_codes_for_a_user_name_lock_it_for_a_while(tree, secretary):
    item = _issue(secretary, tree.a1).issued[0]
    now = timezone.now()
    for i in range(5):
        _refused(
            "activation.wrong",
            lambda i=i: _activate(
                item.__class__(**{**item.__dict__, "code": "ABCDE-FGHJK"}), now=now, client_ip=f"10.0.0.{i}"
            ),
        )

    refusal = _refused("activation.throttled", lambda: _activate(item, now=now + timedelta(minutes=1)))
    assert refusal.params["minutes"] == 14
    _refused(
        "activation.throttled",
        lambda: _activate(item, now=now + timedelta(minutes=15) - timedelta(seconds=1)),
    )
    _activate(item, now=now + timedelta(minutes=15))


def test_too_many_wrong_codes_from_one_address_lock_it_for_a_while(tree, secretary):
    first, second = _issue(secretary, tree.a1).issued[:2]
    now = timezone.now()
    for i in range(20):
        _refused(
            "activation.wrong",
            lambda i=i: services.account_activate(
                username=f"guess{i}", code="ABCDE-FGHJK", password=PASSWORD, client_ip="203.0.113.9", now=now
            ),
        )

    _refused("activation.throttled", lambda: _activate(first, client_ip="203.0.113.9", now=now))
    _activate(second, client_ip="198.51.100.7", now=now)  # another address is not affected


def test_right_codes_and_refused_passwords_do_not_count_as_wrong_attempts(tree, secretary):
    items = _issue(secretary, tree.a1).issued
    for _ in range(6):
        _refused(
            "activation.password_invalid", lambda: _activate(items[0], password="short", client_ip="10.1.1.1")
        )
    _activate(items[0], client_ip="10.1.1.1")
