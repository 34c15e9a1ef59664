"""Import jobs for the matrix, audit and view tests: a roster of A1 uploaded into A and checked."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from chibo.exchange.tests import roster


def roster_bytes(lines: list[list[Any]] | None = None) -> bytes:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = roster.write(Path(folder) / "r.xlsx", {"Danh sách": lines or [roster.row(90), roster.row(91)]})
        return path.read_bytes()


def upload(lines: list[list[Any]] | None = None, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, roster_bytes(lines), content_type="application/octet-stream")


def checked_job(tree: Any, lines: list[list[Any]] | None = None, skip_invalid: bool = False) -> Any:
    from chibo.exchange import services

    job = services.import_job_create(actor=None, unit=tree.a, upload=upload(lines), skip_invalid=skip_invalid)
    return services.import_job_check(actor=None, job=job)


def cached_job(tree: Any) -> Any:
    cache = tree.__dict__.setdefault("_exchange", {})
    if "job" not in cache:
        cache["job"] = checked_job(tree)
    return cache["job"]
