"""Every exchange test writes its progress files in a folder of its own: job ids start again in
each test database, and a file left behind must not speak for another test's job."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _own_progress_folder(settings: Any, tmp_path: Any) -> None:
    settings.EXCHANGE_PROGRESS_DIR = tmp_path / "progress"
