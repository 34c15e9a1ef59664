"""Whatever a user types into a search box or a URL, the answer is never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chibo.rules.text import fold, normalize

pytestmark = pytest.mark.django_db

PAGES = [
    ("organizations:tree", ["q", "level"]),
    ("members:list", ["q", "status", "page"]),
    ("core:audit", ["action", "page"]),
    ("organizations:as_of", ["on"]),
    ("organizations:suggest", ["q"]),
    ("unit-list", ["q", "level", "within", "limit", "offset"]),
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(max_size=300), which=st.integers(min_value=0, max_value=len(PAGES) - 1))
def test_query_parameters_never_cause_a_server_error(client, tree, board, value, which):
    client.force_login(board)
    name, params = PAGES[which]
    for param in params:
        response = client.get(reverse(name), {param: value})
        assert response.status_code in (200, 400, 404), (name, param, value, response.status_code)


def test_a_nul_character_is_refused_with_400(client, tree, board):
    client.force_login(board)
    assert client.get(reverse("organizations:tree"), {"q": "a\x00b"}).status_code == 400
    response = client.post(
        reverse("organizations:rename", args=["A1"]), {"name": "x\x00", "effective_on": "2025-01-01"}
    )
    assert response.status_code == 400


def test_an_unknown_level_filter_is_400_in_the_api(client, tree, board):
    client.force_login(board)
    assert client.get(reverse("unit-list"), {"level": "nope"}).status_code == 400


def test_normalize_drops_control_characters_and_folds_spaces():
    assert normalize(" Chi\u0000 bộ\u0007  Văn\tphòng ") == "Chi bộ Văn phòng"
    assert fold("ĐẢNG\x00 BỘ") == "dang bo"
