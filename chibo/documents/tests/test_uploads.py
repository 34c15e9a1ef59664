"""File checks of chibo.documents.uploads: type by extension and content, size, safe names."""

from __future__ import annotations

import io

import pytest

from chibo.documents import uploads
from chibo.documents.tests.factories import EXE, PDF, PNG, office
from chibo.rules.errors import RuleViolation


def _check(name: str, content: bytes, limit: int = uploads.DEFAULT_MAX_BYTES) -> tuple[str, str]:
    return uploads.check_upload(name, len(content), io.BytesIO(content), limit)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("a.pdf", PDF, "application/pdf"),
        ("a.PNG", PNG, "image/png"),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("a.docx", office("docx"), uploads.ALLOWED["docx"][0]),
        ("a.xlsx", office("xlsx"), uploads.ALLOWED["xlsx"][0]),
    ],
)
def test_accepted_files(name, content, content_type):
    assert _check(name, content)[1] == content_type


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("setup.exe", EXE, "documents.file_type"),
        ("setup.pdf", EXE, "documents.file_content"),  # an executable renamed .pdf
        ("page.html", b"<html><script>alert(1)</script></html>", "documents.file_type"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "documents.file_content"),
        ("logo.svg", b"<svg onload='alert(1)'/>", "documents.file_type"),
        ("run.sh", b"#!/bin/sh\nrm -rf /\n", "documents.file_type"),
        ("noext", PDF, "documents.file_type"),
        ("a.docx", office("xlsx"), "documents.file_content"),  # a workbook renamed .docx
        ("a.docx", office("docx", macros=True), "documents.file_content"),
        ("a.docx", b"PK\x03\x04garbage", "documents.file_content"),
        ("a.png", PDF, "documents.file_content"),
    ],
)
def test_refused_files(name, content, code):
    with pytest.raises(RuleViolation) as raised:
        _check(name, content)
    assert raised.value.code == code


def test_size_limit_and_empty_file():
    with pytest.raises(RuleViolation) as raised:
        _check("a.pdf", PDF + b"0" * 2048, limit=1024)
    assert raised.value.code == "documents.file_too_large"
    assert _check("a.pdf", PDF, limit=len(PDF))[0] == "a.pdf"  # exactly at the limit is accepted
    with pytest.raises(RuleViolation) as raised:
        _check("a.pdf", b"")
    assert raised.value.code == "documents.file_empty"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\Nghị quyết 21.PDF", "Nghị_quyết_21.pdf"),
        ('<script>"x".pdf', "script_x.pdf"),
        ("a\x00b\u202e.pdf", "ab.pdf"),
        (".pdf", "tai-lieu.pdf"),
        ("x" * 300 + ".pdf", "x" * 90 + ".pdf"),
    ],
)
def test_safe_names(raw, clean):
    assert uploads.safe_name(raw) == clean
