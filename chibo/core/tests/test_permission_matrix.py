"""Every URL of the project, as every persona (chibo.core.testing.assert_permission_matrix).

A new URL fails ``test_every_url_is_in_the_matrix`` until it is added to CASES (or,
for a public page, to PUBLIC): that is how later features keep the matrix complete.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from chibo.accounts.roles import Action
from chibo.admissions.tests import api_matrix_cases as admission_api_cases
from chibo.admissions.tests import matrix_cases as admission_cases
from chibo.badges.tests import api_matrix_cases as badge_api_cases
from chibo.badges.tests import matrix_cases as badge_cases
from chibo.core.app_registries import CASE_APPS
from chibo.core.testing import assert_permission_matrix
from chibo.meetings.tests import api_matrix_cases as meeting_api_cases
from chibo.meetings.tests import matrix_cases as meeting_cases
from chibo.members.models import Member

pytestmark = pytest.mark.django_db


def _member_in_a(tree: Any) -> int:
    return Member.objects.filter(unit=tree.a1).values_list("pk", flat=True).first()


def _fixture(tree: Any, name: str) -> int:
    """Records in A's subtree for the member URLs, made once per tree."""
    cache = tree.__dict__.setdefault("_matrix", {})
    if name not in cache:
        from datetime import date

        from chibo.members import services as mem

        def person() -> Any:
            return mem.member_create(
                actor=None,
                unit=tree.a1,
                spec=mem.MemberSpec(
                    "Đỗ Văn Hùng",
                    "official",
                    birth_date=date(1950, 1, 1),
                    sex="M",
                    admitted_on=date(1975, 1, 1),
                ),
                joined_on=date(2000, 1, 1),
            )

        make = {
            "arrival": lambda: mem.member_transfer_out(
                actor=None,
                member=person(),
                external_org="Đảng bộ X",
                letter_number="1",
                letter_date=date(2025, 7, 1),
                decision_effective_on=date(2025, 7, 1),
            ),
            "return": lambda: mem.member_transfer_internal(
                actor=None,
                member=person(),
                to_unit=tree.b1,
                effective_on=date(2025, 7, 1),
                temporary_until=date(2025, 12, 1),
            ),
            "exemption": lambda: mem.member_exempt(
                actor=None, member=person(), reason="old_age", start_on=date(2026, 1, 1)
            ),
            "absence": lambda: mem.member_absence_record(
                actor=None, member=person(), kind="away", reason="Ốm", start_on=date(2026, 1, 1)
            ),
        }
        cache[name] = make[name]().pk
    return cache[name]


def _member_url(name: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_member_in_a(tree)])


def _related_url(name: str, kind: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_fixture(tree, kind)])


def _api_member(name: str):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[_member_in_a(tree)])


def _unit(name: str, attr: str = "a1"):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, args=[getattr(tree, attr).code])


def _api_unit(name: str, attr: str = "a1"):  # type: ignore[no-untyped-def]
    return lambda tree: reverse(name, kwargs={"code": getattr(tree, attr).code})


