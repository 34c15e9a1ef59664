"""The questions API: a member asks and lists their own, the FAQ with search, staff steps."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from chibo.core.models import AuditEntry
from chibo.core.testing import user_with_role
from chibo.handbook.models import Notification
from chibo.questions.models import Question
from chibo.questions.tests.factories import answered, ask, linked_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_a_member_asks_and_lists_their_own(api, tree, member_user):
    other = ask(linked_user(tree.a1, "khac", 1))
    api.force_authenticate(member_user)
    response = api.post(reverse("questions-mine-list"), {"title": "Hỏi", "text": "<b>x</b>"}, format="json")
    assert (
        response.status_code == 201 and response.data["unit"] == "A" and response.data["text"] == "<b>x</b>"
    )
    response = api.post(
        reverse("questions-mine-list"), {"unit": "a1", "title": "Hỏi 2", "text": "y"}, format="json"
    )
    assert response.status_code == 201 and response.data["unit"] == "A1"
    ids = [row["id"] for row in api.get(reverse("questions-mine-list")).data["results"]]
    assert other.pk not in ids and len(ids) == 2


def test_asking_a_unit_off_the_line_and_beyond_the_limit_is_400(api, tree, member_user):
    api.force_authenticate(member_user)
    response = api.post(
        reverse("questions-mine-list"), {"unit": "B", "title": "T", "text": "X"}, format="json"
    )
    assert response.status_code == 400 and response.data["code"] == "question.unit_not_yours"
    with override_settings(CHIBO_QUESTION_LIMITS={"open": 5, "daily": 0}):
        response = api.post(reverse("questions-mine-list"), {"title": "T", "text": "X"}, format="json")
    assert response.status_code == 400 and response.data["code"] == "question.daily_limit"
    response = api.post(reverse("questions-mine-list"), {"title": "T", "text": "x" * 2001}, format="json")
    assert response.status_code == 400 and response.data["code"] == "question.text_too_long"
    assert not Question.objects.exists()


def test_the_faq_has_no_asker_and_is_searched_without_diacritics(api, tree, member_user, other_member_user):
    question = answered(member_user, publish=True)
    api.force_authenticate(member_user)
    rows = api.get(reverse("questions-faq-list"), {"q": "dang phi"}).data["results"]
    assert [r["id"] for r in rows] == [question.pk]
    assert set(rows[0]) == {"id", "unit", "unit_name", "title", "question", "answer", "faq_published_at"}
    api.force_authenticate(other_member_user)
    assert api.get(reverse("questions-faq-list")).data["results"] == []


def test_staff_answer_publish_unpublish_close(api, tree, member_user):
    question = ask(member_user)
    api.force_authenticate(user_with_role("bithu", "secretary", tree.a))
    rows = api.get(reverse("questions-staff-list"), {"state": "open"}).data["results"]
    assert [r["id"] for r in rows] == [question.pk] and rows[0]["asked_by"] == question.member.full_name
    url = lambda name: reverse(f"questions-staff-{name}", args=[question.pk])  # noqa: E731
    response = api.post(url("answer"), {"answer": "Trả lời"}, format="json")
    assert response.status_code == 200 and response.data["state"] == "answered"
    assert Notification.objects.filter(user=member_user).count() == 1
    response = api.post(url("publish"), {"unit": "a", "title": "Công khai"}, format="json")
    assert response.status_code == 200 and response.data["faq_unit"] == "A"
    assert api.post(url("unpublish")).data["faq_unit"] is None
    assert api.post(url("close")).data["state"] == "closed"
    response = api.post(url("answer"), {"answer": "Lại"}, format="json")
    assert response.status_code == 400 and response.data["code"] == "question.closed"


def test_staff_out_of_scope_get_404_and_write_nothing(api, tree, member_user):
    question = ask(member_user)
    api.force_authenticate(user_with_role("bithub", "secretary", tree.b))
    before = AuditEntry.objects.count()
    url = reverse("questions-staff-answer", args=[question.pk])
    assert api.post(url, {"answer": "x"}, format="json").status_code == 404
    assert AuditEntry.objects.count() == before


def test_the_staff_list_takes_a_fixed_number_of_queries(api, tree, django_assert_num_queries):
    for i in range(5):
        answered(linked_user(tree.a1, f"dv{i}", i), publish=True)
    api.force_authenticate(user_with_role("bithu", "secretary", tree.a))
    api.get(reverse("questions-staff-list"))
    with django_assert_num_queries(2):  # count, page (the grants stay on the forced user)
        assert len(api.get(reverse("questions-staff-list")).data["results"]) == 5
