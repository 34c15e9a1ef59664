"""chibo.rules is pure: no Django, no other chibo package, no I/O (chibo/rules/__init__.py).

The import-linter contract in pyproject.toml covers Django and the other chibo
packages; this test also covers the standard library's I/O modules and ``open()``
and runs with plain pytest.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RULES_DIR = Path(__file__).resolve().parents[1]

#: Top-level modules a rule may never import.
FORBIDDEN_ROOTS = frozenset(
    {
        "django",
        "rest_framework",
        "os",
        "pathlib",
        "sqlite3",
        "socket",
        "requests",
        "urllib",
        "io",
        "shutil",
        "subprocess",
        "tempfile",
        "glob",
        "http",
        "httpx",
        "psycopg",
        "psycopg2",
        "importlib",
    }
)

#: Built-in functions a rule may never call.
FORBIDDEN_CALLS = frozenset({"open", "__import__"})


def _module_name(path: Path) -> str:
    relative = path.relative_to(RULES_DIR.parent.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute name of the module an ``ImportFrom`` reads (relative ones resolved)."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _forbidden(name: str) -> bool:
    parts = name.split(".")
    if parts[0] in FORBIDDEN_ROOTS:
        return True
    return parts[0] == "chibo" and len(parts) > 1 and parts[1] != "rules"


def impurities(source: str, module: str = "chibo.rules.example", is_package: bool = False) -> list[str]:
    """Every forbidden import or call in ``source``, as "line: what"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if _forbidden(a.name)]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(node, module, is_package)
            # "from chibo import core" reads chibo.core.
            names = [target] if target != "chibo" else [f"chibo.{a.name}" for a in node.names]
            found += [f"{node.lineno}: from {name} import …" for name in names if _forbidden(name)]
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS
        ):
            found.append(f"{node.lineno}: {node.func.id}()")
    return found


def _rule_files() -> list[Path]:
    return sorted(p for p in RULES_DIR.rglob("*.py") if "tests" not in p.relative_to(RULES_DIR).parts)


def test_the_walk_finds_the_rules():
    names = {p.name for p in _rule_files()}
    assert {"__init__.py", "errors.py", "profiles.py", "text.py", "workdays.py"} <= names


@pytest.mark.parametrize("path", _rule_files(), ids=lambda p: str(p.relative_to(RULES_DIR)))
def test_rule_module_is_pure(path):
    found = impurities(path.read_text(encoding="utf-8"), _module_name(path), path.name == "__init__.py")
    assert not found, f"{path.relative_to(RULES_DIR.parent.parent)} is not pure: {found}"


@pytest.mark.parametrize(
    "source",
    [
        "import django",
        "from django.db import models",
        "import rest_framework.serializers",
        "import os.path",
        "from pathlib import Path",
        "import sqlite3",
        "import socket",
        "import requests",
        "from urllib.request import urlopen",
        "import io",
        "from chibo.core import services",
        "from chibo import members",
        "from .. import core",
        "from ..accounts.models import User",
        "def f():\n    return open('x').read()",
        "def f():\n    import os\n    return os.getcwd()",
    ],
)
def test_the_checker_catches(source):
    assert impurities(source)


@pytest.mark.parametrize(
    "source",
    [
        "from chibo.rules.errors import RuleViolation",
        "from chibo.rules import text",
        "from chibo import rules",
        "from . import errors",
        "from .errors import RuleViolation",
        "import datetime\nimport holidays\nfrom collections.abc import Collection",
        "import unicodedata",
        "x = reopen(1)",
    ],
)
def test_the_checker_allows(source):
    assert impurities(source) == []
