"""Print the current authenticator code of a demo account (demo data only).

The demo accounts of the organisation board and inspectors sign in with a second factor, like real
ones. Add the key printed by ``seed_demo`` to an authenticator app, or run
``python manage.py demo_code USERNAME``. This reads only ``var/demo-accounts.json`` (written by
``seed_demo``, readable by its owner): real accounts' keys are never printed.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chibo.accounts.otp import current_code
from chibo.core.management.commands.seed_demo import default_accounts_file


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo account (reads var/demo-accounts.json)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--accounts-file", default=None, help="seed_demo's accounts file")

    def handle(self, *args: Any, username: str, accounts_file: str | None = None, **options: Any) -> None:
        path = Path(accounts_file) if accounts_file else default_accounts_file()
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise CommandError(f"No demo accounts: {path} does not exist (run seed_demo first).") from exc
        row = next((r for r in rows if r.get("username") == username), None)
        if row is None or not row.get("authenticator_key"):
            raise CommandError(f"{username!r} is not a demo account with an authenticator key.")
        self.stdout.write(current_code(base64.b32decode(row["authenticator_key"])))
