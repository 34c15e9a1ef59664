from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chibo.core.models import AuditEntry
from chibo.core.testing import make_unit, user_with_role
from chibo.members.models import Member
from chibo.organizations.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(board):
    client = APIClient()
    client.force_authenticate(board)
    return client


def test_list_filters_by_subtree_level_and_folded_name(api, tree):
    codes = [u["code"] for u in api.get(reverse("unit-list"), {"within": "a"}).json()["results"]]
    assert codes == ["A", "A1"]
    codes = [u["code"] for u in api.get(reverse("unit-list"), {"level": "chi_bo"}).json()["results"]]
    assert sorted(codes) == ["A1", "B1"]
    codes = [u["code"] for u in api.get(reverse("unit-list"), {"q": "so y te"}).json()["results"]]
    assert codes == ["B"]


def test_list_shows_parent_codes_with_a_fixed_number_of_queries(api, tree, django_assert_max_num_queries):
    for i in range(10):
        make_unit(tree.a, f"C{i}", "chi_bo")
    with django_assert_max_num_queries(6):
        data = api.get(reverse("unit-list"), {"within": "A"}).json()
    parents = {u["code"]: u["parent"] for u in data["results"]}
    assert parents["A"] == "R" and parents["C3"] == "A"


def test_list_is_scoped_and_within_outside_scope_is_404(client, tree):
    api = APIClient()
    api.force_authenticate(user_with_role("sec-b", "secretary", tree.b))
    codes = [u["code"] for u in api.get(reverse("unit-list")).json()["results"]]
    assert codes == ["B", "B1"]
    assert api.get(reverse("unit-list"), {"within": "A"}).status_code == 404


def test_token_authentication(tree, board):
    token = Token.objects.create(user=board)  # test set-up of the token table, not a domain write
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(reverse("unit-detail", kwargs={"code": "A"})).json()["name"] == "Đảng bộ Sở Tài chính"


def test_create_child_and_rename_through_the_api(api, tree):
    response = api.post(
        reverse("unit-create-child", kwargs={"code": "A"}),
        {"code": "a7", "name": "Chi bộ Kế hoạch", "level": "chi_bo", "founded_on": "2019-01-01"},
        format="json",
    )
    assert (
        response.status_code == 201 and response.json()["code"] == "A7" and response.json()["parent"] == "A"
    )
    response = api.post(
        reverse("unit-rename", kwargs={"code": "A7"}),
        {"name": "Chi bộ Kế hoạch – Đầu tư", "effective_on": "2025-07-01"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["name"] == "Chi bộ Kế hoạch – Đầu tư"
    history = api.get(reverse("unit-history", kwargs={"code": "A7"})).json()
    assert [e["kind"] for e in history] == ["renamed", "founded"]


def test_a_refusal_answers_400_with_the_rule_code_and_writes_nothing(api, tree):
    count = AuditEntry.objects.count()
    response = api.post(
        reverse("unit-move", kwargs={"code": "A"}),
        {"new_parent": "A1", "effective_on": "2025-07-01"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "restructure.cycle"
    assert response.json()["detail"]
    assert AuditEntry.objects.count() == count


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"new_parent": "B", "effective_on": "yesterday"},
        {"new_parent": "NOPE", "effective_on": "2025-07-01"},
        {"new_parent": ["B"], "effective_on": "2025-07-01"},
        {"new_parent": "B\x00", "effective_on": "2025-07-01"},
    ],
)
def test_bad_input_answers_400(api, tree, payload):
    response = api.post(reverse("unit-move", kwargs={"code": "A1"}), payload, format="json")
    assert response.status_code == 400
    assert Unit.objects.get(code="A1").parent_unit().code == "A"


def test_merge_split_and_dissolve_through_the_api(api, tree):
    ids = list(Member.objects.filter(unit=tree.a1).values_list("pk", flat=True))
    response = api.post(
        reverse("unit-split", kwargs={"code": "A1"}),
        {
            "effective_on": "2025-07-01",
            "dissolve_source": True,
            "parts": [
                {"code": "S1", "name": "Chi bộ S1", "member_ids": ids[:2]},
                {"code": "S2", "name": "Chi bộ S2", "member_ids": ids[2:]},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert [u["code"] for u in response.json()] == ["S1", "S2"]
    response = api.post(
        reverse("unit-merge", kwargs={"code": "S2"}),
        {"target": "S1", "effective_on": "2025-08-01"},
        format="json",
    )
    assert response.status_code == 200 and Member.objects.filter(unit__code="S1").count() == 5
    response = api.post(
        reverse("unit-dissolve", kwargs={"code": "S1"}),
        {"effective_on": "2025-09-01", "successor": "B1"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["dissolved_on"] == "2025-09-01"


def test_patch_updates_details(api, tree):
    response = api.patch(reverse("unit-detail", kwargs={"code": "A1"}), {"workers_count": 42}, format="json")
    assert response.status_code == 200 and response.json()["workers_count"] == 42
    response = api.patch(reverse("unit-detail", kwargs={"code": "A1"}), {"workers_count": -1}, format="json")
    assert response.status_code == 400


def test_openapi_schema_is_served_to_signed_in_users(api, tree):
    response = api.get(reverse("api-schema"))
    assert response.status_code == 200 and b"/api/v1/units/" in response.content
