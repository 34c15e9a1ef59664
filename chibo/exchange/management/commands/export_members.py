"""``manage.py export_members --unit CODE --out FILE.xlsx [--without-sensitive]``

The active members of a unit's subtree in the roster layout (the import's), CCCD included
unless --without-sensitive; the export is recorded in the audit trail like one from the UI.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chibo.core.scoping import subtree_q
from chibo.exchange import exports
from chibo.members import services as member_services
from chibo.members.models import ACTIVE_Q, Member
from chibo.organizations.models import Unit


class Command(BaseCommand):
    help = "Export the members of a unit's subtree as a roster workbook (.xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--without-sensitive", action="store_true", help="leave CCCD and religion empty")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            unit = Unit.objects.get(code=options["unit"].strip().upper())
        except Unit.DoesNotExist as exc:
            raise CommandError(f"no unit with code {options['unit']}", returncode=2) from exc
        members = Member.objects.filter(ACTIVE_Q, subtree_q(unit.path, "unit_path")).order_by(
            "unit_path", "name_sort", "id"
        )
        sensitive = not options["without_sensitive"]
        count = exports.write_roster(exports.roster_values(members), options["out"], sensitive=sensitive)
        member_services.member_list_exported(
            actor=None, unit=unit, fmt="roster-xlsx", count=count, sensitive=sensitive, query="command"
        )
        self.stdout.write(f"{count} members → {options['out']}")
