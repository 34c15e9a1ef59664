"""Every string of the Vietnamese catalogue is translated, none is fuzzy, and every string the code
and the templates mark for translation is in it."""

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


SOURCE = PO.parents[3]
#: The gettext functions as the code imports them (``gettext_lazy as _`` and friends).
SINGULAR = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
WITH_CONTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


def _template_ids(text: str) -> set[tuple[str, str]]:
    """(context, msgid) of every string a template marks — ``{% translate %}`` and
    ``{% blocktranslate %}`` with their context, plural and ``trimmed`` — read from Django's own
    ``templatize``, the step ``makemessages`` gives xgettext, so each id is the one looked up."""
    import ast
    import io
    import tokenize

    from django.utils.translation.template import templatize

    ids = set()
    # (each line unindented: the template's own indentation means nothing to the tokenizer)
    flat = "\n".join(line.lstrip() for line in templatize(text).splitlines())
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(flat).readline) if t.string]
    for i, token in enumerate(tokens[:-2]):
        if token.type != tokenize.NAME or tokens[i + 1].string != "(":
            continue
        strings = []
        for following in tokens[i + 2 :]:
            if following.type == tokenize.STRING:
                strings.append(ast.literal_eval(following.string))
            elif following.string != ",":
                break
        if token.string in SINGULAR and strings:
            ids.add(("", strings[0]))
        elif token.string in WITH_CONTEXT and len(strings) > 1:
            ids.add((strings[0], strings[1]))
    return ids


def _marked_in_code() -> dict[tuple[str, str], set[str]]:
    """(context, msgid) of every literal marked for translation in the Python code and in the
    templates, with the files that mark it."""
    import ast

    marked: dict[tuple[str, str], set[str]] = {}
    for path in sorted([*SOURCE.glob("chibo/**/*.py"), *SOURCE.glob("config/**/*.py")]):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = [
                a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                for a in node.args
            ]
            if node.func.id in SINGULAR and args and args[0]:
                marked.setdefault(("", args[0]), set()).add(str(path))
            elif node.func.id in WITH_CONTEXT and len(args) > 1 and args[0] and args[1]:
                marked.setdefault((args[0], args[1]), set()).add(str(path))
    for path in sorted([*SOURCE.glob("**/templates/**/*.html"), *SOURCE.glob("**/templates/**/*.txt")]):
        if ".venv" in path.parts:
            continue
        for key in _template_ids(path.read_text(encoding="utf-8")):
            marked.setdefault(key, set()).add(str(path))
    return marked


def _catalogue_ids() -> set[tuple[str, str]]:
    ids = set()
    for block in PO.read_text(encoding="utf-8").strip().split("\n\n"):
        if "#~" in block:
            continue
        context = re.search(r'^msgctxt\s+"(.*)"$', block, re.M)
        entry = _entries(block)[0]
        ids.add((_unescape(context.group(1)) if context else "", _unescape(entry["msgid"])))
    return ids


def _unescape(text: str) -> str:
    """A PO string's escapes (``\\"``, ``\\n``, ``\\t``, ``\\\\``) as the code writes them."""
    escapes = {'"': '"', "n": "\n", "t": "\t", "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), text)


def test_every_string_marked_in_the_code_is_in_the_catalogue():
    """A string marked for translation but never extracted (``make messages`` not run after the
    change) shows in English to Vietnamese users: the catalogue must hold every one."""
    marked = _marked_in_code()
    assert len(marked) > 1000  # the scan sees the code
    catalogue = _catalogue_ids()
    missing = sorted(
        f"{sorted(where)[0]}: {msgid!r}"
        for (context, msgid), where in marked.items()
        if (context, msgid) not in catalogue
    )
    assert missing == []
