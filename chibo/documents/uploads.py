"""Checks of an uploaded document file: size, type by extension *and* by content, a safe name.

Pure functions over a name and a binary stream, so the service decides and the tests need no
request. Only PDF, Word and Excel (Office Open XML, without macros) and PNG, JPEG, WebP images are
accepted; anything else — executables, HTML, SVG, scripts, renamed files — is refused, because the
library hands files to every member's phone.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from typing import IO

from chibo.rules.errors import RuleViolation

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: extension → (content type, the kind of content it must have)
ALLOWED: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "png": ("image/png", "png"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "webp": ("image/webp", "webp"),
}
ALLOWED_LIST = "PDF, DOCX, XLSX, PNG, JPEG, WebP"
#: Office parts that hold macros or embedded programs.
_ACTIVE_PARTS = ("vbaproject.bin", "activex", "/embeddings/")


def safe_name(name: str) -> str:
    """The uploaded name without folders, control characters or shell and HTML specials, ≤ 100
    characters, keeping its (lower-cased) extension; Vietnamese letters are kept."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = re.sub(r"[^\w\- ]+", "_", stem).strip(" ._-")
    stem = re.sub(r"[\s_]+", "_", stem)[:90] or "tai-lieu"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:8]
    return f"{stem}.{extension}" if extension else stem


def sniff(head: bytes) -> str:
    """The kind of content from its first bytes: pdf, zip, png, jpeg, webp, or '' when unknown."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return ""


def _office_kind(stream: IO[bytes]) -> str:
    """docx or xlsx for an Office Open XML package without macros; '' for any other zip."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = [n.lower() for n in archive.namelist()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    if "[content_types].xml" not in names or any(p in n for n in names for p in _ACTIVE_PARTS):
        return ""
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return ""


def check_upload(
    name: str, size: int, stream: IO[bytes], max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[str, str]:
    """(safe file name, content type) of an acceptable upload; RuleViolation otherwise."""
    if size <= 0:
        raise RuleViolation("documents.file_empty")
    if size > max_bytes:
        raise RuleViolation("documents.file_too_large", limit_mb=max_bytes // (1024 * 1024) or 1)
    clean = safe_name(name)
    extension = clean.rpartition(".")[2] if "." in clean else ""
    if extension not in ALLOWED:
        raise RuleViolation("documents.file_type", allowed=ALLOWED_LIST)
    content_type, wanted = ALLOWED[extension]
    stream.seek(0)
    found = sniff(stream.read(16))
    if found == "zip":
        stream.seek(0)
        found = _office_kind(stream)
    stream.seek(0)
    if found != wanted:
        raise RuleViolation("documents.file_content", extension=extension.upper(), allowed=ALLOWED_LIST)
    return clean, content_type
