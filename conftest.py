from __future__ import annotations

import os
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _second_factor_passed_after_force_login(monkeypatch: Any) -> None:
    """Tests that are not about signing in act as a session that passed its second factor:
    ``client.force_login`` also marks the session verified, as ``django_otp.login`` would. The
    second-factor tests (chibo/accounts/tests/test_second_factor.py) sign in through the real pages,
    or call ``force_login_unverified``."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    original = Client.force_login

    def force_login(self: Any, user: Any, backend: Any = None) -> None:
        original(self, user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = "tests.verified"
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_unverified", original, raising=False)


@pytest.fixture
def tree(db: Any) -> Any:
    from chibo.core.testing import build_tree

    return build_tree()


@pytest.fixture
def board(tree: Any) -> Any:
    """An organisation-board user at the root of ``tree``."""
    from chibo.core.testing import user_with_role

    return user_with_role("board", "org_board", tree.root)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Playwright drives Debian's Chromium; a browser is never downloaded (STACK.md gotcha 4)."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHIBO_CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def pytest_addoption(parser: Any) -> None:
    parser.addoption("--screenshots", default="", help="folder to save the browser tests' screenshots in")


@pytest.fixture
def shoot(request: Any, page: Any) -> Any:
    """shoot("name") saves a PNG of the page when --screenshots DIR is given (make screenshots)."""
    folder = request.config.getoption("--screenshots")

    def take(name: str, full_page: bool = True, target: Any = None) -> None:
        if folder:
            os.makedirs(folder, exist_ok=True)
            (target or page).screenshot(path=os.path.join(folder, f"{name}.png"), full_page=full_page)

    return take
