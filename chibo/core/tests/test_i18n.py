"""Every string of the Vietnamese catalogue is translated and none is fuzzy."""

from __future__ import annotations

import re
from pathlib import Path

PO = Path(__file__).resolve().parents[3] / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[dict[str, str]]:
    entries = []
    for block in text.strip().split("\n\n"):
        entry: dict[str, str] = {"flags": "", "msgid": "", "msgstr": ""}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#~"):
                entry["obsolete"] = "1"
            elif m := re.match(r'^(msgid|msgstr(?:\[0\])?|msgid_plural)\s+"(.*)"$', line):
                key = "msgstr" if m.group(1).startswith("msgstr") else m.group(1)
                entry[key] = entry.get(key, "") + m.group(2)
            elif line.startswith('"') and key:
                entry[key] += line.strip('"')
        entries.append(entry)
    return entries


def test_the_vietnamese_catalogue_is_complete():
    entries = [e for e in _entries(PO.read_text(encoding="utf-8")) if e["msgid"] and "obsolete" not in e]
    assert len(entries) > 250
    untranslated = [e["msgid"] for e in entries if not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [] and fuzzy == []


def test_placeholders_survive_translation():
    for entry in _entries(PO.read_text(encoding="utf-8")):
        if entry["msgid"] and entry["msgstr"]:
            assert sorted(re.findall(r"%\(\w+\)s", entry["msgid"])) == sorted(
                re.findall(r"%\(\w+\)s", entry["msgstr"])
            ), entry["msgid"]
