"""One candidate taken from candidate to official member in the system Chromium, as the
organisation board of the upper committee (who may take every step)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from chibo.core.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _step(page, name: str, fields: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    page.locator(f'#next-steps a[data-step="{name}"]').click()
    for field, value in fields.items():
        locator = page.locator(f"#id_{field}")
        if locator.evaluate("e => e.tagName") == "SELECT":
            locator.select_option(value)
        else:
            locator.fill(value)
    page.click("main button[type=submit]")
    expect(page.locator(".alert-success")).to_be_visible()


def test_candidate_to_official_member(page, live_server, tree, board, shoot):
    sign_in(page, live_server, "board", "pw-boardboard")
    page.goto(f"{live_server.url}/admissions/?unit=A1")
    page.get_by_role("link", name=re.compile("Quần chúng mới|New candidate|Thêm")).first.click()
    page.fill("#id_full_name", "Trịnh Thu Trang")
    page.fill("#id_birth_date", "1999-02-28")
    page.select_option("#id_sex", "F")
    page.select_option("#id_source", "youth_union")
    page.fill("#id_entered_on", "2024-12-02")
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Trịnh Thu Trang")

    _step(page, "certificate", {"number": "125/GCN-TTCT", "issued_on": "2025-01-06"})
    for index in (1, 2):
        page.locator('#next-steps a[data-step="introducer"]').click()
        page.locator("#id_member").select_option(index=index)
        page.fill("#id_together_since", "2020-01-01")
        page.fill("#id_assigned_on", "2024-12-02")
        page.click("main button[type=submit]")
        expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#missing")).to_be_visible()
    for kind in ("application", "cv", "verification", "introducer_letter", "comments"):
        _step(page, "paper", {"kind": kind, "number": "01", "issued_on": "2025-01-10"})
    expect(page.locator("#missing")).to_have_count(0)
    shoot("candidate")

    _step(page, "dossier", {"on": "2025-02-03"})
    _step(page, "cell_vote", {"held_on": "2025-02-17", "in_favour": "4", "against": "0"})
    _step(page, "upper_resolution", {"on": "2025-03-03", "number": "21-NQ/ĐU"})
    _step(page, "decide", {"decided_on": "2025-03-17", "number": "305-QĐ/BTV"})
    expect(page.locator("#stage")).to_contain_text(re.compile("quyết định|decision", re.I))
    _step(page, "ceremony", {"held_on": "2025-04-14"})
    _step(page, "recognition_vote", {"held_on": "2026-04-20", "in_favour": "4", "against": "0"})
    _step(page, "recognise", {"decided_on": "2026-05-04", "number": "412-QĐ/BTV"})

    expect(page.locator("#stage")).to_contain_text(re.compile("chính thức|Official", re.I))
    expect(page.locator("#history")).to_contain_text("412-QĐ/BTV")
    shoot("candidate-official")
    page.get_by_role("link", name=re.compile("Hồ sơ đảng viên|Member record")).click()
    expect(page.locator("body")).to_contain_text("14/04/2026")  # official as of the end of probation


def test_a_refused_vote_shows_the_rule(page, live_server, tree, board):
    from chibo.admissions.tests.conftest import advance, make_candidate

    candidate = advance(make_candidate(tree), tree, "dossier")
    sign_in(page, live_server, "board", "pw-boardboard")
    page.goto(f"{live_server.url}/admissions/{candidate.pk}/step/cell_vote/")
    page.fill("#id_held_on", "2024-04-15")
    page.fill("#id_in_favour", "5")
    page.fill("#id_against", "1")
    page.click("main button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("4")
    expect(page).to_have_url(re.compile(r"/step/cell_vote/$"))
