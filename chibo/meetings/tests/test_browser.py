"""A meeting scheduled, its notice sent, attendance taken and its minutes finalised, in the system
Chromium, as the secretary of the chi bộ."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chibo.core.testing import user_with_role
from chibo.core.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schedule_take_attendance_and_finalise_minutes(page, live_server, tree, shoot):
    user_with_role("bithu", "secretary", tree.a1)
    sign_in(page, live_server, "bithu", "pw-bithubithu")
    page.goto(f"{live_server.url}/meetings/?unit=A1")
    page.locator("#new-meeting").click()
    now = timezone.localtime()
    page.select_option("#id_kind", "regular")
    page.fill("#id_day", now.date().isoformat())
    start = max(now - timedelta(hours=2), now.replace(hour=0, minute=0))  # started, and on today's date
    end = min(start + timedelta(minutes=100), now.replace(hour=23, minute=59))
    page.fill("#id_start", start.strftime("%H:%M"))
    page.fill("#id_end", end.strftime("%H:%M"))
    page.fill("#id_place", "Hội trường tầng 3")
    page.fill("#id_agenda", "Đánh giá tháng\nNhiệm vụ tháng tới")
    page.click("main button[type=submit]")
    expect(page.locator("#meeting-state")).to_be_visible()

    page.locator("#publish").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.locator("#take-attendance").click()
    page.locator("#all-present").click()
    first = page.locator("#attendance-form fieldset").first
    first.locator("input[value=absent_excused]").check()
    first.locator("input[type=text]").fill("Đi công tác")
    shoot("attendance")
    page.click("#attendance-form button[type=submit]")
    expect(page.locator("#vote-base")).to_have_text("3")  # 4 official, one absent with reason

    page.locator("#open-minutes").click()
    page.fill("#id_chair", "Đồng chí Bí thư")
    page.fill("#id_recorder", "Đồng chí Phó Bí thư")
    page.fill("#id_discussion", "Các đồng chí thảo luận sôi nổi.")
    page.click("main form button[type=submit] >> nth=0")
    expect(page.locator(".alert-success")).to_be_visible()
    page.fill("#id_text", "Thông qua nhiệm vụ tháng tới")
    page.fill("#id_in_favour", "3")
    page.get_by_role("button", name=re.compile("Thêm nghị quyết|Add the resolution")).click()
    expect(page.locator("#resolutions")).to_contain_text("Thông qua nhiệm vụ tháng tới")
    page.locator("#finalise").click()
    expect(page.locator("#minutes-final")).to_be_visible()
    shoot("meeting")
