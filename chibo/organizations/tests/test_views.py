from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.core.regulations import today
from chibo.core.testing import add_members, make_unit, user_with_role
from chibo.members.models import Member
from chibo.organizations.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_client(client, board):
    client.force_login(board)
    return client


def test_tree_shows_the_scope_roots_with_member_counts(board_client, tree):
    response = board_client.get(reverse("organizations:tree"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đảng bộ Khối thử nghiệm" in html
    assert 'data-code="R"' in html and "Đảng bộ Sở Tài chính" not in html  # children load lazily


def test_tree_of_a_secretary_starts_at_their_unit(client, tree):
    client.force_login(user_with_role("sec-a", "secretary", tree.a))
    html = client.get(reverse("organizations:tree")).content.decode()
    assert 'data-code="A"' in html and 'data-code="R"' not in html and 'data-code="B"' not in html


def test_children_partial_lists_children_with_subtree_counts(board_client, tree):
    response = board_client.get(reverse("organizations:children", args=["R"]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'data-code="A"' in html and 'data-code="B"' in html
    assert "<html" not in html
    # A's subtree: 4 official + 1 probationary
    assert "4 + 1" in html


def test_children_partial_query_count_is_constant(board_client, tree, django_assert_max_num_queries):
    for i in range(5):
        make_unit(tree.root, f"X{i}", "chi_bo_co_so")
    with django_assert_max_num_queries(8):
        board_client.get(reverse("organizations:children", args=["R"]))


def test_search_ignores_diacritics_and_finds_codes(board_client, tree):
    html = board_client.get(reverse("organizations:tree"), {"q": "so tai chinh"}).content.decode()
    assert "Đảng bộ Sở Tài chính" in html and "Đảng bộ Sở Y tế" not in html
    html = board_client.get(reverse("organizations:tree"), {"q": "b1"}).content.decode()
    assert "Chi bộ Phòng Nghiệp vụ" in html


def test_search_never_shows_units_outside_scope(client, tree):
    client.force_login(user_with_role("sec-a", "secretary", tree.a))
    html = client.get(reverse("organizations:tree"), {"q": "đảng bộ"}).content.decode()
    assert "Sở Tài chính" in html and "Sở Y tế" not in html


def test_unit_page_shows_structural_warnings(board_client, tree):
    small = make_unit(tree.a, "SMALL", "chi_bo", name="Chi bộ nhỏ")
    add_members(small, official=2)
    html = board_client.get(reverse("organizations:detail", args=["SMALL"])).content.decode()
    assert "Charter art. 21" in html or "Điều lệ" in html


def test_warnings_list_contains_units_with_warnings_only(board_client, tree):
    big = make_unit(tree.a, "BIG", "chi_bo", name="Chi bộ lớn")
    add_members(big, official=9)
    html = board_client.get(reverse("organizations:warnings")).content.decode()
    assert "Chi bộ lớn" in html  # 9 official, no chi ủy
    # A: đảng bộ cơ sở with 5 + 9 = 14 < 30 members → should be a chi bộ cơ sở
    assert reverse("organizations:detail", args=["A"]) in html
    assert reverse("organizations:detail", args=["A1"]) not in html  # 4 official, fine


def test_create_form_creates_a_unit(board_client, tree):
    response = board_client.post(
        reverse("organizations:create", args=["A"]),
        {
            "code": "a9",
            "name": "Chi bộ Thanh tra",
            "level": "chi_bo",
            "host_kind": "administrative",
            "host_name": "",
            "workers_count": 12,
            "founded_on": "2020-05-01",
            "decision": "5-QĐ/ĐU",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "organizations:detail", args=["A9"]
    )
    assert Unit.objects.get(code="A9").founded_on == date(2020, 5, 1)


def test_create_form_refuses_a_duplicate_code_and_writes_nothing(board_client, tree):
    count = Unit.objects.count()
    response = board_client.post(
        reverse("organizations:create", args=["A"]),
        {
            "code": "B1",
            "name": "Trùng mã",
            "level": "chi_bo",
            "host_kind": "other",
            "workers_count": 0,
            "founded_on": "2020-05-01",
        },
    )
    assert response.status_code == 200 and Unit.objects.count() == count
    assert response.context["form"].errors["code"]


def test_create_form_refuses_a_wrong_level_with_the_rule_message(board_client, tree):
    response = board_client.post(
        reverse("organizations:create", args=["A1"]),
        {
            "code": "Z1",
            "name": "Sai cấp",
            "level": "dang_bo_co_so",
            "host_kind": "other",
            "workers_count": 0,
            "founded_on": "2020-05-01",
        },
    )
    assert response.status_code == 200 and not Unit.objects.filter(code="Z1").exists()
    assert response.context["form"].non_field_errors()


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "", "effective_on": "2025-01-01"},
        {"name": "Tên mới", "effective_on": "not a date"},
        {"name": "Tên mới", "effective_on": "9999-12-31"},
        {"name": "x" * 300, "effective_on": "2025-01-01"},
    ],
)
def test_rename_form_rejects_bad_input_without_writing(board_client, tree, payload):
    response = board_client.post(reverse("organizations:rename", args=["A1"]), payload)
    assert response.status_code == 200
    tree.a1.refresh_from_db()
    assert tree.a1.name == "Chi bộ Văn phòng" and not AuditEntry.objects.filter(action="unit.rename").exists()


def test_rename_form_refuses_a_future_date(board_client, tree):
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = board_client.post(
        reverse("organizations:rename", args=["A1"]), {"name": "X", "effective_on": tomorrow}
    )
    assert response.status_code == 200 and response.context["form"].errors["effective_on"]


def test_move_form_explains_a_cycle(board_client, tree):
    make_unit(tree.a, "ABP", "dang_bo_bo_phan")
    response = board_client.post(
        reverse("organizations:move", args=["A"]), {"new_parent": "abp", "effective_on": "2025-07-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Unit.objects.get(code="A").depth == 2


def test_move_form_refuses_an_unknown_or_out_of_scope_code(client, tree):
    client.force_login(user_with_role("board-a", "org_board", tree.a))
    response = client.post(
        reverse("organizations:move", args=["A1"]), {"new_parent": "B", "effective_on": "2025-07-01"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_merge_form_merges_and_redirects_to_the_target(board_client, tree):
    response = board_client.post(
        reverse("organizations:merge", args=["A"]),
        {"target": "B", "effective_on": "2025-07-01", "decision": "1-QĐ/TU"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("organizations:detail", args=["B"])
    assert Unit.objects.get(code="A").dissolved_on == date(2025, 7, 1)


def test_merge_form_into_a_dissolved_unit_is_refused(board_client, tree):
    make_unit(tree.b, "B2", "chi_bo")
    board_client.post(reverse("organizations:dissolve", args=["B2"]), {"effective_on": "2025-07-01"})
    assert Unit.objects.get(code="B2").dissolved_on is not None
    response = board_client.post(
        reverse("organizations:merge", args=["A1"]), {"target": "B2", "effective_on": "2025-07-01"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Unit.objects.get(code="A1").dissolved_on is None


def test_split_form_assigns_members(board_client, tree):
    members = list(Member.objects.filter(unit=tree.a1).order_by("pk"))
    data = {
        "code_a": "A1A",
        "name_a": "Chi bộ A",
        "code_b": "A1B",
        "name_b": "Chi bộ B",
        "dissolve_source": "on",
        "effective_on": "2025-07-01",
    }
    for i, m in enumerate(members):
        data[f"member_{m.pk}"] = "a" if i < 2 else "b"
    response = board_client.post(reverse("organizations:split", args=["A1"]), data)
    assert response.status_code == 302
    assert (
        Member.objects.filter(unit__code="A1A").count() == 2
        and Member.objects.filter(unit__code="A1B").count() == 3
    )


def test_split_form_needs_b_when_members_go_to_b(board_client, tree):
    member = Member.objects.filter(unit=tree.a1).first()
    response = board_client.post(
        reverse("organizations:split", args=["A1"]),
        {"code_a": "A1A", "name_a": "Chi bộ A", "effective_on": "2025-07-01", f"member_{member.pk}": "b"},
    )
    assert response.status_code == 200 and not Unit.objects.filter(code="A1A").exists()


def test_as_of_shows_old_names(board_client, tree):
    board_client.post(
        reverse("organizations:rename", args=["A"]),
        {"name": "Đảng bộ Sở Tài chính mới", "effective_on": "2025-07-01"},
    )
    html = board_client.get(reverse("organizations:as_of"), {"on": "2025-06-30"}).content.decode()
    assert "Đảng bộ Sở Tài chính<" in html.replace("</a>", "<")
    html = board_client.get(reverse("organizations:as_of"), {"on": "2025-07-01"}).content.decode()
    assert "Đảng bộ Sở Tài chính mới" in html


def test_as_of_with_a_bad_date_says_so(board_client, tree):
    response = board_client.get(reverse("organizations:as_of"), {"on": "31/02/2025"})
    assert response.status_code == 200 and response.context["error"]


def test_dashboard_figures_are_those_of_the_scope(client, tree):
    client.force_login(user_with_role("sec-b", "secretary", tree.b))
    response = client.get(reverse("core:dashboard"))
    assert response.context["members_active"] == 3
    levels = dict(response.context["units_by_level"])
    assert sum(levels.values()) == 2  # B and B1


def test_member_role_sees_a_welcome_page_not_figures(client, tree):
    client.force_login(user_with_role("dv", "member", tree.a1))
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200 and not response.context["is_staff_user"]


def test_pages_render_in_english_when_chosen(board_client, tree):
    board_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = board_client.get(reverse("organizations:tree")).content.decode()
    assert "Organisation tree" in html


def test_vietnamese_is_the_default_language_whatever_the_browser_asks(board_client, tree):
    html = board_client.get(
        reverse("organizations:tree"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert 'lang="vi"' in html and "Cây tổ chức" in html


def test_unit_page_query_count_is_fixed(board_client, tree, django_assert_max_num_queries):
    for i in range(6):
        make_unit(tree.a, f"Q{i}", "chi_bo")
    add_members(tree.a1, official=30)
    with django_assert_max_num_queries(16):
        board_client.get(reverse("organizations:detail", args=["A"]))
