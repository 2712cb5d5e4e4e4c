from datetime import timedelta

import pytest
from django.utils import timezone

from customers.models import FollowUpStatus
from tests.conftest import browser_login
from tests.customers.factories import CustomerFactory, FollowUpFactory, PurchaseFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_find_by_last_four_digits_open_timeline_and_record_a_call(page, store, counter):
    wang = CustomerFactory(home_store=store, name="王芳", phone="+8613812345678", phone_last4="5678")
    CustomerFactory(home_store=store, name="李娜", phone="+8613900001111", phone_last4="1111")
    PurchaseFactory(customer=wang, item="足金古法手镯")
    fu = FollowUpFactory(customer=wang, context="手镯整形后取走", due_date=timezone.localdate() - timedelta(days=1))

    browser_login(page, "counter")
    page.goto(page.base_url + "/customers/")
    page.fill("#customer-search", "5678")
    page.press("#customer-search", "Enter")
    page.wait_for_url("**/customers/?q=5678")
    rows = page.locator("#customer-list tbody tr")
    assert rows.count() == 1
    assert "138****5678" in rows.first.inner_text()
    rows.first.locator("a").click()
    page.wait_for_url(f"**/customers/{wang.pk}/")
    page.click("#open-timeline")
    page.wait_for_url(f"**/customers/{wang.pk}/timeline/")
    timeline = page.locator("#timeline")
    assert "足金古法手镯" in timeline.inner_text()
    timeline.locator(f"a[href='/customers/followups/{fu.pk}/call/']").click()
    page.wait_for_url(f"**/customers/followups/{fu.pk}/call/")
    assert "手镯整形后取走" in page.content()
    page.check("input[name=outcome][value=reached]")
    for name in ("thanked", "asked_how_piece_is", "asked_suggestions"):
        page.check(f"input[name={name}]")
    page.select_option("select[name=satisfaction]", "5")
    page.fill("textarea[name=notes]", "顾客很满意")
    page.click("#save-call")
    page.wait_for_url("**/customers/followups/")
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.DONE
    call = fu.calls.get()
    assert call.thanked and call.asked_suggestions and call.satisfaction == 5 and call.notes == "顾客很满意"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_quick_create_in_a_modal_warns_about_duplicates_then_creates(page, store, counter):
    from customers.models import Customer

    CustomerFactory(home_store=store, name="王芳", phone="+8613812345678", phone_last4="5678")
    browser_login(page, "counter")
    page.goto(page.base_url + "/customers/")
    page.click("#quick-create")
    modal = page.locator("#quick-create-modal")
    modal.locator("input[name=name]").fill("王小芳")
    modal.locator("input[name=phone]").fill("138 1234 5678")
    modal.locator("button[type=submit]").click()
    modal.locator(".js-duplicates .alert").first.wait_for()
    assert "138****5678" in modal.inner_text()
    assert page.url.endswith("/customers/")  # still on the page
    modal.locator("input[name=confirm_duplicate]").check()
    modal.locator("button[type=submit]").click()
    page.wait_for_url("**/customers/*/")
    assert Customer.objects.filter(name="王小芳", phone="+8613812345678").exists()
