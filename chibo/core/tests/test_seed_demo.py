"""``manage.py seed_demo``: the small preset through the services; bloc and central as plans only
(seeding them takes seconds to minutes: they are measured by hand)."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import re
import statistics
import unicodedata
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from chibo.accounts.models import RoleAssignment, User
from chibo.accounts.services import second_factor_verify
from chibo.core import demo_data
from chibo.core.models import AuditEntry
from chibo.discipline.demo import EXPELLED_ON
from chibo.members.models import Member, ProfessionalLevel, TheoryLevel
from chibo.organizations.models import Unit, code_validator
from chibo.organizations.services import unit_create
from chibo.rules import organizations as org_rules
from chibo.rules.members import probation_end
from chibo.rules.party_age import add_months
from chibo.rules.profiles import profile_on

EXPECTED_ACCOUNTS = {
    "bantochuc": ("org_board", org_rules.UPPER),
    "kiemtra": ("inspector", org_rules.UPPER),
    "xem": ("viewer", org_rules.UPPER),
    "bithucoso": ("secretary", org_rules.DANG_BO_CO_SO),
    "bithu": ("secretary", org_rules.CHI_BO),
    "xemchibo": ("viewer", org_rules.CHI_BO),
    "dangvien": ("member", org_rules.CHI_BO),
}
RULES = profile_on(demo_data.REFERENCE_DATE)
EXPECTED_UNIT_OF_MEMBER_ACCOUNT = "CS001-CB01"  # the demo party member signs in as a member of this cell


def _seed(tmp_path: Path, seed: int = 1, name: str = "accounts.json") -> tuple[str, Path]:
    out = io.StringIO()
    path = tmp_path / name
    call_command(
        "seed_demo", "--preset", "small", "--seed", str(seed), "--accounts-file", str(path), stdout=out
    )
    return out.getvalue(), path


def _digest(output: str) -> str:
    found = re.search(r"^Digest: ([0-9a-f]{64})$", output, re.MULTILINE)
    assert found, output
    return found.group(1)


class _RollBack(Exception):
    pass


def _seed_and_roll_back(tmp_path: Path, seed: int) -> dict[str, Any]:
    """Seed an empty database, note what it holds, and empty it again (a savepoint rolled back)."""
    seen: dict[str, Any] = {}
    with contextlib.suppress(_RollBack), transaction.atomic():
        output, _ = _seed(tmp_path, seed, f"accounts-{seed}.json")
        seen["digest"] = _digest(output)
        seen["units"] = list(Unit.objects.order_by("code").values_list("code", "name", "level"))
        seen["members"] = sorted(Member.objects.values_list("unit__code", "full_name", "birth_date"))
        raise _RollBack
    assert not Unit.objects.exists()
    return seen


def _recorded_members() -> Any:
    """The members recorded from the plan (the demo's admission pipeline adds new ones later)."""
    return Member.objects.filter(candidacy__isnull=True)


def _age(born: Any, on: Any) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# --- The small preset, written through the services ---------------------------------------------


@pytest.mark.django_db
def test_small_preset_creates_the_expected_levels_and_counts(tmp_path: Path) -> None:
    _seed(tmp_path)

    levels = Counter(Unit.objects.values_list("level", flat=True))
    assert {k: v for k, v in levels.items() if k != org_rules.TO_DANG} == {
        org_rules.UPPER: 1,
        org_rules.DANG_BO_CO_SO: 2,
        org_rules.CHI_BO_CO_SO: 1,
        org_rules.DANG_BO_BO_PHAN: 1,
        org_rules.CHI_BO: 5,
    }
    assert levels[org_rules.TO_DANG] >= 1
    assert 60 <= Member.objects.count() <= 150
    # One đảng bộ cơ sở with 3 cells, one with a đảng bộ bộ phận of 2 cells.
    shapes = sorted(
        sorted(Counter(c.level for c in org.child_units()).items())
        for org in Unit.objects.filter(level=org_rules.DANG_BO_CO_SO)
    )
    assert shapes == [[(org_rules.CHI_BO, 3)], [(org_rules.DANG_BO_BO_PHAN, 1)]]
    assert Unit.objects.get(level=org_rules.DANG_BO_BO_PHAN).child_units().count() == 2
    # Members sit in cells only; workers are counted on grassroots organisations only.
    assert not Member.objects.exclude(unit__level__in=org_rules.CELLS).exists()
    grassroots = Unit.objects.filter(level__in=(org_rules.DANG_BO_CO_SO, org_rules.CHI_BO_CO_SO))
    assert all(u.workers_count > 0 and u.host_name for u in grassroots)
    assert not Unit.objects.exclude(pk__in=grassroots).exclude(workers_count=0).exists()


@pytest.mark.django_db
def test_every_unit_obeys_the_nesting_rule_codes_and_dates(tmp_path: Path) -> None:
    _seed(tmp_path)

    today = timezone.localdate()
    for unit in Unit.objects.all():
        parent = unit.parent_unit()
        org_rules.check_parent(unit.level, parent.level if parent else None)  # raises when broken
        code_validator(unit.code)
        assert unit.founded_on is not None and unit.founded_on <= today
        if parent is not None:
            assert unit.founded_on >= parent.founded_on
        assert unit.name == unicodedata.normalize("NFC", unit.name)


@pytest.mark.django_db
def test_members_are_plausible(tmp_path: Path) -> None:
    _seed(tmp_path)

    today = timezone.localdate()
    probation_start = add_months(demo_data.REFERENCE_DATE, -RULES.probation_months)
    members = list(_recorded_members())
    for m in members:
        assert m.full_name == unicodedata.normalize("NFC", m.full_name)
        assert len(m.full_name.split()) >= 3
        assert m.full_name.split()[0] in demo_data.SURNAMES
        assert m.sex in ("M", "F")
        assert 18 <= _age(m.birth_date, today) <= 75
        first = m.first_admitted_on or m.admitted_on  # re-admitted members keep the first decision
        assert first <= demo_data.REFERENCE_DATE <= today
        admission_months = (first.year - m.birth_date.year) * 12 + first.month - m.birth_date.month
        assert RULES.admission_age_min_months <= admission_months <= RULES.admission_age_max_months
        assert m.admitted_on < m.ceremony_on <= m.admitted_on + timedelta(days=RULES.ceremony_working_days)
        if m.status == "probationary":
            assert m.official_on is None
            assert m.readmissions or (
                probation_start < m.admitted_on and m.ceremony_on <= demo_data.REFERENCE_DATE
            )
        elif m.status == "official":
            # recognised on the record, or by a demo life event after it
            assert m.official_on == probation_end(m.ceremony_on, RULES) <= demo_data.LIFE_EVENTS_UNTIL
        else:
            # the discipline demo expels one member after the life-cycle events
            until = EXPELLED_ON if m.leave_reason == "expelled" else demo_data.LIFE_EVENTS_UNTIL
            assert m.status == "left" and m.left_on <= until
        # The register fields a list of members shows; no generated identifiers of real people.
        assert m.ethnicity and m.home_town and m.job and m.position and m.host_unit_name
        assert m.education_general in ("10/10", "12/12")
        assert m.education_professional in ProfessionalLevel.values
        assert m.theory_level in TheoryLevel.values
        assert m.cccd == m.phone == m.email == m.residence == ""
    probationary = sum(m.status == "probationary" for m in members)
    assert 0 < probationary < 0.15 * len(members)


@pytest.mark.django_db
def test_demo_members_have_life_cycle_histories(tmp_path: Path) -> None:
    from chibo.members.models import MemberEvent, Transfer

    _seed(tmp_path)
    kinds = set(MemberEvent.objects.values_list("kind", flat=True))
    assert {"recorded", "exempted", "left", "transfer_out", "transfer_in", "temp_out", "readmitted"} <= kinds
    assert Transfer.objects.filter(state="in_progress").exists()
    assert Member.objects.filter(status="left").exists() and Member.objects.filter(readmissions=1).exists()


@pytest.mark.django_db
def test_small_preset_shows_structural_warnings(tmp_path: Path) -> None:
    output, _ = _seed(tmp_path)

    line = next(x for x in output.splitlines() if x.startswith("Structural warnings:"))
    assert "too_few_official" in line
    assert "needs_committee" in line


@pytest.mark.django_db
def test_accounts_file_lists_the_seven_demo_accounts(tmp_path: Path) -> None:
    output, path = _seed(tmp_path)

    accounts = json.loads(path.read_text(encoding="utf-8"))
    assert path.stat().st_mode & 0o777 == 0o600
    assert [a["username"] for a in accounts] == list(EXPECTED_ACCOUNTS)
    units = {}
    for account in accounts:
        role, level = EXPECTED_ACCOUNTS[account["username"]]
        second_factor = role in ("org_board", "inspector")
        assert set(account) == {"username", "password", "role", "unit"} | (
            {"authenticator_key"} if second_factor else set()
        )
        assert account["role"] == role
        unit = Unit.objects.get(code=account["unit"])
        assert unit.level == level
        units[account["username"]] = unit
        user = User.objects.get(username=account["username"])
        assert RoleAssignment.objects.filter(user=user, unit=unit, role=role).exists()
        password = account["password"]
        assert len(password) >= 10 and not password.isdigit()
        assert user.check_password(password)
        assert account["username"] in output and password in output
        if second_factor:  # enrolled through the real services; demo_code prints the app's code
            assert account["authenticator_key"] in output
            device = TOTPDevice.objects.get(user=user, confirmed=True)
            assert base64.b32encode(device.bin_key).decode() == account["authenticator_key"]
            TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the enrolment used this step's code
            code = io.StringIO()
            call_command("demo_code", account["username"], "--accounts-file", str(path), stdout=code)
            assert second_factor_verify(actor=user, token=code.getvalue().strip()) == device
    cell = units["bithu"]
    assert Member.objects.filter(unit=cell, status="official").count() >= 5
    assert units["xemchibo"] == units["dangvien"] == cell
    assert cell.path.startswith(units["bithucoso"].path)
    # The cell's accounts carry the names of members of that cell.
    names = set(Member.objects.filter(unit=cell).values_list("full_name", flat=True))
    assert User.objects.get(username="dangvien").full_name in names


@pytest.mark.django_db
def test_refuses_a_database_that_already_has_units(tmp_path: Path) -> None:
    _seed(tmp_path)
    counts = (Unit.objects.count(), Member.objects.count(), User.objects.count())

    with pytest.raises(CommandError, match="already has data"):
        _seed(tmp_path, seed=2, name="again.json")

    assert (Unit.objects.count(), Member.objects.count(), User.objects.count()) == counts
    assert not (tmp_path / "again.json").exists()


@pytest.mark.django_db
def test_refuses_any_existing_unit(tmp_path: Path) -> None:
    unit_create(actor=None, parent=None, code="R", name="Đảng bộ có sẵn", level=org_rules.UPPER)

    with pytest.raises(CommandError, match="already has data"):
        _seed(tmp_path)
    assert Unit.objects.count() == 1


@pytest.mark.django_db
def test_preset_is_required() -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_same_seed_gives_the_same_data_and_another_seed_other_names(tmp_path: Path) -> None:
    first = _seed_and_roll_back(tmp_path, seed=1)
    again = _seed_and_roll_back(tmp_path, seed=1)
    other = _seed_and_roll_back(tmp_path, seed=2)

    assert again == first
    assert other["digest"] != first["digest"]
    assert {name for _, name, _ in other["members"]} != {name for _, name, _ in first["members"]}


@pytest.mark.django_db
def test_every_write_went_through_the_services(tmp_path: Path) -> None:
    _seed(tmp_path)

    batch = AuditEntry.objects.get(action="member.bulk_create")
    assert batch.is_batch
    assert batch.counts == {"members_created": _recorded_members().count()}
    assert batch.unit == Unit.objects.get(level=org_rules.UPPER)
    assert batch.actor is None and batch.actor_repr == "system"
    assert batch.effective_on == demo_data.JOINED_ON
    actions = Counter(AuditEntry.objects.values_list("action", flat=True))
    assert actions["unit.create"] == Unit.objects.count()
    # the handbook and questions demos give a member an account (without a password) when they need one
    demo_members = User.objects.filter(username__regex=r"^demo-(binhluan|hoidap)-[0-9]+$").count()
    assert demo_members and actions["user.create"] == len(EXPECTED_ACCOUNTS) + demo_members
    assert actions["role.grant"] == len(EXPECTED_ACCOUNTS)


@pytest.mark.django_db
def test_summary_reports_counts_and_time(tmp_path: Path) -> None:
    output, _ = _seed(tmp_path)

    assert f"Members: {_recorded_members().count():,}" in output
    assert re.search(r"^Elapsed: \d+\.\d s", output, re.MULTILINE)
    assert "Grassroots organisations: 3;" in output


# --- The big presets, as plans (no database) ------------------------------------------------------


def _plan_figures(preset: str, seed: int = 1) -> dict[str, Any]:
    plan = demo_data.build_plan(preset, seed, rules=RULES)
    units = list(plan.walk())
    members = [m for u in units for m in u.members]
    levels = Counter(u.level for u in units)
    warnings: Counter[str] = Counter()
    for u in units:
        official, probationary = u.subtree_counts()
        warnings.update(
            org_rules.structure_warnings(
                level=u.level,
                headcount=org_rules.Headcount(official, probationary),
                has_committee=u.has_committee,
                size_exception=False,
                profile=RULES,
            )
        )
    return {
        "plan": plan,
        "units": units,
        "members": members,
        "levels": levels,
        "grassroots": levels[org_rules.DANG_BO_CO_SO] + levels[org_rules.CHI_BO_CO_SO],
        "workers": sum(u.workers_count for u in units),
        "cell_sizes": [len(u.members) for u in units if u.level in org_rules.CELLS],
        "warnings": warnings,
    }


def test_bloc_plan_matches_the_published_figures() -> None:
    figures = _plan_figures("bloc")

    assert figures["grassroots"] == 118
    assert 6500 <= len(figures["members"]) <= 7500
    assert 27000 <= figures["workers"] <= 33000
    members = figures["members"]
    assert 0.05 <= sum(m.status == "probationary" for m in members) / len(members) <= 0.08
    surnames = Counter(m.full_name.split()[0] for m in members)
    assert surnames.most_common(1)[0][0] == "Nguyễn"
    assert 0.30 <= surnames["Nguyễn"] / len(members) <= 0.46
    sizes = figures["cell_sizes"]
    assert min(sizes) >= 2 and max(sizes) >= 30
    assert 8 <= statistics.median(sizes) <= 25
    # The tree page has something to warn about.
    assert figures["warnings"]["too_few_official"] >= 1
    assert figures["warnings"]["needs_committee"] >= 1
    assert figures["warnings"]["should_be_dang_bo"] >= 1
    assert figures["levels"][org_rules.DANG_BO_BO_PHAN] >= 1 and figures["levels"][org_rules.TO_DANG] >= 1
    codes = [u.code for u in figures["units"]]
    assert len(set(codes)) == len(codes)
    for code in codes:
        code_validator(code)


def test_central_plan_matches_the_published_figures() -> None:
    figures = _plan_figures("central")

    assert figures["grassroots"] >= 1000
    assert figures["levels"][org_rules.CHI_BO] >= 5000
    assert 72000 <= len(figures["members"]) <= 84000
    codes = [u.code for u in figures["units"]]
    assert len(set(codes)) == len(codes)
    names = [u.name for u in figures["units"] if u.level in (org_rules.DANG_BO_CO_SO, org_rules.CHI_BO_CO_SO)]
    assert len(set(names)) == len(names)

    def check(unit: demo_data.UnitPlan, parent: demo_data.UnitPlan | None) -> None:
        org_rules.check_parent(unit.level, parent.level if parent else None)
        assert parent is None or unit.founded_on >= parent.founded_on
        for child in unit.children:
            check(child, unit)

    check(figures["plan"], None)


def test_plans_are_deterministic() -> None:
    def names(seed: int) -> list[tuple[str, str, list[str]]]:
        plan = demo_data.build_plan("bloc", seed, rules=RULES)
        return [(u.code, u.name, [m.full_name for m in u.members]) for u in plan.walk()]

    first = names(7)
    assert names(7) == first
    assert names(8) != first


def test_every_date_is_in_the_past() -> None:
    today = timezone.localdate()
    plan = demo_data.build_plan("bloc", 3, rules=RULES)
    for unit in plan.walk():
        assert unit.founded_on <= today
        for m in unit.members:
            assert m.birth_date + timedelta(days=18 * 365) < m.admitted_on <= today
            assert m.official_on is None or m.official_on <= today


@pytest.mark.django_db
def test_if_empty_does_nothing_on_a_database_with_data(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from chibo.core.testing import make_unit
    from chibo.organizations.models import Unit

    make_unit(None, "ROOT", "upper")
    out = StringIO()
    call_command(
        "seed_demo",
        "--preset",
        "small",
        "--if-empty",
        "--accounts-file",
        str(tmp_path / "a.json"),
        stdout=out,
    )
    assert Unit.objects.count() == 1 and not (tmp_path / "a.json").exists()


@pytest.mark.django_db
def test_national_preset_at_a_small_scale(tmp_path):
    from io import StringIO

    from chibo.members.models import MemberEvent

    out = StringIO()
    call_command("seed_demo", "--preset", "national", "--scale", "0.001", stdout=out)
    assert (
        Unit.objects.filter(level="upper").count() == 35
        and Unit.objects.filter(level="dang_bo_co_so").count() == 68
    )
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    members = Member.objects.count()
    assert 68 * 2 * 6 <= members <= 68 * 9 * 31
    assert MemberEvent.objects.filter(kind="recorded").count() == members
    assert AuditEntry.objects.filter(action="member.bulk_load").get().counts == {"members_created": members}
    assert "members/s" in out.getvalue()


@pytest.mark.django_db
def test_demo_has_candidates_at_every_stage_targets_and_overdue_items(tmp_path: Path) -> None:
    from chibo.accounts.models import User
    from chibo.admissions import selectors as admissions
    from chibo.admissions.models import Candidate, Stage, Target

    output, _ = _seed(tmp_path)
    stages = set(Candidate.objects.values_list("stage", flat=True))
    assert set(Stage.values) - stages == {"not_recognised"}  # a removal is not a demo story
    assert Target.objects.filter(year=timezone.localdate().year).exists()
    board = admissions.deadline_board(user=User.objects.get(username="bantochuc"))
    kinds = {d.kind for d in board if d.overdue}
    assert {"decision", "ceremony", "recognition_vote", "dossier_stale", "escalation"} <= kinds
    assert Candidate.objects.filter(stage="official", member__status="official").exists()
    assert "Candidacies:" in output


@pytest.mark.django_db
def test_demo_has_a_year_of_meetings_with_attendance_minutes_and_alerts(tmp_path: Path) -> None:
    from chibo.accounts.models import User
    from chibo.meetings import selectors as meetings
    from chibo.meetings.models import Meeting, Minutes

    _seed(tmp_path)
    assert Meeting.objects.filter(state="held").count() >= 12 * 3
    assert Minutes.objects.filter(finalised_at__isnull=False).count() == Meeting.objects.count()
    board = User.objects.get(username="bantochuc")
    kinds = {a.kind for a in meetings.alerts(user=board, year=demo_data.LIFE_EVENTS_UNTIL.year)}
    assert {"absent_removal", "no_regular", "too_short"} <= kinds
    assert Member.objects.get(user__username="dangvien").unit.code == EXPECTED_UNIT_OF_MEMBER_ACCOUNT


@pytest.mark.django_db
def test_demo_has_badge_rounds_with_awarded_and_numbered_badges(tmp_path: Path) -> None:
    from chibo.badges.models import Award, Round

    output, _ = _seed(tmp_path)
    assert Round.objects.filter(state="approved").exists() and Round.objects.filter(state="draft").exists()
    assert Award.objects.filter(awarded=True).exclude(badge_number="").exists()
    assert "Party badges:" in output


@pytest.mark.django_db
def test_the_demo_member_finds_the_days_reminders_in_the_inbox(tmp_path: Path) -> None:
    from chibo.handbook.models import Notification

    output, _path = _seed(tmp_path)
    member = User.objects.get(username="dangvien")
    reminders = Notification.objects.filter(user=member).exclude(key="")
    assert reminders.exists()  # at least the self-assessment of the year
    assert re.search(r"^Reminders: .*evaluation [1-9]", output, re.MULTILINE)
