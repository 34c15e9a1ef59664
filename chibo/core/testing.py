"""Shared test helpers: a small tree, users with roles on it, and the permission matrix.

Every later feature reuses ``assert_permission_matrix`` for each new URL: anonymous →
sign-in (API: 401/403), signed in without a role → 403, a role on a sibling subtree →
404, a role on the unit's own subtree → allowed, a role on an ancestor → allowed, and a
role on the own subtree that lacks the needed right → 403.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from unittest import mock

from django.test import Client

from chibo.accounts.models import User
from chibo.accounts.roles import ROLE_ACTIONS, Action, Role
from chibo.accounts.services import role_grant, user_create
from chibo.members.services import MemberSpec, members_bulk_create
from chibo.organizations.models import Unit
from chibo.organizations.services import unit_create

FOUNDED = date(2000, 1, 1)

#: The weakest role holding each right, so the matrix proves the right is needed.
WEAKEST_ROLE: dict[Action, str] = {
    Action.VIEW: Role.VIEWER,
    Action.MANAGE: Role.SECRETARY,
    Action.AUDIT: Role.INSPECTOR,
    Action.RESTRUCTURE: Role.ORG_BOARD,
    Action.GRANT: Role.ORG_BOARD,
    Action.SENSITIVE: Role.ORG_BOARD,
    Action.DISCIPLINE: Role.INSPECTOR,
}


@dataclass
class DemoTree:
    """root (upper) ─ a (đảng bộ cơ sở) ─ a1 (chi bộ, 4 official + 1 probationary)
    └ b (đảng bộ cơ sở) ─ b1 (chi bộ, 3 official)"""

    root: Unit
    a: Unit
    a1: Unit
    b: Unit
    b1: Unit
    users: dict[str, User] = field(default_factory=dict)

    def refresh(self) -> None:
        for unit in (self.root, self.a, self.a1, self.b, self.b1):
            unit.refresh_from_db()


def make_unit(parent: Unit | None, code: str, level: str, **extra: Any) -> Unit:
    return unit_create(
        actor=None,
        parent=parent,
        code=code,
        name=extra.pop("name", f"Unit {code}"),
        level=level,
        founded_on=extra.pop("founded_on", FOUNDED),
        **extra,
    )


def add_members(unit: Unit, official: int, probationary: int = 0, prefix: str = "Nguyễn Văn") -> None:
    specs = [
        MemberSpec(
            full_name=f"{prefix} {unit.code} {i}",
            status="official",
            admitted_on=date(2010, 1, 1),
            official_on=date(2011, 1, 1),
        )
        for i in range(official)
    ]
    specs += [
        MemberSpec(full_name=f"Trần Thị {unit.code} {i}", status="probationary", admitted_on=date(2025, 1, 1))
        for i in range(probationary)
    ]
    members_bulk_create(actor=None, unit_specs=[(unit, specs)], joined_on=date(2015, 1, 1), batch_target=unit)


def build_tree() -> DemoTree:
    root = make_unit(None, "R", "upper", name="Đảng bộ Khối thử nghiệm")
    a = make_unit(root, "A", "dang_bo_co_so", name="Đảng bộ Sở Tài chính")
    a1 = make_unit(a, "A1", "chi_bo", name="Chi bộ Văn phòng")
    b = make_unit(root, "B", "dang_bo_co_so", name="Đảng bộ Sở Y tế")
    b1 = make_unit(b, "B1", "chi_bo", name="Chi bộ Phòng Nghiệp vụ")
    add_members(a1, official=4, probationary=1)
    add_members(b1, official=3)
    tree = DemoTree(root, a, a1, b, b1)
    tree.refresh()
    return tree


def user_with_role(username: str, role: str | None = None, unit: Unit | None = None) -> User:
    user = user_create(actor=None, username=username, password="pw-" + username * 2)
    if role and unit:
        role_grant(actor=None, user=user, unit=unit, role=role)
    return user


def _login(client: Client, user: User | None) -> Client:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def expected_default(api: bool, method: str) -> dict[str, int | tuple[int, ...]]:
    allowed: tuple[int, ...] = (200,) if method == "get" else (200, 201, 302, 400)
    return {
        "anonymous": (401, 403) if api else (302,),
        "no_role": (403,),
        "sibling": (404,),
        "own": allowed,
        "ancestor": allowed,
        "own_without_right": (403,),
    }


def assert_permission_matrix(
    client: Client,
    tree: DemoTree,
    url_for: Any,
    *,
    action: Action = Action.VIEW,
    method: str = "get",
    data: dict[str, Any] | None = None,
    api: bool = False,
    expected: dict[str, Any] | None = None,
) -> dict[str, int]:
    """Request ``url_for(tree)`` as each persona and check the status codes.

    The object behind the URL must lie in ``tree.a``'s subtree. A POST that is
    allowed may answer 400 (the matrix sends no valid data) but never 403/404.
    Returns the codes seen, by persona.
    """
    role = WEAKEST_ROLE[action]
    weaker = [r for r in (Role.VIEWER, Role.INSPECTOR, Role.SECRETARY) if action not in ROLE_ACTIONS[r]]
    personas: dict[str, User | None] = {
        "anonymous": None,
        "no_role": user_with_role(f"norole-{action}-{method}"),
        "sibling": user_with_role(f"sibling-{action}-{method}", role, tree.b),
        "own": user_with_role(f"own-{action}-{method}", role, tree.a),
        "ancestor": user_with_role(f"ancestor-{action}-{method}", role, tree.root),
    }
    if weaker:
        personas["own_without_right"] = user_with_role(f"weak-{action}-{method}", weaker[0], tree.a)
    wanted = {**expected_default(api, method), **(expected or {})}
    seen: dict[str, int] = {}
    for persona, user in personas.items():
        url = url_for(tree)
        response = getattr(_login(client, user), method)(
            url, data or {}, **({"content_type": "application/json"} if api and method != "get" else {})
        )
        seen[persona] = response.status_code
        codes = wanted[persona]
        codes = codes if isinstance(codes, tuple) else (codes,)
        assert response.status_code in codes, (
            f"{persona} {method.upper()} {url}: {response.status_code} not in {codes}"
        )
        if persona == "anonymous" and not api:
            assert "/accounts/login/" in response["Location"]
    client.logout()
    return seen


#: RFC 6238's test secret ("12345678901234567890"), hex as django-otp stores it.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def give_totp(user: User) -> Any:
    """A confirmed authenticator-app device for ``user`` with the known test secret."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "test", "key": TEST_TOTP_KEY}
    )
    return device


def totp_code(device: Any, *, fresh: bool = True) -> str:
    """The code the app would show now. ``fresh`` forgets the last code used, so a test may sign
    in twice within the same 30 seconds (django-otp refuses a code twice)."""
    from chibo.accounts.otp import current_code

    if fresh and device.last_t != -1:
        type(device).objects.filter(pk=device.pk).update(last_t=-1)
        device.last_t = -1
    return current_code(device.bin_key, step=device.step, digits=device.digits)


@contextmanager
def printed_papers() -> Iterator[list[str]]:
    """The HTML of every paper printed inside the block (``chibo.core.papers.paper_pdf``), in order.

    WeasyPrint is replaced by a stub that keeps the HTML and answers a token PDF, so a test reads the
    text a paper prints (the real PDF keeps its text as glyph runs of embedded fonts)."""
    printed: list[str] = []

    class _HTML:
        def __init__(self, *, string: str) -> None:
            printed.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-stub"

    with mock.patch("weasyprint.HTML", _HTML):
        yield printed
