"""One badge round in the system Chromium: prepared for the next award day, approved, numbered."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from chibo.core.regulations import today
from chibo.core.tests.test_browser import sign_in
from chibo.members import services as mem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_badge_round_prepared_approved_and_numbered(page, live_server, tree, board, shoot):
    from chibo.badges.selectors import upcoming_award_days

    award_day = upcoming_award_days()[0]
    admitted = date(award_day.year - 30, award_day.month, 1)  # reaches 30 years just before the award day
    spec = mem.MemberSpec(
        "Lò Văn Pọm", "official", admitted_on=admitted, official_on=admitted.replace(year=admitted.year + 1)
    )
    mem.member_create(actor=None, unit=tree.a1, spec=spec)

    sign_in(page, live_server, "board", "pw-boardboard")
    page.goto(f"{live_server.url}/badges/?unit=A")
    page.locator("#prepare-round").click()
    page.click("main button[type=submit]")  # the first offered day is the next award day
    expect(page.locator("#award-table")).to_contain_text("Lò Văn Pọm")
    expect(page.locator("#award-table")).to_contain_text("30")
    shoot("badge-round")

    page.fill("#id_decision_number", "301-QĐ/ĐU")
    page.fill("#id_decided_on", today().isoformat())
    page.locator("#approve").click()
    expect(page.locator(".alert-success")).to_be_visible()
    row = page.locator("#award-table tbody tr").first
    row.locator("input[name=number]").fill("HH30-0099")
    row.locator("button[type=submit]").click()
    expect(page.locator("#award-table input[name=number]").first).to_have_value("HH30-0099")
