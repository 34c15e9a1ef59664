"""Builders for the documents tests: files of each kind, a document published through the service."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from chibo.documents import services

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def office(kind: str = "docx", macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return buffer.getvalue()


def upload(name: str = "nghi-quyet.pdf", content: bytes = PDF, content_type: str = "application/pdf") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def publish(unit: Any, actor: Any = None, **extra: Any) -> Any:
    data = {
        "kind": "resolution",
        "title": "Nghị quyết về tăng cường xây dựng, chỉnh đốn Đảng",
        "issuer": "Ban Chấp hành Trung ương",
        "issued_on": date(2021, 10, 30),
        "number": "04-NQ/TW",
        "summary": "Đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị.",
        "full_text": "Điều 1. Nội dung.\nĐiều 2. Tổ chức thực hiện.",
        **extra,
    }
    return services.document_publish(actor=actor, unit=unit, **data)
