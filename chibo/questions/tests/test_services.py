"""The services: asking (own account, the unit on the member's line, lengths, limits counted in the
database), answering (scope, notification), FAQ publication and closing; refusals write nothing."""

from __future__ import annotations

import pytest
from django.test import override_settings

from chibo.core.models import AuditEntry
from chibo.core.scoping import NotPermitted
from chibo.core.testing import user_with_role
from chibo.handbook.models import Notification
from chibo.questions import selectors, services
from chibo.questions.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Question
from chibo.questions.tests.factories import answered, ask, linked_user
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _writes() -> tuple[int, int, int]:
    return AuditEntry.objects.count(), Question.objects.count(), Notification.objects.count()


def _refused(code: str, call, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    before = _writes()
    with pytest.raises(RuleViolation) as raised:
        call(*args, **kwargs)
    assert raised.value.code == code
    assert _writes() == before


def test_a_question_goes_to_the_grassroots_organisation_by_default(tree, member_user):
    question = ask(member_user, text="  Dòng 1\r\nDòng 2  ")
    assert question.unit == tree.a and question.state == "open"
    assert question.text == "Dòng 1\nDòng 2"
    assert question.member.user == member_user
    entry = AuditEntry.objects.get(action="question.ask")
    assert entry.actor == member_user and entry.unit == tree.a and entry.after["unit"] == "A"


def test_a_question_may_go_to_the_cell_or_above_but_not_elsewhere(tree, member_user):
    assert ask(member_user, unit=tree.a1).unit == tree.a1
    assert ask(member_user, unit=tree.root).unit == tree.root
    _refused("question.unit_not_yours", ask, member_user, unit=tree.b)


def test_only_a_members_own_account_asks(tree, board):
    _refused("question.not_a_member", ask, board)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("title", "x" * (TITLE_MAX_LENGTH + 1), "question.title_too_long"),
        ("text", "x" * (TEXT_MAX_LENGTH + 1), "question.text_too_long"),
        ("title", "   ", "question.title_required"),
        ("text", "\n \n", "question.text_required"),
    ],
)
def test_lengths_are_checked(tree, member_user, field, value, code):
    _refused(code, ask, member_user, **{field: value})


def test_the_longest_text_allowed_is_accepted(tree, member_user):
    assert len(ask(member_user, text="x" * TEXT_MAX_LENGTH).text) == TEXT_MAX_LENGTH


def test_at_most_three_questions_a_day(tree, member_user):
    for _ in range(3):
        ask(member_user)
    _refused("question.daily_limit", ask, member_user)


@override_settings(CHIBO_QUESTION_LIMITS={"open": 2, "daily": 10})
def test_at_most_so_many_open_questions_and_an_answer_frees_a_place(tree, member_user):
    first = ask(member_user)
    ask(member_user)
    _refused("question.too_many_open", ask, member_user)
    services.question_answer(actor=None, question=first, answer="Đã trả lời.")
    assert ask(member_user).state == "open"


def test_the_answer_notifies_the_asker_and_is_audited(tree, member_user, secretary):
    question = ask(member_user)
    question = services.question_answer(actor=secretary, question=question, answer="Trả lời.\nDòng hai")
    assert question.state == "answered" and question.answered_by == secretary
    assert question.answer == "Trả lời.\nDòng hai"
    note = Notification.objects.get(user=member_user)
    assert note.kind == "notice" and note.link.endswith(f"/questions/mine/#q{question.pk}")
    assert AuditEntry.objects.filter(action="question.answer", actor=secretary).count() == 1


def test_answering_out_of_scope_is_refused_and_writes_nothing(tree, member_user):
    question = ask(member_user)
    users = (user_with_role("bithub", "secretary", tree.b), user_with_role("xem", "viewer", tree.a))
    before = _writes()
    for user in users:
        with pytest.raises(NotPermitted):
            services.question_answer(actor=user, question=question, answer="x")
    assert _writes() == before
    question.refresh_from_db()
    assert question.state == "open" and question.answer == ""


def test_a_cell_secretary_cannot_answer_a_question_to_the_grassroots_committee(tree, member_user):
    question = ask(member_user)  # to A
    with pytest.raises(NotPermitted):
        services.question_answer(
            actor=user_with_role("bithua1", "secretary", tree.a1), question=question, answer="x"
        )


def test_an_empty_or_too_long_answer_is_refused(tree, member_user):
    question = ask(member_user)
    _refused("question.answer_required", services.question_answer, actor=None, question=question, answer=" ")
    _refused(
        "question.answer_too_long", services.question_answer, actor=None, question=question, answer="x" * 5001
    )


def test_publish_and_unpublish_an_faq_entry(tree, member_user, secretary):
    question = answered(member_user)
    question = services.question_publish(
        actor=secretary, question=question, title="Đảng phí khi nghỉ hưu", text="Mức đảng phí khi nghỉ hưu?"
    )
    assert question.faq_unit == tree.a and question.public_title == "Đảng phí khi nghỉ hưu"
    assert "dang phi" in question.search_key and "nghi huu" in question.search_key
    assert AuditEntry.objects.get(action="question.publish").actor == secretary
    question = services.question_unpublish(actor=secretary, question=question)
    assert question.faq_unit is None and question.search_key == ""
    _refused("question.not_published", services.question_unpublish, actor=secretary, question=question)


def test_an_open_question_cannot_be_published(tree, member_user):
    _refused("question.not_answered", services.question_publish, actor=None, question=ask(member_user))


def test_publishing_off_the_line_or_above_the_scope_is_refused(tree, member_user, secretary):
    question = answered(member_user)
    _refused(
        "question.faq_unit_off_line", services.question_publish, actor=None, question=question, unit=tree.b
    )
    with pytest.raises(NotPermitted):
        services.question_publish(actor=secretary, question=question, unit=tree.root)
    assert not Question.objects.filter(faq_unit__isnull=False).exists()


def test_the_asker_or_staff_close_and_a_closed_question_takes_no_answer(tree, member_user, other_member_user):
    question = ask(member_user)
    with pytest.raises(NotPermitted):
        services.question_close(actor=other_member_user, question=question)
    question = services.question_close(actor=member_user, question=question)
    assert question.state == "closed" and question.closed_at
    _refused("question.closed", services.question_answer, actor=None, question=question, answer="x")
    _refused("question.closed", services.question_close, actor=None, question=question)


def test_faq_scope_a_member_of_another_subtree_does_not_see_it(tree, member_user, other_member_user):
    question = answered(member_user, publish=True)
    assert list(selectors.faq_list(user=member_user)) == [question]
    assert list(selectors.faq_list(user=other_member_user)) == []
    board_b = user_with_role("bithub", "secretary", tree.b)
    assert list(selectors.faq_list(user=board_b)) == []
    assert list(selectors.faq_list(user=user_with_role("tinh", "viewer", tree.root))) == [question]


def test_faq_search_ignores_diacritics(tree, member_user):
    question = answered(member_user, publish=True)
    assert list(selectors.faq_list(user=member_user, text="DANG PHI nghi huu")) == [question]
    assert list(selectors.faq_list(user=member_user, text="đảng phí")) == [question]
    assert list(selectors.faq_list(user=member_user, text="ket nap")) == []


def test_another_members_question_is_not_found(tree, member_user):
    from django.http import Http404

    question = ask(member_user)
    other = ask(linked_user(tree.a1, "khac", 1))
    with pytest.raises(Http404):
        selectors.my_question(member_user, other.pk)
    assert selectors.my_question(member_user, question.pk) == question
