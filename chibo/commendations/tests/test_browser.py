"""A commendation recorded from the proposed candidates in the system Chromium, with the streaks of
the real evaluation data (five years HTXSNV, decided through chibo.evaluations.services)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chibo.commendations.models import Commendation
from chibo.core.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_a_commendation_from_the_candidates_page(page, live_server, tree, board, graded, shoot):
    star, _rising = graded
    sign_in(page, live_server, "board", "pw-boardboard")
    page.goto(f"{live_server.url}/commendations/candidates/?year=2024")
    table = page.locator("#candidate-table")
    expect(table).to_contain_text(star.full_name)
    expect(table).to_contain_text(tree.a1.name)
    shoot("commendation-candidates")

    table.locator("tr", has_text=star.full_name).locator(".record-candidate").click()
    expect(page.locator("#id_subject")).to_have_value(str(star.pk))
    expect(page.locator("#id_year")).to_have_value("2024")
    page.select_option("#id_kind", "bang_khen")
    page.select_option("#id_level", "cap_tren")
    page.fill("#id_decision_number", "77-QĐ/ĐUK")
    page.fill("#id_decided_on", "2025-01-20")
    page.fill("#id_issued_by", "Ban Thường vụ Đảng ủy Khối")
    shoot("commendation-record")
    page.locator("#save").click()

    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#commendation")).to_contain_text(star.full_name)
    expect(page.locator("#commendation")).to_contain_text("77-QĐ/ĐUK")
    commendation = Commendation.objects.get()
    assert (commendation.member_id, commendation.year, commendation.kind) == (star.pk, 2024, "bang_khen")
    assert "5" in commendation.title  # the streak's years, offered as the title

    page.goto(f"{live_server.url}/commendations/candidates/?year=2024")
    expect(page.locator("#candidate-table")).not_to_contain_text(star.full_name)  # commended for 2024
    expect(page.locator("#candidate-table")).to_contain_text(tree.a1.name)
