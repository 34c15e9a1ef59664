"""One discipline case in the system Chromium: opened by the inspection committee, its steps,
the decision and the announcement; the member's page then shows the banner, and the record form
warns when the position changes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from chibo.core.regulations import today
from chibo.core.testing import user_with_role
from chibo.core.tests.test_browser import sign_in
from chibo.discipline.tests.conftest import official_of
from chibo.rules.party_age import add_months

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _day(days_ago: int) -> str:
    return (today() - timedelta(days=days_ago)).isoformat()


def test_a_case_opened_decided_announced_shows_on_the_member_page(page, live_server, tree, board, shoot):
    user_with_role("kiemtra", "inspector", tree.a)
    member = official_of(tree.a1)
    sign_in(page, live_server, "kiemtra", "pw-kiemtrakiemtra")
    page.goto(f"{live_server.url}/discipline/")
    page.locator("#open-case-A").click()
    page.select_option("#id_member", str(member.pk))
    page.select_option("#id_category", "moral")
    page.fill("#id_description", "Vi phạm đạo đức, lối sống")
    page.fill("#id_violation_on", _day(90))
    page.fill("#id_opened_on", _day(60))
    shoot("discipline-open")
    page.click("#discipline-form button[type=submit]")
    expect(page.locator("#case-state")).to_be_visible()

    page.fill("#id_report-on", _day(50))
    page.click("#submit-report")
    page.fill("#id_review-on", _day(40))
    page.fill("#id_review-body", "Ủy ban kiểm tra Đảng ủy")
    page.click("#submit-review")
    page.select_option("#id_decide-form", "canh_cao")
    page.fill("#id_decide-decided_on", _day(30))
    page.fill("#id_decide-decision_number", "12-QĐ/UBKT")
    page.fill("#id_decide-deciding_body", "Ủy ban kiểm tra Đảng ủy")
    shoot("discipline-decide")
    page.click("#submit-decide")
    expect(page.locator("#case-form")).to_contain_text(re.compile("cảnh cáo", re.IGNORECASE))

    page.fill("#id_announce-on", _day(20))  # an announcement before the decision is refused
    page.click("#submit-announce")
    expect(page.locator("#case-in-effect")).to_be_visible()
    shoot("discipline-case")

    page.goto(f"{live_server.url}/members/{member.pk}/")
    banner = page.locator("#discipline-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(add_months(today() - timedelta(days=20), 12).strftime("%d/%m/%Y"))
    expect(page.locator("#discipline-case-link")).to_be_visible()
    shoot("discipline-member-banner")

    page.context.clear_cookies()
    sign_in(page, live_server, "board", "pw-boardboard")
    page.goto(f"{live_server.url}/members/{member.pk}/edit/")
    warning = page.locator("#discipline-position-warning")
    expect(warning).to_be_hidden()
    page.fill("#id_position", "Trưởng phòng")
    expect(warning).to_be_visible()
    shoot("discipline-position-warning")
