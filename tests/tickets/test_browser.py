"""The counter flow in a real browser: a hotline complaint from intake to a verified corrective action."""

from datetime import timedelta

import pytest
from django.utils import timezone

from aftersales.policy.demo import load_default_rules
from tests.conftest import browser_login
from tests.customers.factories import CustomerFactory, PurchaseFactory
from tickets.models import ActionStatus, Case, CorrectiveAction, RatingLink, Status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_hotline_complaint_to_verified_corrective_action(page, store, manager, counter):
    load_default_rules()
    customer = CustomerFactory(home_store=store, name="王芳", phone="+8613812345678", phone_last4="5678")
    purchase = PurchaseFactory(customer=customer, item="18K 金耳钉", receipt_number="HX-POS-0001",
                               purchased_at=timezone.now() - timedelta(hours=5))
    browser_login(page, "manager")

    # A hotline complaint, the caller found by the last four digits.
    page.goto(page.base_url + "/cases/new/")
    page.fill("input[name=phone]", "5678")
    page.select_option("select[name=kind]", "complaint")
    page.select_option("select[name=channel]", "hotline")
    page.fill("textarea[name=description]", "昨天买的耳钉有划痕")
    page.fill("textarea[name=customer_wants]", "换一对")
    page.click("#save-case")
    page.wait_for_selector("#customer-matches")
    assert page.is_checked(f"#customer-{customer.pk}")
    page.select_option("select[name=purchase]", str(purchase.pk))
    page.click("#save-case")
    page.wait_for_selector("#case-number")
    case = Case.objects.get()
    assert case.purchase == purchase and case.status == Status.RECEIVED
    assert "ack-due" in page.content()

    # Acknowledged: the process and the expected date told on the phone.
    page.fill("#contact-form textarea[name=told]", "已受理，向您说明处理流程，三天内答复")
    page.check("#contact-form input[name=acknowledgement]")
    page.fill("#contact-form input[name=expected_by]", (timezone.localdate() + timedelta(days=3)).isoformat())
    page.click("#add-contact")
    page.wait_for_selector("#contacts .badge")
    assert Case.objects.get().status == Status.ACKNOWLEDGED

    # The seven steps, each with a note.
    for step in ("listen", "talk", "analyse", "apologise", "explain", "resolve", "improve"):
        item = page.locator(f"#step-{step}")
        item.locator("input[name=note]").fill(f"{step} 完成")
        item.locator("button").click()
        page.wait_for_selector(f"#step-{step} .bi-check-circle-fill")
    assert Case.objects.get().steps.count() == 7

    # Resolved by an exchange: the policy (rule 1, 48 hours) decides.
    page.select_option("#resolve-form select[name=kind]", "exchange")
    page.check("#resolve-form input[name=receipt_shown]")
    page.check("#resolve-form input[name=intact]")
    page.click("#resolve")
    page.wait_for_selector("#resolutions")
    case = Case.objects.get()
    assert case.status == Status.RESOLVED
    resolution = case.resolutions.get()
    assert resolution.policy_outcome == "exchange" and resolution.policy_sentence in page.inner_text("#resolutions")

    # The customer rates 2 on the public page (the link of the SMS), in a browser of their own.
    token = RatingLink.objects.get(case=case).token
    phone = page.context.browser.new_context(locale="zh-CN")
    public = phone.new_page()
    public.goto(page.base_url + f"/cases/rate/{token}/")
    assert "王芳" not in public.content()
    public.click("label[for=score-2]")
    public.fill("#id_comment", "换货太慢")
    public.click("#send-rating")
    public.wait_for_selector("#rating-done")
    phone.close()

    # Reopened for the manager, then closed with root cause and corrective action.
    page.reload()
    assert page.inner_text("#case-status") == Case.objects.get().get_status_display()
    case = Case.objects.get()
    assert case.status == Status.REOPENED and case.reopen_count == 1
    assert page.locator("#reopen-count").is_visible()
    page.select_option("#close-form select[name=justified]", "1")
    page.select_option("#close-form select[name=root_cause]", label="工艺问题")
    page.fill("#close-form input[name=action_what]", "出货前逐件检查耳钉表面")
    page.select_option("#close-form select[name=action_owner]", str(counter.pk))
    page.fill("#close-form input[name=action_due]", (timezone.localdate() + timedelta(days=7)).isoformat())
    page.click("#close-case")
    page.wait_for_selector("#closing")
    case = Case.objects.get()
    assert case.status == Status.CLOSED and case.root_cause.code == "workmanship" and case.justified

    # The action is done; after the set days the manager verifies it worked.
    actions = page.locator("#actions")
    actions.locator("input[name=note]").fill("已培训全体柜员")
    actions.locator("form[action$='/done/'] button").click()
    page.wait_for_selector("#actions form[action$='/verify/']")
    action = CorrectiveAction.objects.get()
    assert action.status == ActionStatus.DONE
    CorrectiveAction.objects.filter(pk=action.pk).update(verify_on=timezone.localdate())  # thirty days later
    page.reload()
    actions = page.locator("#actions")
    actions.locator("select[name=effective]").select_option("1")
    actions.locator("input[name=note]").fill("一个月内无同类投诉")
    actions.locator("form[action$='/verify/'] button").click()
    page.wait_for_selector("#actions .badge")
    page.wait_for_load_state()
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED and action.verified_by == manager
