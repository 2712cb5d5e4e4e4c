import pytest

from aftersales.models import Role
from tests.conftest import browser_login, make_store, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_counter_logs_in_and_sees_the_shell_in_chinese(page):
    store = make_store("HX", "黄兴店")
    make_user("counter", Role.COUNTER, store)
    browser_login(page, "counter")
    nav = page.locator("#mainnav")
    for label in ["维修", "以旧换新", "售后案件", "客户", "回访", "报表"]:
        assert nav.get_by_text(label, exact=False).first.is_visible()
    # A barcode scanner types into the search box and presses Enter.
    page.keyboard.press("F2")
    page.keyboard.type("HX-R2611-99999")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=HX-R2611-99999")
    assert "未找到" in page.content()


def test_multi_store_staff_switch_store(page):
    a, b = make_store("HX", "黄兴店"), make_store("DT", "东塘店")
    make_user("both", Role.COUNTER, a, b)
    browser_login(page, "both")
    page.click("#store-switcher")
    page.get_by_role("button", name="东塘店 (DT)").click()
    assert page.locator("#store-switcher").inner_text().strip().endswith("东塘店")
    assert "您现在为东塘店工作" in page.content()


def test_language_switch_to_english(page):
    store = make_store("HX", "黄兴店")
    make_user("counter", Role.COUNTER, store)
    browser_login(page, "counter")
    page.click("#user-menu")
    page.get_by_role("button", name="English").click()
    assert page.locator("#mainnav").get_by_text("Repairs").is_visible()
