"""A member on a phone (360×740) signs in, finds a document without typing diacritics, opens it and
marks it studied; the secretary then sees it in the roll-up."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chibo.core.testing import user_with_role
from chibo.core.tests.test_browser import sign_in
from chibo.documents import services
from chibo.documents.models import StudyRecord
from chibo.documents.tests.conftest import linked_user
from chibo.documents.tests.factories import publish, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_on_a_phone_opens_a_document_and_marks_it_studied(browser, live_server, tree, shoot):
    document = publish(tree.a, file=upload(), title="Nghị quyết về tăng cường củng cố tổ chức cơ sở đảng")
    publish(tree.a, title="Quy định thi hành Điều lệ Đảng", kind="regulation", number="232-QĐ/TW")
    publish(tree.b, title="Văn bản của đảng bộ khác")
    assignment = services.study_assign(actor=None, document=document, unit=tree.a1)
    member_user = linked_user(tree.a1, "dangvien")

    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    sign_in(page, live_server, "dangvien", "pw-dangviendangvien")
    page.goto(f"{live_server.url}/documents/library/")
    expect(page.locator("#library-list .doc-card")).to_have_count(2)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the library scrolls sideways on a phone ({width}px)"
    shoot("documents-library-phone", full_page=False, target=page)

    page.fill("#id_q", "co so dang")  # no diacritics
    page.locator("#library-filters button[type=submit]").click()
    expect(page.locator("#library-list .doc-card")).to_have_count(1)
    page.locator("#library-list .doc-card").first.click()
    expect(page.locator("#document h1")).to_contain_text("tổ chức cơ sở đảng")
    expect(page.locator("#download")).to_be_visible()
    page.fill("#id_note", "Đã đọc và thảo luận ở chi bộ <b>tháng này</b>")
    shoot("documents-read-phone", full_page=False, target=page)
    page.locator("#mark-studied").click()
    expect(page.locator("#studied")).to_be_visible()
    expect(page.locator(f"[data-assignment='{assignment.pk}']")).to_contain_text(
        "<b>tháng này</b>"
    )  # escaped
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the document page scrolls sideways on a phone ({width}px)"
    shoot("documents-studied-phone", full_page=False, target=page)
    context.close()
    assert StudyRecord.objects.get().member == member_user.member


def test_the_secretary_sees_who_has_studied(page, live_server, tree, shoot):
    document = publish(tree.a, file=upload())
    assignment = services.study_assign(actor=None, document=document, unit=tree.a)
    member_user = linked_user(tree.a1, "dangvien")
    services.study_mark(actor=member_user, assignment=assignment, member=member_user.member, note="Đã học")
    user_with_role("bithu", "secretary", tree.a)
    sign_in(page, live_server, "bithu", "pw-bithubithu")
    page.goto(f"{live_server.url}/documents/")
    page.locator("#document-table a").first.click()
    expect(page.locator(".rollup [data-total=done]").first).to_have_text("1")
    expect(page.locator(".rollup [data-total=members]").first).to_have_text("5")
    shoot("documents-detail")
    page.goto(f"{live_server.url}/documents/study/{assignment.pk}/")
    expect(page.locator("#member-table tbody tr")).to_have_count(5)
    shoot("documents-completion")
