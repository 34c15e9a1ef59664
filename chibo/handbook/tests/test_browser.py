"""On a phone (360×740) a member opens a notice from the inbox, comments (with HTML typed in it),
the secretary approves the comment, and the member sees it approved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chibo.core.testing import user_with_role
from chibo.core.tests.test_browser import sign_in
from chibo.handbook.models import Comment
from chibo.handbook.tests.factories import linked_user, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_comments_on_a_phone_and_the_secretary_approves(browser, live_server, tree, shoot):
    linked_user(tree.a1, "dangvien")
    post = publish(tree.a, title="Thông báo sinh hoạt chi bộ tháng 12", pinned=True)
    publish(tree.root, kind="news", title="Đảng bộ tổ chức Hội nghị sơ kết")
    publish(tree.b, title="Thông báo của đảng bộ khác")
    user_with_role("bithu", "secretary", tree.a)

    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = phone.new_page()
    sign_in(page, live_server, "dangvien", "pw-dangviendangvien")
    page.goto(f"{live_server.url}/handbook/inbox/")
    expect(page.locator("#unread-badge")).to_have_text("2")
    shoot("handbook-inbox-phone", full_page=False, target=page)
    page.locator(f"#inbox-list a[href$='/inbox/{_first_notification(post)}/']").click()
    expect(page.locator("#post h1")).to_contain_text("sinh hoạt chi bộ")
    expect(page.locator("#unread-badge")).to_have_text("1")
    page.fill("#id_body", "Tôi nhất trí <b>đậm</b><script>window.hacked=1</script>")
    page.locator("#send-comment").click()
    pending = page.locator("[data-state=pending] .comment-body")
    expect(pending).to_contain_text("<b>đậm</b>")  # shown as typed, never run
    assert page.evaluate("window.hacked === undefined")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the notice page scrolls sideways on a phone ({width}px)"
    shoot("handbook-comment-pending-phone", full_page=False, target=page)

    desk = browser.new_context()
    secretary = desk.new_page()
    sign_in(secretary, live_server, "bithu", "pw-bithubithu")
    secretary.goto(f"{live_server.url}/handbook/")
    secretary.locator(f"#post-table tr[data-post='{post.pk}'] a").click()
    expect(secretary.locator("#view-total")).to_have_text("1")
    shoot("handbook-moderation", target=secretary)
    secretary.locator("[data-approve]").click()
    expect(secretary.locator("[data-state=approved]")).to_have_count(1)
    desk.close()

    page.reload()
    expect(page.locator("[data-state=approved] .comment-body")).to_contain_text("Tôi nhất trí")
    shoot("handbook-comment-approved-phone", full_page=False, target=page)
    phone.close()
    assert Comment.objects.get().state == "approved"


def _first_notification(post):  # type: ignore[no-untyped-def]
    from chibo.handbook.models import Notification

    return Notification.objects.get(link__endswith=f"/news/{post.pk}/").pk
