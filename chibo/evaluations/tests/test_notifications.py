"""The members' inbox at the steps of their evaluation: the self-assessment opens, the cell has
reviewed them, their grade is decided or corrected."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.core.regulations import today
from chibo.evaluations import services as svc
from chibo.evaluations.models import MemberEvaluation
from chibo.evaluations.tests.conftest import CRITERIA, YEAR, full_points, link, make_table, official_members
from chibo.handbook.models import Notification
from chibo.members.models import Member

pytestmark = pytest.mark.django_db
SELF = f"{reverse('evaluations:self')}?year={YEAR}"
#: The self-assessment announced when a table is set is the current year's (chibo.rules.reminders).
THIS = today().year


def _lines(**filters):
    return Notification.objects.filter(kind="evaluation", **filters)


@pytest.fixture
def accounts(tree):
    """Two members of A1 and one of B1 with an account; A1's others have none."""
    a1 = official_members(tree)
    b1 = Member.objects.filter(unit=tree.b1).order_by("pk").first()
    return link(a1[0], "dv1"), link(a1[1], "dv2"), link(b1, "dv3")


def test_a_table_for_the_year_opens_the_self_assessment_of_its_subtree(tree, accounts):
    first, second, outside = accounts
    make_table(tree.a, year=THIS)
    lines = _lines()
    assert sorted(lines.values_list("user_id", flat=True)) == sorted([first.pk, second.pk])
    assert not lines.filter(user=outside).exists()
    line = lines.get(user=first)
    assert str(THIS) in line.title and line.link == f"{reverse('evaluations:self')}?year={THIS}"
    assert AuditEntry.objects.get(action="handbook.notify").counts == {"notifications": 2}
    assert AuditEntry.objects.filter(action="evaluation.table_save").count() == 1


def test_replacing_the_table_or_a_table_under_a_covering_one_tells_nobody_again(tree, accounts):
    make_table(tree.root, year=THIS)
    assert _lines().count() == 3
    make_table(tree.root, year=THIS)  # replaced
    make_table(tree.a, year=THIS)  # nearer, but the root's already let them self-assess
    assert _lines().count() == 3


def test_a_covering_table_set_later_skips_the_subtrees_that_had_their_own(tree, accounts):
    first, second, outside = accounts
    make_table(tree.a, year=THIS)
    make_table(tree.root, year=THIS)
    assert sorted(_lines().values_list("user_id", flat=True)) == sorted([first.pk, second.pk, outside.pk])


def test_next_or_last_years_table_and_an_organisations_table_tell_nobody(tree, accounts):
    svc.scoring_table_save(actor=None, unit=tree.root, year=THIS + 1, subject="member", criteria=CRITERIA)
    make_table(tree.root, year=THIS - 1)
    make_table(tree.root, year=THIS, subject="unit")
    assert not _lines().exists()


def test_a_copied_table_opens_the_self_assessment_too(tree, accounts):
    make_table(tree.root, year=THIS - 1)
    svc.scoring_table_copy(actor=None, unit=tree.a, year=THIS, subject="member")
    assert _lines().count() == 2


def test_members_already_evaluated_for_the_year_are_not_told(tree, accounts):
    first, second, _outside = accounts
    svc.evaluations_history_load(
        actor=None,
        unit=tree.a,
        year=THIS,
        member_grades={Member.objects.get(user=first).pk: "HTTNV"},
        unit_grades={},
        decided_on=today(),
        decision_number="H-1",
    )
    make_table(tree.a, year=THIS)
    assert list(_lines().values_list("user_id", flat=True)) == [second.pk]


def test_the_self_assessment_itself_tells_nobody(tree, accounts):
    first = accounts[0]
    make_table(tree.root)
    Notification.objects.all().delete()
    svc.member_self_assess(
        actor=first, member=Member.objects.get(user=first), year=YEAR, points=full_points()
    )
    assert not Notification.objects.exists()


def test_the_cells_review_tells_the_member_reviewed_only(tree, accounts):
    first, _second, _outside = accounts
    member = Member.objects.get(user=first)
    svc.member_evaluation_review(actor=None, member=member, year=YEAR, score=80, on=today())
    line = _lines().get()
    assert line.user_id == first.pk and str(YEAR) in line.title and "HTTNV" in line.title
    assert line.link == SELF


def test_the_decision_tells_each_member_their_own_grade_in_one_audit_entry(tree, accounts):
    first, second, _outside = accounts
    for user, score in ((first, 95), (second, 60)):
        member = Member.objects.get(user=user)
        svc.member_evaluation_review(actor=None, member=member, year=YEAR, score=score, on=today())
    for member in official_members(tree)[2:]:
        svc.member_evaluation_review(actor=None, member=member, year=YEAR, score=80, on=today())
    Notification.objects.all().delete()
    before = AuditEntry.objects.filter(action="handbook.notify").count()
    svc.member_grades_decide(actor=None, unit=tree.a, year=YEAR, decision_number="1", decided_on=today())
    grades = dict(MemberEvaluation.objects.filter(year=YEAR).values_list("member__user_id", "grade"))
    lines = {n.user_id: n for n in _lines()}
    assert set(lines) == {first.pk, second.pk}
    assert grades[first.pk] in lines[first.pk].title and grades[second.pk] in lines[second.pk].title
    assert grades[first.pk] not in lines[second.pk].title
    assert AuditEntry.objects.filter(action="handbook.notify").count() == before + 1


def test_a_correction_tells_the_member_the_new_grade(tree, accounts):
    first = accounts[0]
    member = Member.objects.get(user=first)
    svc.member_evaluation_review(actor=None, member=member, year=YEAR, score=80, on=today())
    svc.member_grades_decide(actor=None, unit=tree.a, year=YEAR, decision_number="1", decided_on=today())
    Notification.objects.all().delete()
    svc.member_grade_correct(
        actor=None,
        evaluation=MemberEvaluation.objects.get(member=member),
        grade="HTNV",
        reason="Phát hiện vi phạm",
        decision_number="2",
        decided_on=today(),
    )
    line = _lines().get()
    assert line.user_id == first.pk and "HTNV" in line.title and str(YEAR) in line.title