# url name → (url builder, action needed, method, api?, expected overrides)
CASES: dict[str, tuple[Any, Action, str, bool, dict[str, Any]]] = {
    "core:dashboard": (
        lambda t: reverse("core:dashboard"),
        Action.VIEW,
        "get",
        False,
        {"no_role": (200,), "sibling": (200,), "own_without_right": (200,)},
    ),
    "core:audit": (lambda t: reverse("core:audit"), Action.AUDIT, "get", False, {"sibling": (200,)}),
    "core:audit_object": (
        lambda t: reverse("core:audit_object", args=["organizations.unit", t.a1.pk]),
        Action.AUDIT,
        "get",
        False,
        {},
    ),
    "organizations:tree": (
        lambda t: reverse("organizations:tree"),
        Action.VIEW,
        "get",
        False,
        {"sibling": (200,)},
    ),
    "organizations:warnings": (
        lambda t: reverse("organizations:warnings"),
        Action.VIEW,
        "get",
        False,
        {"sibling": (200,)},
    ),
    "organizations:as_of": (
        lambda t: reverse("organizations:as_of"),
        Action.VIEW,
        "get",
        False,
        {"sibling": (200,)},
    ),
    "organizations:suggest": (
        lambda t: reverse("organizations:suggest") + "?q=a",
        Action.VIEW,
        "get",
        False,
        {"sibling": (200,)},
    ),
    "organizations:detail": (_unit("organizations:detail"), Action.VIEW, "get", False, {}),
    "organizations:children": (_unit("organizations:children", "a"), Action.VIEW, "get", False, {}),
    "organizations:audit": (_unit("organizations:audit"), Action.AUDIT, "get", False, {}),
    "organizations:create": (_unit("organizations:create", "a"), Action.RESTRUCTURE, "get", False, {}),
    "organizations:edit": (_unit("organizations:edit"), Action.MANAGE, "get", False, {}),
    "organizations:rename": (_unit("organizations:rename"), Action.RESTRUCTURE, "get", False, {}),
    "organizations:move": (_unit("organizations:move"), Action.RESTRUCTURE, "get", False, {}),
    "organizations:merge": (_unit("organizations:merge"), Action.RESTRUCTURE, "get", False, {}),
    "organizations:split": (_unit("organizations:split"), Action.RESTRUCTURE, "get", False, {}),
    "organizations:dissolve": (_unit("organizations:dissolve"), Action.RESTRUCTURE, "get", False, {}),
    "members:list": (lambda t: reverse("members:list"), Action.VIEW, "get", False, {"sibling": (200,)}),
    "members:detail": (
        lambda t: reverse("members:detail", args=[_member_in_a(t)]),
        Action.VIEW,
        "get",
        False,
        {},
    ),
    "members:export": (
        lambda t: reverse("members:export", args=["xlsx"]) + "?unit=A",
        Action.VIEW,
        "get",
        False,
        {},
    ),
    "members:transfers": (
        lambda t: reverse("members:transfers"),
        Action.VIEW,
        "get",
        False,
        {"sibling": (200,)},
    ),
    "members:create": (_unit("members:create"), Action.MANAGE, "get", False, {}),
    "members:sensitive": (_member_url("members:sensitive"), Action.SENSITIVE, "post", False, {}),
    "members:edit": (_member_url("members:edit"), Action.MANAGE, "get", False, {}),
    "members:recognise": (_member_url("members:recognise"), Action.MANAGE, "get", False, {}),
    "members:transfer": (_member_url("members:transfer"), Action.MANAGE, "get", False, {}),
    "members:transfer_out": (_member_url("members:transfer_out"), Action.MANAGE, "get", False, {}),
    "members:exempt": (_member_url("members:exempt"), Action.MANAGE, "get", False, {}),
    "members:absence": (_member_url("members:absence"), Action.MANAGE, "get", False, {}),
    "members:leave": (_member_url("members:leave"), Action.MANAGE, "get", False, {}),
    "members:readmit": (_member_url("members:readmit"), Action.MANAGE, "get", False, {}),
    "members:transfer_arrival": (
        _related_url("members:transfer_arrival", "arrival"),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "members:temporary_return": (
        _related_url("members:temporary_return", "return"),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "members:exemption_end": (
        _related_url("members:exemption_end", "exemption"),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "members:absence_return": (
        _related_url("members:absence_return", "absence"),
        Action.MANAGE,
        "get",
        False,
        {},
    ),
    "member-list": (lambda t: reverse("member-list"), Action.VIEW, "get", True, {"sibling": (200,)}),
    "member-detail": (
        lambda t: reverse("member-detail", args=[_member_in_a(t)]),
        Action.VIEW,
        "get",
        True,
        {},
    ),
    "member-history": (
        lambda t: reverse("member-history", args=[_member_in_a(t)]),
        Action.VIEW,
        "get",
        True,
        {},
    ),
    "member-sensitive": (
        lambda t: reverse("member-sensitive", args=[_member_in_a(t)]),
        Action.SENSITIVE,
        "get",
        True,
        {},
    ),
    **{
        f"member-{name}": (_api_member(f"member-{name}"), Action.MANAGE, "post", True, {})
        for name in [
            "correct",
            "recognise",
            "transfer",
            "transfer-out",
            "exempt",
            "absence",
            "leave",
            "readmit",
        ]
    },
    "accounts:roles": (lambda t: reverse("accounts:roles"), Action.GRANT, "get", False, {"sibling": (200,)}),
    "unit-list": (lambda t: reverse("unit-list"), Action.VIEW, "get", True, {"sibling": (200,)}),
    "unit-detail": (_api_unit("unit-detail"), Action.VIEW, "get", True, {}),
    "unit-history": (_api_unit("unit-history"), Action.VIEW, "get", True, {}),
    "unit-create-child": (_api_unit("unit-create-child", "a"), Action.RESTRUCTURE, "post", True, {}),
    "unit-rename": (_api_unit("unit-rename"), Action.RESTRUCTURE, "post", True, {}),
    "unit-move": (_api_unit("unit-move"), Action.RESTRUCTURE, "post", True, {}),
    "unit-merge": (_api_unit("unit-merge"), Action.RESTRUCTURE, "post", True, {}),
    "unit-split": (_api_unit("unit-split"), Action.RESTRUCTURE, "post", True, {}),
    "unit-dissolve": (_api_unit("unit-dissolve"), Action.RESTRUCTURE, "post", True, {}),
}
# the apps built on the foundation keep their cases beside their tests
CASES.update(admission_cases.CASES)
CASES.update(admission_api_cases.CASES)
CASES.update(meeting_cases.CASES)
CASES.update(meeting_api_cases.CASES)
CASES.update(badge_cases.CASES)
CASES.update(badge_api_cases.CASES)
POST_DATA: dict[str, dict[str, Any]] = {**admission_cases.POST_DATA}
#: Apps whose cases are found by name: chibo.<app>.tests.matrix_cases and api_matrix_cases.
for _app in CASE_APPS:
    _pages = import_module(f"chibo.{_app}.tests.matrix_cases")
    CASES.update(_pages.CASES)
    POST_DATA.update(_pages.POST_DATA)
    CASES.update(import_module(f"chibo.{_app}.tests.api_matrix_cases").CASES)

#: PATCH on unit-detail needs MANAGE: checked as its own case below.
PUBLIC = {"accounts:login", "accounts:logout", "set_language", "api-schema", "api-docs"}
PUBLIC |= {f"accounts:password_reset{s}" for s in ("", "_done", "_confirm", "_complete")}
#: Any signed-in account, for itself (chibo/accounts/tests/test_second_factor.py tests them).
PUBLIC |= {"accounts:second_factor", "accounts:second_factor_setup", "accounts:recovery_codes"}
#: A member's first visit, with the code (chibo/portal/tests/test_accounts_views.py).
PUBLIC |= {"portal:activate"}
PUBLIC |= {"core:sw", "core:offline", "core:offline_queued", "core:offline_checkin"}  # the handbook app


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_is_in_the_matrix():
    names = {n for n in _names(get_resolver()) if not n.endswith("-format") and "format" not in n}
    assert names - PUBLIC - set(CASES) == set(), "add the new URLs to CASES"


@pytest.mark.parametrize("name", sorted(CASES))
def test_permission_matrix(client, tree, name):
    url_for, action, method, api, expected = CASES[name]
    assert_permission_matrix(
        client,
        tree,
        url_for,
        action=action,
        method=method,
        api=api,
        expected=expected,
        data=POST_DATA.get(name),
    )


def test_permission_matrix_of_unit_patch(client, tree):
    assert_permission_matrix(
        client, tree, _api_unit("unit-detail"), action=Action.MANAGE, method="patch", api=True
    )


def test_api_docs_need_sign_in(client, tree):
    assert client.get(reverse("api-schema")).status_code in (401, 403)
