"""The production settings pass Django's deployment checks; a missing secret is refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _check(**env: str) -> subprocess.CompletedProcess[str]:
    dropped = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the test settings set the last one
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings.prod", **env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_a_secret_and_hosts():
    result = _check(
        SECRET_KEY="k" * 20 + "-Zq8#p2@Lm5!xR7$wT1&yU4*vB9" + "n" * 10, ALLOWED_HOSTS="chibo.example.vn"
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret():
    result = _check(SECRET_KEY="", ALLOWED_HOSTS="chibo.example.vn")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
