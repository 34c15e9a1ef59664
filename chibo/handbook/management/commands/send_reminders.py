"""``manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]``

Once a day (cron or the tasks worker): the deadline reminders of ``chibo.rules.reminders`` go to
the members' inbox (study assignments due within three days and on the due day, not yet studied;
meetings tomorrow not yet confirmed or excused). Each reminder is sent once: running twice the
same day sends nothing new. ``--dry-run`` lists what would be sent and writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chibo.core import regulations
from chibo.handbook import services


class Command(BaseCommand):
    help = "Send the day's deadline reminders (study, meetings) to the members' inbox, once each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to send for (YYYY-MM-DD); default today")
        parser.add_argument("--dry-run", action="store_true", help="list the reminders, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        on = self._day(options["date"])
        if options["dry_run"]:
            due = services.reminders_due(on=on)
            for reminder in due:
                self.stdout.write(f"user {reminder.user_id} · {reminder.key} · {reminder.title}")
            self.stdout.write(f"{on.isoformat()}: {len(due)} reminders would be sent (dry run)")
            return
        counts = services.reminders_send(actor=None, on=on)
        total = sum(counts.values())
        detail = ", ".join(f"{kind} {count}" for kind, count in counts.items())
        self.stdout.write(f"{on.isoformat()}: {total} reminders sent ({detail})")

    @staticmethod
    def _day(value: str | None) -> date:
        if not value:
            return regulations.today()
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}", returncode=2) from exc
