from __future__ import annotations

import pytest
from django.http import Http404

from chibo.accounts.roles import Action
from chibo.core.scoping import NotPermitted, can, get_scoped_or_404, path_upper_bound, paths_for, visible_to
from chibo.core.testing import user_with_role
from chibo.members.models import Member
from chibo.organizations.models import Unit


@pytest.mark.parametrize(
    ("path", "upper"),
    [
        ("0001", "0002"),
        ("0009", "000A"),
        ("000Z", "001"),
        ("00ZZ", "01"),
        ("ZZZZ", None),
        ("00010001", "00010002"),
    ],
)
def test_path_upper_bound(path, upper):
    assert path_upper_bound(path) == upper


@pytest.mark.parametrize("path", ["0001", "000Z", "00ZZ", "0001000Z"])
def test_the_range_holds_exactly_the_subtree(path):
    upper = path_upper_bound(path)
    inside = [path, path + "0001", path + "ZZZZ", path + "00010001"]
    outside = [path[:-1] + "0" if path[-1] != "0" else "0000", (upper or "~") + "0001", "Z" * 8]
    assert all(path <= p and (upper is None or p < upper) for p in inside)
    assert all(not (path <= p and (upper is None or p < upper)) for p in outside if not p.startswith(path))


@pytest.mark.django_db
def test_visible_to_unions_several_grants(tree):
    user = user_with_role("two", "viewer", tree.a1)
    from chibo.accounts.services import role_grant

    role_grant(actor=None, user=user, unit=tree.b1, role="viewer")
    assert set(visible_to(Unit.objects.all(), user).values_list("code", flat=True)) == {"A1", "B1"}
    assert visible_to(Member.objects.all(), user).count() == 5 + 3


@pytest.mark.django_db
def test_covered_grants_are_reduced_to_the_top_one(tree):
    user = user_with_role("nested", "viewer", tree.a)
    from chibo.accounts.services import role_grant

    role_grant(actor=None, user=user, unit=tree.a1, role="secretary")
    assert paths_for(user, Action.VIEW) == [tree.a.path]
    assert paths_for(user, Action.MANAGE) == [tree.a1.path]


@pytest.mark.django_db
def test_out_of_scope_is_404_and_lacking_right_is_403(tree):
    viewer = user_with_role("viewer-a", "viewer", tree.a)
    with pytest.raises(Http404):
        get_scoped_or_404(Unit.objects.all(), viewer, code="B1")
    with pytest.raises(NotPermitted):
        get_scoped_or_404(Unit.objects.all(), viewer, Action.MANAGE, code="A1")
    assert get_scoped_or_404(Unit.objects.all(), viewer, code="A1").code == "A1"


@pytest.mark.django_db
def test_member_role_opens_no_staff_scope(tree):
    member = user_with_role("dv", "member", tree.a1)
    assert paths_for(member, Action.VIEW) == [] and not can(member, Action.VIEW, tree.a1)
    assert visible_to(Unit.objects.all(), member).count() == 0


@pytest.mark.django_db
def test_a_sibling_whose_path_shares_a_prefix_string_is_outside(tree):
    # paths 0001 0001 and 0001 0002: "A" must not see "B" although both start with the root's path
    secretary = user_with_role("s", "secretary", tree.a)
    assert not can(secretary, Action.VIEW, tree.b) and can(secretary, Action.VIEW, tree.a1)
