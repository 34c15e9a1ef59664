from __future__ import annotations

import os
from typing import Any

import pytest


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
