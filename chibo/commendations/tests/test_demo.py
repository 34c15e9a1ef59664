"""The demo commendations: made through the services, in the first grassroots organisation."""

from __future__ import annotations

import pytest

from chibo.commendations.demo import demo_commendations
from chibo.commendations.models import Commendation
from chibo.commendations.tests.conftest import StreakRow
from chibo.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_demo_records_a_handful_through_the_services(tree, streaks):
    member_b = tree.b1.members.first()
    streaks.rows.append(StreakRow("member", member_b.pk, tree.b1.pk, member_b.full_name, tree.b1.name, 5))
    done = demo_commendations()
    assert done == {"collective": 2, "individual": 4, "corrected": 1, "annulled": 1, "from streaks": 1}
    assert Commendation.objects.count() == 7
    assert Commendation.objects.filter(member=member_b, kind="bang_khen").exists()
    assert Commendation.objects.filter(annulled_on__isnull=False).count() == 1
    assert AuditEntry.objects.filter(action__startswith="commendation.").count() == 9
    assert set(Commendation.objects.values_list("unit__code", flat=True)) == {"A", "A1", "B1"}


def test_demo_without_units_does_nothing(db):
    assert demo_commendations() == {}
