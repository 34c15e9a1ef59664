from __future__ import annotations

import pytest
from django.urls import reverse

from chibo.core.testing import user_with_role

pytestmark = pytest.mark.django_db


def test_sign_in_with_the_right_password_goes_to_the_dashboard(client, tree):
    user_with_role("bt", "secretary", tree.a)
    response = client.post(reverse("accounts:login"), {"username": "bt", "password": "pw-btbt"})
    assert response.status_code == 302 and response["Location"] == reverse("core:dashboard")


def test_sign_in_is_locked_after_five_failures_even_with_the_right_password(client, tree, settings):
    user_with_role("bt", "secretary", tree.a)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("accounts:login"), {"username": "bt", "password": "wrong"})
        assert response.status_code in (200, 429)
    response = client.post(reverse("accounts:login"), {"username": "bt", "password": "pw-btbt"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, tree, settings):
    user_with_role("bt", "secretary", tree.a)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("accounts:login"), {"username": "bt", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "bt", "password": "pw-btbt"})
    assert response.status_code == 302


def test_the_admin_login_is_throttled_too(client, tree, settings):
    user_with_role("bt", "secretary", tree.a)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "bt", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "bt", "password": "pw-btbt"}).status_code == 429


def test_roles_page_grants_and_revokes(client, tree, board):
    from chibo.accounts.models import RoleAssignment

    client.force_login(board)
    target = user_with_role("newbie")
    response = client.post(reverse("accounts:roles"), {"username": "newbie", "role": "viewer", "unit": "a1"})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=target)
    assert assignment.unit.code == "A1"
    response = client.post(reverse("accounts:roles"), {"username": "newbie", "role": "viewer", "unit": "A1"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    client.post(reverse("accounts:roles"), {"revoke": assignment.pk})
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_roles_page_refuses_a_unit_outside_the_granting_scope(client, tree):
    from chibo.accounts.models import RoleAssignment

    client.force_login(user_with_role("board-a", "org_board", tree.a))
    user_with_role("newbie")
    response = client.post(reverse("accounts:roles"), {"username": "newbie", "role": "viewer", "unit": "B1"})
    assert response.status_code == 200 and not RoleAssignment.objects.filter(user__username="newbie").exists()


def test_nobody_takes_away_their_own_board_role(client, tree, board):
    from chibo.accounts.models import RoleAssignment

    client.force_login(board)
    own = RoleAssignment.objects.get(user=board)
    client.post(reverse("accounts:roles"), {"revoke": own.pk})
    assert RoleAssignment.objects.filter(pk=own.pk).exists()
