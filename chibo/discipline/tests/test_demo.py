"""The demo discipline on the small demo tree: fast, through the services, deterministic."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.core.management import call_command

from chibo.core.models import AuditEntry
from chibo.discipline import selectors
from chibo.discipline.demo import EXPELLED_ON, demo_discipline
from chibo.discipline.models import Case, Programme
from chibo.members.models import Member

pytestmark = pytest.mark.django_db


def test_demo_discipline_on_the_small_demo(tmp_path):
    call_command(
        "seed_demo", "--preset", "small", "--accounts-file", str(tmp_path / "accounts.json"), verbosity=0
    )
    if not Programme.objects.exists():  # until seed_demo calls demo_discipline itself
        started = time.perf_counter()
        done = demo_discipline()
        assert time.perf_counter() - started < 5
        assert done == {"programmes": 4, "member cases": 6, "organisation cases": 1}
    assert Programme.objects.count() == 4 and Case.objects.count() == 7
    assert set(Programme.objects.values_list("status", flat=True)) == {"planned", "in_progress", "concluded"}
    expelled = Member.objects.get(discipline_cases__form="khai_tru")
    assert expelled.leave_reason == "expelled" and expelled.left_on == EXPELLED_ON
    ids = list(Case.objects.filter(member__isnull=False).values_list("member_id", flat=True))
    in_effect = selectors.in_effect(ids, on=date(2026, 12, 1))
    assert {case.form for case in in_effect.values()} == {"canh_cao", "khien_trach", "khai_tru"}
    assert Case.objects.filter(state="annulled").count() == 1
    assert AuditEntry.objects.filter(action__startswith="discipline.").count() > 10
