"""On a phone (360×740) a member asks a question (with HTML typed in it), the secretary answers and
publishes it as an FAQ entry, and the member reads the answer and finds it in the FAQ."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from chibo.core.testing import user_with_role
from chibo.core.tests.test_browser import sign_in
from chibo.questions.models import Question
from chibo.questions.tests.factories import linked_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_asks_on_a_phone_and_reads_the_answer_and_the_faq(browser, live_server, tree, shoot):
    linked_user(tree.a1, "dangvien")
    user_with_role("bithu", "secretary", tree.a)

    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = phone.new_page()
    sign_in(page, live_server, "dangvien", "pw-dangviendangvien")
    page.goto(f"{live_server.url}/questions/ask/")
    page.fill("#id_title", "Đảng phí khi nghỉ hưu")
    page.fill(
        "#id_text", "Tôi sắp nghỉ hưu <b>đậm</b><script>window.hacked=1</script>, đóng đảng phí thế nào?"
    )
    shoot("questions-ask-phone", full_page=False, target=page)
    page.locator("#send-question").click()
    card = page.locator("#my-questions [data-state=open]")
    expect(card.locator(".question-text")).to_contain_text("<b>đậm</b>")  # shown as typed, never run
    assert page.evaluate("window.hacked === undefined")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"my questions scroll sideways on a phone ({width}px)"
    question = Question.objects.get()
    assert question.unit == tree.a

    desk = browser.new_context()
    secretary = desk.new_page()
    sign_in(secretary, live_server, "bithu", "pw-bithubithu")
    secretary.goto(f"{live_server.url}/questions/?state=open")
    secretary.locator(f"#question-table tr[data-question='{question.pk}'] a").click()
    secretary.fill("#id_answer", "Đảng viên nghỉ hưu đóng đảng phí bằng 0,5% lương hưu.")
    secretary.locator("#send-answer").click()
    expect(secretary.locator("#answer-text")).to_contain_text("0,5%")
    secretary.fill("#id_title", "Mức đảng phí của đảng viên nghỉ hưu")
    secretary.fill("#id_text", "Đảng viên nghỉ hưu đóng đảng phí theo mức nào?")
    secretary.locator("#publish-faq").click()
    expect(secretary.locator("#faq-state .badge")).to_be_visible()
    shoot("questions-answer", target=secretary)
    desk.close()

    page.goto(f"{live_server.url}/questions/mine/")
    expect(page.locator(f"#q{question.pk} .question-answer")).to_contain_text("0,5% lương hưu")
    shoot("questions-answered-phone", full_page=False, target=page)
    page.goto(f"{live_server.url}/questions/faq/")
    page.fill("#faq-search input[name=q]", "dang phi nghi huu")
    page.locator("#faq-search button").click()
    entry = page.locator("#faq-list details").first
    expect(entry.locator(".faq-title")).to_have_text("Mức đảng phí của đảng viên nghỉ hưu")
    entry.locator("summary").click()
    expect(entry.locator(".faq-answer")).to_contain_text("0,5%")
    assert "<script>" not in entry.inner_text()  # the public wording replaced the asker's text
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the FAQ scrolls sideways on a phone ({width}px)"
    shoot("questions-faq-phone", full_page=False, target=page)
    phone.close()
    question.refresh_from_db()
    assert question.state == "answered" and question.faq_unit == tree.a
