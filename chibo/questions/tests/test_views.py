"""The pages: a member asks (the text kept on refusal), reads their answers and the FAQ; staff list,
answer, publish; escaping of what users type; 404 out of scope; pinned query counts."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.core.testing import user_with_role
from chibo.questions import services
from chibo.questions.models import Question
from chibo.questions.tests.factories import answered, ask, linked_user

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def test_a_member_asks_from_the_page(client, tree, member_user):
    client.force_login(member_user)
    page = client.get(reverse("questions:ask"))
    assert page.status_code == 200
    assert page.context["form"].initial["unit"] == tree.a.pk  # the grassroots organisation
    choices = {pk for pk, _ in page.context["form"].fields["unit"].choices}
    assert choices == {tree.root.pk, tree.a.pk, tree.a1.pk}
    response = client.post(
        reverse("questions:ask"), {"unit": tree.a1.pk, "title": "Hỏi", "text": "Nội dung câu hỏi"}
    )
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/questions/mine/#q{question.pk}")
    assert question.unit == tree.a1 and question.asker == member_user


def test_a_unit_off_the_members_line_is_not_a_choice(client, tree, member_user):
    client.force_login(member_user)
    response = client.post(reverse("questions:ask"), {"unit": tree.b.pk, "title": "Hỏi", "text": "X"})
    assert response.status_code == 400 and not Question.objects.exists()


@override_settings(CHIBO_QUESTION_LIMITS={"open": 5, "daily": 1})
def test_a_refused_question_comes_back_with_the_text_typed(client, tree, member_user):
    ask(member_user)
    client.force_login(member_user)
    typed = "Câu hỏi dài tôi đã gõ\ndòng hai"
    response = client.post(reverse("questions:ask"), {"unit": tree.a.pk, "title": "Lần hai", "text": typed})
    assert response.status_code == 400 and Question.objects.count() == 1
    html = response.content.decode()
    assert "Câu hỏi dài tôi đã gõ" in html and 'value="Lần hai"' in html
    assert response.context["form"].non_field_errors()


def test_a_too_long_question_is_refused_with_the_text_kept(client, tree, member_user):
    client.force_login(member_user)
    response = client.post(reverse("questions:ask"), {"unit": tree.a.pk, "title": "T", "text": "x" * 2001})
    assert response.status_code == 400 and not Question.objects.exists()
    assert response.context["form"]["text"].value() == "x" * 2001


def test_staff_without_a_member_record_may_not_ask(client, tree, secretary):
    client.force_login(secretary)
    assert client.get(reverse("questions:ask")).status_code == 403
    assert client.post(reverse("questions:ask"), {"title": "T", "text": "X"}).status_code == 403
    assert client.get(reverse("questions:mine")).status_code == 403


def test_script_in_a_question_and_in_an_answer_is_shown_as_text(client, tree, member_user, secretary):
    question = ask(member_user, title=f"Tiêu đề {SCRIPT}", text=f"Hỏi {SCRIPT}")
    services.question_answer(actor=secretary, question=question, answer=f"Đáp {SCRIPT}")
    services.question_publish(actor=secretary, question=question)
    pages = (
        (member_user, reverse("questions:mine"), 3),
        (member_user, reverse("questions:faq"), 3),
        (secretary, reverse("questions:detail", args=[question.pk]), 4),  # + the answer form
        (secretary, reverse("questions:list"), 1),
    )
    for user, url, count in pages:
        client.force_login(user)
        html = client.get(url).content.decode()
        assert SCRIPT not in html, url
        assert html.count(ESCAPED) >= count, url


def test_my_questions_show_the_answers_and_never_others(client, tree, member_user):
    mine = answered(member_user)
    other = ask(linked_user(tree.a1, "khac", 1), title="Câu hỏi của người khác")
    client.force_login(member_user)
    response = client.get(reverse("questions:mine"))
    assert [q.pk for q in response.context["page"]] == [mine.pk]
    assert "0,5% lương hưu" in response.content.decode()
    assert other.title not in response.content.decode()


def test_the_faq_never_shows_the_askers_name_and_searches_without_diacritics(client, tree, member_user):
    question = answered(member_user, publish=True)
    client.force_login(linked_user(tree.a1, "ban", 2))
    html = client.get(reverse("questions:faq")).content.decode()
    assert question.title in html and question.member.full_name not in html
    found = client.get(reverse("questions:faq"), {"q": "dang phi"})
    assert [q.pk for q in found.context["page"]] == [question.pk]
    assert list(client.get(reverse("questions:faq"), {"q": "huy hieu"}).context["page"]) == []


def test_the_faq_of_another_subtree_is_not_shown(client, tree, member_user, other_member_user):
    answered(member_user, publish=True)
    client.force_login(other_member_user)
    assert list(client.get(reverse("questions:faq")).context["page"]) == []


def test_staff_answer_and_publish_from_the_pages(client, tree, member_user, secretary):
    question = ask(member_user)
    client.force_login(secretary)
    response = client.post(reverse("questions:answer", args=[question.pk]), {"answer": "Mỗi tháng 1 lần."})
    assert response.status_code == 302
    response = client.post(
        reverse("questions:publish", args=[question.pk]),
        {"action": "publish", "unit": "a", "title": "Sinh hoạt chi bộ", "text": ""},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.state == "answered" and question.faq_unit == tree.a and question.faq_title
    response = client.post(reverse("questions:publish", args=[question.pk]), {"action": "unpublish"})
    question.refresh_from_db()
    assert response.status_code == 302 and question.faq_unit is None
    assert client.post(reverse("questions:close", args=[question.pk])).status_code == 302
    question.refresh_from_db()
    assert question.state == "closed"


def test_a_refused_answer_keeps_the_text_and_writes_nothing(client, tree, member_user, secretary):
    question = ask(member_user)
    services.question_close(actor=member_user, question=question)
    client.force_login(secretary)
    before = AuditEntry.objects.count()
    response = client.post(reverse("questions:answer", args=[question.pk]), {"answer": "Trả lời muộn"})
    assert response.status_code == 400 and "Trả lời muộn" in response.content.decode()
    assert AuditEntry.objects.count() == before


def test_a_question_outside_the_scope_is_404(client, tree, member_user):
    question = ask(member_user)
    client.force_login(user_with_role("bithub", "secretary", tree.b))
    assert client.get(reverse("questions:detail", args=[question.pk])).status_code == 404
    assert client.post(reverse("questions:answer", args=[question.pk]), {"answer": "x"}).status_code == 404


def test_the_staff_list_filters_by_state(client, tree, member_user, secretary):
    open_ = ask(member_user)
    done = answered(member_user)
    client.force_login(secretary)
    assert [q.pk for q in client.get(reverse("questions:list"), {"state": "open"}).context["page"]] == [
        open_.pk
    ]
    states = client.get(reverse("questions:list"), {"state": "answered"}).context["page"]
    assert [q.pk for q in states] == [done.pk]


def _many(tree, count: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(count):
        user = linked_user(tree.a1, f"dv{i}", i % 5) if i < 5 else None
        if user is None:
            break
        answered(user, publish=True, title=f"Câu hỏi {i}")


def test_list_pages_take_a_fixed_number_of_queries(client, tree, secretary, django_assert_num_queries):
    _many(tree, 5)
    client.force_login(secretary)
    client.get(reverse("questions:list"))  # warm the session
    with django_assert_num_queries(5):
        response = client.get(reverse("questions:list"))
    assert len(response.context["page"]) == 5
    member = Question.objects.first().asker
    client.force_login(member)
    client.get(reverse("questions:faq"))
    with django_assert_num_queries(7):
        assert len(client.get(reverse("questions:faq")).context["page"]) == 5
    answered(member, title="Câu hỏi thêm 1")
    answered(member, title="Câu hỏi thêm 2")
    with django_assert_num_queries(7):  # the same with three questions as with one
        assert len(client.get(reverse("questions:mine")).context["page"]) == 3
