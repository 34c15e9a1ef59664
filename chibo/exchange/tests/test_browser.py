"""A roster import in the system Chromium: upload → checked preview → confirm → done."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chibo.core.tests.test_browser import sign_in
from chibo.exchange.tests import jobs, roster
from chibo.members.models import Member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_roster_upload_preview_confirm_done(page, live_server, tree, board, shoot, tmp_path):
    path = tmp_path / "danh-sach-chi-bo.xlsx"
    path.write_bytes(jobs.roster_bytes([roster.row(i) for i in range(12)]))

    sign_in(page, live_server, "board", "pw-boardboard")
    page.goto(f"{live_server.url}/exchange/?unit=A")
    page.set_input_files("#id_file", str(path))
    shoot("exchange-upload")
    page.click("#upload-form button[type=submit]")

    expect(page.locator("#import-state")).to_contain_text("")
    expect(page.locator("#preview-table")).to_contain_text("Phạm Văn Nhập 11")
    expect(page.locator("#confirm-import")).to_be_visible()
    shoot("exchange-preview")
    page.click("#confirm-import")

    expect(page.locator("#import-done")).to_be_visible()
    expect(page.locator("#import-summary")).to_contain_text("12")
    expect(page.locator("#download-report")).to_be_visible()
    shoot("exchange-done")
    assert Member.objects.filter(cccd__startswith="001080").count() == 12
