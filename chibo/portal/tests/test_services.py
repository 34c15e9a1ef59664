from __future__ import annotations

import pytest

from chibo.core.models import AuditEntry
from chibo.core.scoping import NotPermitted
from chibo.portal import services
from chibo.portal.models import MAX_OPEN, TEXT_MAX, CorrectionRequest, RequestState
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db

TEXT = "Ngày vào Đảng ghi sai: đúng là 01/01/2010"


def _create(user, **kwargs):  # type: ignore[no-untyped-def]
    return services.correction_request_create(
        actor=user, member=user.member, **{"field": "dates", "text": TEXT, **kwargs}
    )


def test_a_member_asks_to_correct_their_record(member_user):
    request = _create(member_user)

    assert request.state == RequestState.OPEN and request.member == member_user.member
    entry = AuditEntry.objects.get(action="portal.correction_request")
    assert entry.actor_id == member_user.pk and entry.target_id == str(request.pk)


def test_the_text_is_cleaned_of_control_characters_and_trimmed(member_user):
    request = _create(member_user, text="  Sai tên\x00 xã quê quán  \r\nĐúng là xã Yên Phụ  ")

    assert request.text == "Sai tên xã quê quán\nĐúng là xã Yên Phụ"


def _refused(code, call):  # type: ignore[no-untyped-def]
    before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as refusal:
        call()
    assert refusal.value.code == code
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("actor", ["secretary", "neighbour_user", None])
def test_only_the_members_own_account_may_ask(request, member_user, actor):
    user = request.getfixturevalue(actor) if actor else None
    call = lambda: services.correction_request_create(  # noqa: E731
        actor=user, member=member_user.member, field="other", text=TEXT
    )
    _refused("portal.not_your_record", call)
    assert not CorrectionRequest.objects.exists()


@pytest.mark.parametrize("text", ["", "quá ngắn", " " * 40, "x" * (TEXT_MAX + 1)])
def test_the_text_must_have_a_sensible_length(member_user, text):
    _refused("portal.text_length", lambda: _create(member_user, text=text))
    assert not CorrectionRequest.objects.exists()


def test_an_unknown_field_is_refused(member_user):
    _refused("portal.unknown_field", lambda: _create(member_user, field="salary"))


def test_at_most_a_few_open_requests(member_user, secretary):
    made = [_create(member_user) for _ in range(MAX_OPEN)]

    _refused("portal.too_many_open", lambda: _create(member_user))
    assert CorrectionRequest.objects.count() == MAX_OPEN

    services.correction_request_close(actor=secretary, request=made[0], state="done")
    _create(member_user)  # an answered request makes room
    assert CorrectionRequest.objects.filter(state=RequestState.OPEN).count() == MAX_OPEN


def test_the_secretary_closes_a_request(member_user, secretary):
    request = _create(member_user)

    services.correction_request_close(actor=secretary, request=request, state="done", answer="Đã sửa")

    request.refresh_from_db()
    assert (request.state, request.answer, request.handled_by) == ("done", "Đã sửa", secretary)
    assert request.handled_on is not None
    entry = AuditEntry.objects.get(action="portal.correction_close")
    assert entry.actor_id == secretary.pk and entry.after == {"state": "done"}


def test_a_secretary_of_another_unit_may_not_close(member_user, sibling_secretary):
    request = _create(member_user)
    before = AuditEntry.objects.count()

    with pytest.raises(NotPermitted):
        services.correction_request_close(actor=sibling_secretary, request=request, state="done")

    request.refresh_from_db()
    assert request.state == RequestState.OPEN and AuditEntry.objects.count() == before


def test_a_rejection_needs_an_answer(member_user, secretary):
    request = _create(member_user)

    _refused(
        "portal.answer_required",
        lambda: services.correction_request_close(actor=secretary, request=request, state="rejected"),
    )
    request.refresh_from_db()
    assert request.state == RequestState.OPEN


def test_a_request_is_answered_once(member_user, secretary):
    request = _create(member_user)
    services.correction_request_close(actor=secretary, request=request, state="rejected", answer="Đúng rồi")

    _refused(
        "portal.already_closed",
        lambda: services.correction_request_close(actor=secretary, request=request, state="done"),
    )


@pytest.mark.parametrize("state", ["open", "", "deleted"])
def test_closing_needs_done_or_rejected(member_user, secretary, state):
    request = _create(member_user)
    _refused(
        "portal.close_state",
        lambda: services.correction_request_close(actor=secretary, request=request, state=state, answer="x"),
    )


def test_an_overlong_answer_is_refused(member_user, secretary):
    request = _create(member_user)
    _refused(
        "portal.answer_length",
        lambda: services.correction_request_close(
            actor=secretary, request=request, state="done", answer="x" * 1001
        ),
    )
