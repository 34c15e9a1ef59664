"""The statistics page in the system Chromium: a past date compared with today, then submitted."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from chibo.core.tests.test_browser import sign_in
from chibo.members import services as mem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_statistics_compared_and_submitted(page, live_server, tree, board, shoot):
    for i, (sex, ethnicity) in enumerate([("F", "Tày"), ("F", "Kinh"), ("M", "Thái")]):
        spec = mem.MemberSpec(
            f"Hoàng Thị {i}",
            "official",
            birth_date=date(1995, 3, 1),
            sex=sex,
            admitted_on=date(2018, 1, 1),
            official_on=date(2019, 1, 1),
            ethnicity=ethnicity,
        )
        mem.member_create(actor=None, unit=tree.a1, spec=spec)

    sign_in(page, live_server, "board", "pw-boardboard")
    page.goto(f"{live_server.url}/reports/?unit=A")
    expect(page.locator("#headline")).to_contain_text("8")
    page.fill("#id_compare", "2016-01-01")
    page.locator("#report-query button[type=submit]").click()
    expect(page.locator("#section-sex")).to_contain_text("2016-01-01")
    expect(page.locator("svg.report-bars").first).to_be_visible()
    shoot("reports-statistics")

    page.locator("#submit-report").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#no-differences")).to_be_visible()
