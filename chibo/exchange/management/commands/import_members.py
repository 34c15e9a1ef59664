"""``manage.py import_members FILE --unit CODE [--dry-run] [--skip-invalid] [--report OUT.xlsx]``

Exit codes: 0 imported (or, with --dry-run, every row valid); 1 invalid rows (nothing written
unless --skip-invalid) or a refused file; 2 wrong arguments (unknown unit, missing file).
The import runs as the system actor unless --user names an account (whose scope then applies).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from chibo.core.messages import violation_message
from chibo.exchange import services
from chibo.organizations.models import Unit
from chibo.rules.errors import RuleViolation


class Command(BaseCommand):
    help = "Import a roster workbook (.xlsx) into a unit's subtree: all or nothing by default."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--unit", required=True, help="code of the unit whose subtree receives the rows")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="write the valid rows, report the rest"
        )
        parser.add_argument("--report", help="write the report (.xlsx) here")
        parser.add_argument("--user", help="act as this account (its scope applies)")
        parser.add_argument("--progress", action="store_true", help="print the rows read after each chunk")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(f"no such file: {path}", returncode=2)
        try:
            unit = Unit.objects.get(code=options["unit"].strip().upper())
        except Unit.DoesNotExist as exc:
            raise CommandError(f"no unit with code {options['unit']}", returncode=2) from exc
        actor = None
        if options["user"]:
            from django.contrib.auth import get_user_model

            actor = get_user_model().objects.get(username=options["user"])
        try:
            outcome = services.members_import(
                actor=actor,
                unit=unit,
                path=path,
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
                progress=self._progress if options["progress"] else None,
            )
        except RuleViolation as refusal:
            self.stderr.write(str(violation_message(refusal)))
            sys.exit(1)
        if options["report"]:
            services.report_xlsx(outcome, options["report"])
        for problem in outcome.problems[:20]:
            message = violation_message(RuleViolation(problem.code, **problem.params))
            self.stderr.write(f"{problem.sheet}!{problem.row} [{problem.column}] {message}")
        if len(outcome.problems) > 20:
            self.stderr.write(
                f"… {len(outcome.problems) - 20 + outcome.problems_dropped} more (see --report)"
            )
        counts = " ".join(f"{k}={v}" for k, v in outcome.counts.items())
        state = "written" if outcome.applied else "nothing written"
        self.stdout.write(f"{counts} sha256={outcome.sha256} ({state})")
        if outcome.rows_invalid and not (outcome.applied and options["skip_invalid"]):
            sys.exit(1)

    def _progress(self, rows: int) -> None:
        self.stdout.write(f"progress {rows}")
        self.stdout.flush()
