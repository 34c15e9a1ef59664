"""Every refusal code raised in the code base has a translated message that formats."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from chibo.core.messages import MESSAGES, violation_message
from chibo.rules.errors import RuleViolation

ROOT = Path(__file__).resolve().parents[2]


def _raised_codes() -> set[str]:
    codes = set()
    for path in ROOT.rglob("*.py"):
        if "/tests/" in str(path):
            continue
        codes |= set(re.findall(r'RuleViolation\(\s*"([a-z_.]+)"', path.read_text(encoding="utf-8")))
    return codes


def test_every_raised_code_has_a_message():
    codes = _raised_codes()
    assert len(codes) > 40
    assert sorted(codes - set(MESSAGES)) == []


def test_messages_format_with_their_params_and_name_the_field():
    text = violation_message(
        RuleViolation("date.in_future", day=date(2030, 1, 2), today=date(2026, 1, 1), field="birth_date")
    )
    assert "02/01/2030" in text and text.startswith(("Ngày sinh", "Date of birth"))
    assert "%(" not in violation_message(
        RuleViolation("member.temporary_duration", min=3, max=12, purpose="work")
    )
    assert "rule x.y" in violation_message(RuleViolation("x.y")) or "x.y" in violation_message(
        RuleViolation("x.y")
    )
