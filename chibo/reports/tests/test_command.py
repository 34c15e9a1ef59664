"""``manage.py report statistics`` in each format."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", "statistics", *args, stdout=out)
    return out.getvalue()


def test_json_to_stdout_and_file(tree, tmp_path):
    data = json.loads(_run("--unit", "r", "--as-of", "2025-06-30"))
    assert (data["unit"], data["as_of"], data["members_total"], data["probationary"]) == (
        "R",
        "2025-06-30",
        8,
        1,
    )
    assert (data["grassroots_units"], data["cells"]) == (2, 2)
    target = tmp_path / "r.json"
    _run("--unit", "R", "--as-of", "2014-01-01", "--out", str(target))
    assert json.loads(target.read_text())["members_total"] == 0


def test_xlsx_and_pdf_files(tree, tmp_path):
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    _run("--unit", "A", "--format", "xlsx", "--out", str(xlsx))
    _run("--unit", "A", "--format", "pdf", "--out", str(pdf))
    assert xlsx.read_bytes()[:2] == b"PK" and pdf.read_bytes()[:5] == b"%PDF-"


def test_refusals(tree):
    with pytest.raises(CommandError):
        _run("--unit", "NOPE")
    with pytest.raises(CommandError):
        _run("--unit", "A", "--as-of", "30/6/2024")
    with pytest.raises(CommandError):
        _run("--unit", "A", "--format", "pdf")  # binary needs a file
