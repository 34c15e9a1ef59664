"""The demo questions: answered FAQ entries at the root, one question left open."""

from __future__ import annotations

import pytest

from chibo.questions.demo import QUESTIONS, demo_questions
from chibo.questions.models import Question

pytestmark = pytest.mark.django_db


def test_demo_questions(tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(300):
        done = demo_questions()
    assert done["questions"] == Question.objects.count() == len(QUESTIONS)
    published = sum(1 for q in QUESTIONS if q[2])
    assert done["published"] == Question.objects.filter(faq_unit=tree.root).count() == published
    assert Question.objects.filter(state="open").count() == len(QUESTIONS) - published
