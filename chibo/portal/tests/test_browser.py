"""A member on a phone (360×740) opens My record, sends a correction request, opens the next meeting
and excuses themself with a reason."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chibo.core.tests.test_browser import sign_in
from chibo.meetings.models import Attendance
from chibo.portal.models import CorrectionRequest
from chibo.portal.tests.factories import linked_user, published_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page, what):  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{what} scrolls sideways on a phone ({width}px)"


def test_a_member_on_a_phone_asks_for_a_correction_and_excuses_themself(browser, live_server, tree, shoot):
    meeting = published_meeting(tree.a1)
    user = linked_user(tree.a1, "dangvien")

    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    sign_in(page, live_server, "dangvien", "pw-dangviendangvien")
    page.goto(f"{live_server.url}/me/")
    expect(page.locator("#record-name")).to_have_text(user.member.full_name)
    expect(page.locator("#history li").first).to_be_visible()
    _no_sideways_scroll(page, "my record")
    shoot("portal-record-phone", full_page=False, target=page)

    page.select_option("#id_field", "card_number")
    page.fill("#id_text", "Số thẻ đảng viên ghi sai: đúng là 012345")
    page.locator("#send-correction").click()
    expect(page.locator("#my-requests [data-request]")).to_have_count(1)
    expect(page.locator("#my-requests")).to_contain_text("012345")
    shoot("portal-request-phone", full_page=False, target=page)

    page.locator("#portal-tabs a[href$='/me/meetings/']").click()
    page.locator(f"#upcoming [data-meeting='{meeting.pk}']").click()
    expect(page.locator("#agenda li")).to_have_count(2)
    expect(page.locator("#materials a")).to_have_count(1)
    page.fill("#id_reason", "Đi công tác tỉnh ngoài")
    _no_sideways_scroll(page, "the meeting")
    shoot("portal-meeting-phone", full_page=False, target=page)
    page.locator("#excuse").click()
    expect(page.locator("#my-attendance")).to_contain_text("Đi công tác tỉnh ngoài")
    context.close()

    assert CorrectionRequest.objects.get().member == user.member
    attendance = Attendance.objects.get(meeting=meeting, member=user.member)
    assert (attendance.status, attendance.reason) == ("absent_excused", "Đi công tác tỉnh ngoài")
