"""``manage.py seed_demo``: fill an empty database with a deterministic demo tree, members and accounts.

Every write goes through the services (``unit_create``, ``members_bulk_create``,
``user_create``, ``role_grant``) as the system (``actor=None``), in one transaction, so
the demo data has its periods, events and audit entries like real data. The same
``--seed`` always gives the same units, members and accounts (see the printed digest).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Sum

from chibo.accounts.models import RoleAssignment
from chibo.accounts.otp import current_code
from chibo.accounts.services import (
    needs_second_factor,
    role_grant,
    second_factor_confirm,
    second_factor_start,
    user_create,
)
from chibo.admissions.demo import demo_admissions
from chibo.badges.demo import demo_badges
from chibo.commendations.demo import demo_commendations
from chibo.core import demo_data
from chibo.core.regulations import profile, today
from chibo.discipline.demo import demo_discipline
from chibo.documents.demo import demo_documents
from chibo.evaluations.demo import demo_evaluations
from chibo.handbook.demo import demo_handbook
from chibo.handbook.services import reminders_send
from chibo.meetings.demo import demo_meetings
from chibo.members.models import Member, MemberStatus
from chibo.members.services import member_link_account, members_bulk_create
from chibo.organizations.models import Unit, UnitLevel
from chibo.organizations.services import unit_create
from chibo.questions.demo import demo_questions
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation

ACCOUNT_KEYS = ("username", "password", "role", "unit")


def default_accounts_file() -> Path:
    var_dir = getattr(settings, "VAR_DIR", None) or Path(settings.BASE_DIR) / "var"
    return Path(var_dir) / "demo-accounts.json"


def database_digest() -> str:
    """SHA-256 of the units, members and accounts in the database (ids left out): equal digests,
    equal demo data."""
    digest = hashlib.sha256()
    units = Unit.objects.order_by("code").values_list(
        "code",
        "path",
        "name",
        "level",
        "host_kind",
        "host_name",
        "workers_count",
        "has_committee",
        "founded_on",
    )
    members = Member.objects.order_by("unit__code", "full_name", "birth_date", "admitted_on").values_list(
        "unit__code",
        "full_name",
        "sex",
        "birth_date",
        "status",
        "admitted_on",
        "ceremony_on",
        "official_on",
        "ethnicity",
        "home_town",
        "education_professional",
        "theory_level",
        "position",
        "host_unit_name",
    )
    grants = RoleAssignment.objects.order_by("user__username", "role").values_list(
        "user__username", "user__full_name", "role", "unit__code"
    )
    for rows in (units, members, grants):
        for row in rows.iterator(chunk_size=5000):
            digest.update(repr(row).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


# Life-cycle events after the members are recorded (on demo_data.JOINED_ON), all dated before today,
# so the demo shows exemptions, transfers, leavings, re-admissions and recognitions with their history.
LIFE_SHARES = {
    "exempt": 0.015,
    "temporary": 0.007,
    "transfer": 0.007,
    "out": 0.003,
    "left": 0.006,
    "readmit": 0.001,
}


def demo_life_events(seed: int) -> Counter[str]:
    """Record life-cycle events for a deterministic sample of the demo members, through the services."""
    from chibo.members import services as mem
    from chibo.rules.members import probation_end

    rng = random.Random(seed * 7919)
    members = list(Member.objects.select_related("unit").order_by("pk"))
    done: Counter[str] = Counter()
    cells = list(
        Unit.objects.filter(level__in=org_rules.MEMBER_LEVELS, dissolved_on__isnull=True).order_by("pk")
    )
    regulation = profile(demo_data.REFERENCE_DATE)
    # probationary members whose 12 months ended: recognised a few days later
    for member in members:
        if member.status == MemberStatus.PROBATIONARY and member.ceremony_on:
            ends = probation_end(member.ceremony_on, regulation)
            decided = ends + timedelta(days=9)
            if ends >= demo_data.JOINED_ON and decided <= demo_data.LIFE_EVENTS_UNTIL:
                mem.member_recognise_official(actor=None, member=member, decided_on=decided, decision="Demo")
                done["recognised"] += 1
    pool = [m for m in members if m.status == MemberStatus.OFFICIAL]
    rng.shuffle(pool)
    for kind, share in LIFE_SHARES.items():
        count = max(1, round(share * len(members)))
        for member in [pool.pop() for _ in range(min(count, len(pool)))]:
            if _life_event(kind, member, cells, rng):
                done[kind] += 1
    return done


def _life_event(kind: str, member: Member, cells: list[Unit], rng: random.Random) -> bool:
    from chibo.members import services as mem

    d = demo_data.life_event_day
    other = rng.choice([c for c in cells if c.pk != member.unit_id] or cells)
    try:
        if kind == "exempt":
            mem.member_exempt(
                actor=None,
                member=member,
                reason=rng.choice(["poor_health", "treatment", "other"]),
                start_on=d(1),
                end_on=d(1) + timedelta(days=365),
                decision="Demo",
            )
        elif kind == "temporary":
            mem.member_transfer_internal(
                actor=None,
                member=member,
                to_unit=other,
                effective_on=d(2),
                temporary_until=d(2) + timedelta(days=180),
                purpose="work",
            )
        elif kind == "transfer":
            mem.member_transfer_internal(actor=None, member=member, to_unit=other, effective_on=d(3))
        elif kind == "out":
            mem.member_transfer_out(
                actor=None,
                member=member,
                external_org="Đảng bộ tỉnh Thái Bình",
                letter_number=f"{rng.randint(10, 999)}-GGT",
                letter_date=d(4),
                decision_effective_on=d(4) - timedelta(days=7),
            )
        elif kind == "left":
            mem.member_leave(
                actor=None, member=member, reason=rng.choice(["removed", "resigned", "died"]), on=d(2)
            )
        elif kind == "readmit":
            mem.member_leave(actor=None, member=member, reason="removed", on=d(0))
            mem.member_readmit(
                actor=None,
                member=member,
                unit=member.unit,
                admitted_on=d(4),
                ceremony_on=d(4) + timedelta(days=10),
            )
    except RuleViolation:
        return False  # e.g. a member too young for the reason drawn: skip, deterministically
    return True


def _enrol_demo_authenticator(user: Any) -> str:
    """Enrol an authenticator app for a demo account as its owner would (start, then confirm with
    the app's first code); returns the key in base32, as an app shows it."""
    import base64

    device = second_factor_start(actor=user)
    second_factor_confirm(actor=user, device=device, token=current_code(device.bin_key))
    return base64.b32encode(device.bin_key).decode()


class Command(BaseCommand):
    help = (
        "Fill an empty database with demo data: an organisation tree with realistic Vietnamese names, "
        "members and demo accounts (written to a JSON file). Deterministic for a --seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--preset",
            required=True,
            choices=[*demo_data.PRESETS, "national"],
            help="small: 3 grassroots organisations, ~80 members; bloc: a provincial bloc, 118 grassroots "
            "organisations, ~7,000 members; central: the central agencies, 1,000+ grassroots "
            "organisations, ~78,000 members; national: the whole country, ~55,000 grassroots "
            "organisations, ~300,000 cells, ~5.6 million members (bulk-loaded; for benchmarks).",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="national only: a fraction of the national size (e.g. 0.01).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (default 1): same seed, same data."
        )
        parser.add_argument(
            "--accounts-file",
            default=None,
            help=f"Where to write the demo accounts as JSON (default {default_accounts_file()}).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already has data: for `make run`.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        preset, seed = options["preset"], options["seed"]
        self.verbosity = options.get("verbosity", 1)
        accounts_file = (
            Path(options["accounts_file"]) if options["accounts_file"] else default_accounts_file()
        )
        if options.get("if_empty") and Unit.objects.exists():
            self.stdout.write("The database already has data: demo data not loaded.")
            return
        self._refuse_if_not_empty()
        if preset == "national":
            self._national(seed, options["scale"])
            return
        started = time.perf_counter()
        plan = demo_data.build_plan(preset, seed, rules=profile(demo_data.REFERENCE_DATE))
        accounts = demo_data.demo_accounts(plan, seed)
        try:
            with transaction.atomic():
                self._refuse_if_not_empty()
                timings = {"plan": time.perf_counter() - started}
                mark = time.perf_counter()
                units = self._create_units(plan)
                timings["units"], mark = time.perf_counter() - mark, time.perf_counter()
                created = members_bulk_create(
                    actor=None,
                    unit_specs=[(units[node.code], node.members) for node in plan.walk() if node.members],
                    joined_on=demo_data.JOINED_ON,
                    batch_target=units[plan.code],
                )
                timings["members"], mark = time.perf_counter() - mark, time.perf_counter()
                life = demo_life_events(seed)
                timings["life events"], mark = time.perf_counter() - mark, time.perf_counter()
                admissions = demo_admissions(seed)
                timings["admissions"], mark = time.perf_counter() - mark, time.perf_counter()
                meetings = demo_meetings(seed)
                timings["meetings"], mark = time.perf_counter() - mark, time.perf_counter()
                badges = demo_badges()
                timings["badges"], mark = time.perf_counter() - mark, time.perf_counter()
                # grades first: the commendations propose from their streaks and skip the disciplined
                evaluations = demo_evaluations()
                timings["evaluations"], mark = time.perf_counter() - mark, time.perf_counter()
                discipline = demo_discipline()
                timings["discipline"], mark = time.perf_counter() - mark, time.perf_counter()
                commendations = demo_commendations()
                timings["commendations"], mark = time.perf_counter() - mark, time.perf_counter()
                documents = demo_documents()
                timings["documents"], mark = time.perf_counter() - mark, time.perf_counter()
                keys = self._create_accounts(accounts, units)
                timings["accounts"], mark = time.perf_counter() - mark, time.perf_counter()
                handbook = demo_handbook()  # after the accounts: the demo member is notified
                timings["handbook"], mark = time.perf_counter() - mark, time.perf_counter()
                questions = demo_questions()  # after the accounts: demo members ask; answers notify them
                timings["questions"], mark = time.perf_counter() - mark, time.perf_counter()
                # the day's reminders (the self-assessment of the year, study due, tomorrow's meetings)
                # reach the demo member's inbox, as the daily send_reminders would
                reminders = reminders_send(actor=None, on=today())
                timings["reminders"] = time.perf_counter() - mark
                digest = database_digest()
                self._write_accounts(accounts_file, accounts, keys)
        except RuleViolation as exc:
            raise CommandError(f"A service refused the demo data ({exc.code}): {exc}") from exc
        elapsed = time.perf_counter() - started
        self._summary(preset, seed, plan, created, digest, elapsed, timings, accounts, accounts_file, keys)
        if self.verbosity:
            self.stdout.write("Life-cycle events: " + ", ".join(f"{k} {v}" for k, v in sorted(life.items())))
            self.stdout.write("Candidacies: " + ", ".join(f"{k} {v}" for k, v in sorted(admissions.items())))
            self.stdout.write("Meetings: " + ", ".join(f"{k} {v}" for k, v in sorted(meetings.items())))
            self.stdout.write("Party badges: " + ", ".join(f"{k} {v}" for k, v in sorted(badges.items())))
            for label, counts in (
                ("Evaluations", evaluations),
                ("Discipline", discipline),
                ("Commendations", commendations),
                ("Documents", documents),
                ("Handbook", handbook),
                ("Questions", questions),
                ("Reminders", reminders),
            ):
                self.stdout.write(f"{label}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))

    def _national(self, seed: int, scale: float) -> None:
        """Bulk-load the national preset: units and members through the bulk services (COPY)."""
        from chibo.core import demo_national
        from chibo.members.services import members_bulk_load
        from chibo.organizations.services import units_bulk_load

        if not 0 < scale <= 1:
            raise CommandError("--scale must be in (0, 1].")
        started = time.perf_counter()
        units, cells = demo_national.plan_units(seed, scale)
        with transaction.atomic():
            self._refuse_if_not_empty()
            units_bulk_load(actor=None, parent=None, units=units, decision="seed_demo national")
            loaded_units = time.perf_counter()
            root = Unit.objects.get(code=demo_national.ROOT_CODE)
            rules = profile(demo_data.REFERENCE_DATE)
            count = members_bulk_load(
                actor=None,
                batch_target=root,
                rows=demo_national.member_rows(seed, cells, rules),
                joined_on=demo_data.JOINED_ON,
            )
        done = time.perf_counter()
        self.stdout.write(
            f"Seeded preset 'national' (scale {scale}, seed {seed}): {len(units):,} units in "
            f"{loaded_units - started:.1f} s, {count:,} members in {done - loaded_units:.1f} s "
            f"({count / max(done - loaded_units, 1e-9):,.0f} members/s)."
        )

    # Steps

    def _refuse_if_not_empty(self) -> None:
        count = Unit.objects.count()
        if count:
            raise CommandError(
                f"The database already has data ({count} units): seed_demo only fills an empty database. "
                "Start from a new one (e.g. delete var/chibo.sqlite3 and run migrate) and try again."
            )

    def _create_units(self, plan: demo_data.UnitPlan) -> dict[str, Unit]:
        """Create the units parents first, each with ``unit_create`` (periods, events, audit)."""
        units: dict[str, Unit] = {}
        stack: list[tuple[demo_data.UnitPlan, Unit | None]] = [(plan, None)]
        while stack:
            node, parent = stack.pop()
            unit = unit_create(
                actor=None,
                parent=parent,
                code=node.code,
                name=node.name,
                level=node.level,
                founded_on=node.founded_on,
                host_kind=node.host_kind,
                host_name=node.host_name,
                workers_count=node.workers_count,
                has_committee=node.has_committee,
            )
            units[node.code] = unit
            if self.verbosity >= 2 and len(units) % 1000 == 0:
                self.stdout.write(f"  {len(units)} units …")
            stack.extend((child, unit) for child in reversed(node.children))
        return units

    def _create_accounts(
        self, accounts: list[demo_data.DemoAccount], units: dict[str, Unit]
    ) -> dict[str, str]:
        """Create the demo accounts; those that need a second factor get an authenticator key,
        enrolled through the real services (returned by user name, written to the accounts file)."""
        keys: dict[str, str] = {}
        for account in accounts:
            user = user_create(
                actor=None, username=account.username, password=account.password, full_name=account.full_name
            )
            role_grant(actor=None, user=user, unit=units[account.unit], role=account.role)
            if account.role == "member":  # the demo party member signs in as one of the cell's members
                member = Member.objects.filter(
                    unit=units[account.unit], status=MemberStatus.OFFICIAL
                ).order_by("pk")
                member_link_account(actor=None, member=member.first(), user=user)
            if needs_second_factor(user):
                keys[user.username] = _enrol_demo_authenticator(user)
        return keys

    def _write_accounts(
        self, path: Path, accounts: list[demo_data.DemoAccount], keys: dict[str, str] | None = None
    ) -> None:
        """The accounts as a JSON list (readable only by the owner: it holds passwords and the
        authenticator keys that ``manage.py demo_code`` reads)."""
        keys = keys or {}
        rows = [
            {key: getattr(account, key) for key in ACCOUNT_KEYS}
            | ({"authenticator_key": keys[account.username]} if account.username in keys else {})
            for account in accounts
        ]
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        os.chmod(path, 0o600)

    # Report

    def _summary(
        self,
        preset: str,
        seed: int,
        plan: demo_data.UnitPlan,
        created: int,
        digest: str,
        elapsed: float,
        timings: dict[str, float],
        accounts: list[demo_data.DemoAccount],
        accounts_file: Path,
        keys: dict[str, str] | None = None,
    ) -> None:
        out = self.stdout
        by_level = Counter(Unit.objects.values_list("level", flat=True))
        by_status = Counter(Member.objects.values_list("status", flat=True))
        workers = Unit.objects.aggregate(n=Sum("workers_count"))["n"] or 0
        out.write(self.style.SUCCESS(f"Seeded preset {preset!r} with seed {seed} in {elapsed:.1f} s."))
        out.write("Units by level:")
        for level in UnitLevel:
            out.write(f"  {level.value:<16} {by_level.get(level.value, 0):>7,}  {level.label}")
        grassroots = by_level.get(UnitLevel.DANG_BO_CO_SO, 0) + by_level.get(UnitLevel.CHI_BO_CO_SO, 0)
        out.write(
            f"Grassroots organisations: {grassroots:,}; cells (chi bộ): {by_level.get(UnitLevel.CHI_BO, 0):,}"
        )
        out.write(
            f"Members: {created:,} ({by_status.get(MemberStatus.OFFICIAL, 0):,} official, "
            f"{by_status.get(MemberStatus.PROBATIONARY, 0):,} probationary)"
        )
        out.write(f"Workers in host units: {workers:,}")
        warnings = self._warnings(plan)
        out.write(
            "Structural warnings: " + (", ".join(f"{k} {v}" for k, v in sorted(warnings.items())) or "none")
        )
        out.write(
            f"Elapsed: {elapsed:.1f} s (" + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()) + ")"
        )
        out.write(f"Digest: {digest}")
        out.write(f"Demo accounts (demo only; also written to {accounts_file}):")
        unit_names = dict(
            Unit.objects.filter(code__in={a.unit for a in accounts}).values_list("code", "name")
        )
        out.write(f"  {'username':<10} {'password':<16} {'role':<10} {'unit':<17} unit name")
        for a in accounts:
            out.write(f"  {a.username:<10} {a.password:<16} {a.role:<10} {a.unit:<17} {unit_names[a.unit]}")
        if keys:
            out.write(
                "Second factor of the organisation board and inspectors: add the key to an authenticator "
                "app, or print the current code with `python manage.py demo_code USERNAME`:"
            )
            for username, key in keys.items():
                out.write(f"  {username:<10} {key}")

    def _warnings(self, plan: demo_data.UnitPlan) -> Counter[str]:
        """The structural warnings the demo tree raises (the tree page shows them)."""
        rules_profile = profile()
        counts: Counter[str] = Counter()
        for node in plan.walk():
            official, probationary = node.subtree_counts()
            counts.update(
                org_rules.structure_warnings(
                    level=node.level,
                    headcount=org_rules.Headcount(official, probationary),
                    has_committee=node.has_committee,
                    size_exception=False,
                    profile=rules_profile,
                )
            )
        return counts
