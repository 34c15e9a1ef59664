"""``manage.py report statistics --unit CODE --as-of YYYY-MM-DD --format {json,xlsx,pdf} --out FILE``:
the statistics report of a unit's subtree on a date, as the page and the API compute it.

``manage.py report quality --unit CODE --out FILE.xlsx``: the data-quality workbook of the page's
Excel button, for a subtree of any size (the page refuses those above CHIBO_QUALITY_MAX_MEMBERS:
the whole country takes 80–90 s). It writes only its audit entry: the workbook names members, so it
is recorded as an export, made by the system (``services.quality_exported``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chibo.core import regulations
from chibo.organizations.models import Unit
from chibo.reports import exports, selectors, services
from chibo.reports.present import PROBLEM_LABELS


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {text}") from exc


class Command(BaseCommand):
    help = (
        "Statistics report of a unit's subtree as of a date, as JSON, Excel or PDF; or its data "
        "quality as Excel (any size)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["statistics", "quality"])
        parser.add_argument("--unit", required=True, help="code of the unit whose subtree is counted")
        parser.add_argument("--as-of", default="", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--from", dest="period_from", default="", help="start of the changes' period")
        parser.add_argument("--to", dest="period_to", default="", help="end of the changes' period")
        parser.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json")
        parser.add_argument("--out", default="-", help="file to write (default: standard output, JSON only)")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Unit.objects.filter(code=options["unit"].strip().upper()).first()
        if unit is None:
            raise CommandError(f"no unit with code {options['unit']}")
        if options["kind"] == "quality":
            self._quality(unit, options["out"])
            return
        as_of = _day(options["as_of"]) if options["as_of"] else regulations.today()
        start = _day(options["period_from"]) if options["period_from"] else None
        end = _day(options["period_to"]) if options["period_to"] else None
        if start and end and start > end:
            raise CommandError("--from must not be after --to")
        report = selectors.statistics(unit=unit, as_of=as_of, period_from=start, period_to=end)
        fmt = options["format"]
        data = {
            "json": exports.statistics_json,
            "xlsx": exports.statistics_xlsx,
            "pdf": exports.statistics_pdf,
        }[fmt](report)
        if options["out"] == "-":
            if fmt != "json":
                raise CommandError("--out FILE is needed for xlsx and pdf")
            self.stdout.write(data.decode())
            return
        Path(options["out"]).write_bytes(data)
        self.stdout.write(f"{fmt} written to {options['out']} ({report['members_total']} members)")

    def _quality(self, unit: Unit, out: str) -> None:
        if out == "-":
            raise CommandError("--out FILE.xlsx is needed for the data-quality workbook")
        quality = selectors.quality(unit, limit=None)
        Path(out).write_bytes(exports.quality_xlsx(quality, PROBLEM_LABELS))
        services.quality_exported(actor=None, unit=unit, problems=quality["problems_total"], via="command")
        self.stdout.write(f"xlsx written to {out} ({quality['problems_total']} problems)")
