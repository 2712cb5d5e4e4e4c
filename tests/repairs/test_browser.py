"""The counter's day in a real browser: intake → quote → signed approval → work → ready → pickup."""

import pytest

from repairs.models import Pickup, Quote, RepairOrder, Status
from tests.conftest import browser_login, wait_for_js

from .factories import service


def sign(page):
    """The customer signs on the tablet's signature pad."""
    box = page.locator("#signature-pad").bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 60)
    page.mouse.down()
    page.mouse.move(box["x"] + 150, box["y"] + 120, steps=8)
    page.mouse.move(box["x"] + 260, box["y"] + 50, steps=8)
    page.mouse.up()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_intake_to_pickup(page, counter, technician, store):
    polish = service("polish")
    browser_login(page, "counter")
    page.goto(page.base_url + "/repairs/")
    page.click("#new-repair")
    page.fill("#id_phone", "13812345678")
    page.fill("#id_customer_name", "王小红")
    page.select_option("#id_items-0-category", "ring")
    page.select_option("#id_items-0-material", "au750")
    page.fill("#id_items-0-description", "18K 戒指 变形")
    page.fill("#id_items-0-intake_weight", "3.21")
    page.check("#id_items-0-bends")
    page.select_option("#id_items-0-job1", str(polish.pk))
    page.check("#id_risks_acknowledged")
    sign(page)
    page.click("#save-intake")
    page.wait_for_selector("#order-number")
    order = RepairOrder.objects.get()
    assert page.inner_text("#order-number") == order.number
    assert order.intake_signature
    page.locator("#intake-signature").wait_for(state="visible")  # an image has no size until it has loaded

    # Quote after looking at it, then the customer signs on the tablet.
    page.click("#quote-section summary")
    page.fill("#quote-form [name=labour]", "80")
    page.click("#quote-form button[type=submit]")
    page.wait_for_selector("#approve-form")
    assert Quote.objects.get().total == 80
    sign(page)
    page.click("#approve-button")
    page.wait_for_selector(".alert-success")
    order.refresh_from_db()
    assert order.status == Status.APPROVED
    assert Quote.objects.get().signature
    assert page.locator("#start-form").count() == 0  # starting the work is the workshop's job

    # The technician, on the workshop's own browser: start, finish, weigh out, ready.
    workshop = page.context.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    workshop.set_default_timeout(10_000)
    tech = workshop.new_page()
    tech.base_url = page.base_url
    browser_login(tech, "technician")
    tech.goto(page.base_url + f"/repairs/{order.number}/")
    tech.click("#start-form button[type=submit]")
    tech.click("#finish-button")
    item = order.items.get()
    tech.fill(f"#weights-form [name=w{item.pk}]", "3.20")
    tech.click("#weights-form button[type=submit]")
    tech.click("#ready-button")
    tech.wait_for_selector(".alert-success")
    workshop.close()
    order.refresh_from_db()
    assert order.status == Status.READY

    # Pickup: scan the receipt barcode in the pickup box.
    page.goto(page.base_url + "/repairs/pickup/")
    page.fill("#id_q", order.number)
    page.keyboard.press("Enter")
    page.wait_for_selector("#pickup-form")
    page.fill(f"[name=w{item.pk}]", "3.20")
    page.select_option("#id_payment_method", "wechat")
    page.click("#confirm-pickup")
    page.wait_for_selector("#order-number")
    order.refresh_from_db()
    assert order.status == Status.COLLECTED
    pickup = Pickup.objects.get()
    assert pickup.receipt_presented and pickup.payments.get().amount == 80


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_two_items_and_a_double_click_make_one_order(page, counter, store):
    polish, clean = service("polish"), service("clean")
    browser_login(page, "counter")
    page.goto(page.base_url + "/repairs/new/")
    wait_for_js(page, "document.activeElement.id === 'id_phone'")  # the scanner / keyboard starts here
    page.keyboard.type("13812345678")
    page.fill("#id_customer_name", "李建国")
    for n, (category, material, weight, job) in enumerate([("ring", "au990", "4.05", polish), ("bracelet", "ag925", "9.55", clean)]):
        if n:
            page.click("#add-item")
        page.select_option(f"#id_items-{n}-category", category)
        page.select_option(f"#id_items-{n}-material", material)
        page.fill(f"#id_items-{n}-description", f"物品{n + 1}")
        page.fill(f"#id_items-{n}-intake_weight", weight)
        page.select_option(f"#id_items-{n}-job1", str(job.pk))
    page.check("#id_risks_acknowledged")
    page.dblclick("#save-intake")
    page.wait_for_selector("#order-number")
    order = RepairOrder.objects.get()
    assert sorted(order.items.values_list("description", flat=True)) == ["物品1", "物品2"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_intake_finds_the_customer_and_links_the_purchase(page, counter, store):
    from datetime import timedelta

    from django.utils import timezone

    from aftersales.policy.demo import load_default_rules
    from tests.customers.factories import CustomerFactory, PurchaseFactory

    load_default_rules()
    stones = service("replace-stone")
    wang = CustomerFactory(home_store=store, name="王芳", phone="+8613812345678")
    CustomerFactory(home_store=store, name="李娜", phone="+8613900005678")
    purchase = PurchaseFactory(customer=wang, store=store, item="18K金钻石戒指", category="ring", material="au750",
                               purchased_at=timezone.now() - timedelta(days=12))
    browser_login(page, "counter")
    page.goto(page.base_url + "/repairs/new/")
    wait_for_js(page, "document.activeElement.id === 'id_phone'")  # the page's script has put the focus there
    page.keyboard.type("5678")  # last four digits: two customers, the counter picks one
    page.wait_for_selector(f"#customer-{wang.pk}")
    assert page.locator("#customer-matches input[name=customer]").count() == 2
    page.check(f"#customer-{wang.pk}")
    page.wait_for_selector(f"#id_items-0-purchase option[value='{purchase.pk}']", state="attached")
    assert page.locator("#new-customer-name").is_hidden()
    page.select_option("#id_items-0-purchase", str(purchase.pk))
    assert page.input_value("#id_items-0-material") == "au750" and page.is_checked("#id_items-0-bought_here")
    page.check("#id_items-0-receipt_shown")
    page.select_option("#id_items-0-reason", "stone_lost")
    page.fill("#id_items-0-intake_weight", "3.50")
    page.select_option("#id_items-0-job1", str(stones.pk))
    page.fill("#id_items-0-qty1", "2")
    page.check("#id_risks_acknowledged")
    page.click("#save-intake")
    page.wait_for_selector("#order-number")
    order = RepairOrder.objects.get()
    job = order.items.get().jobs.get()
    assert order.customer == wang and order.items.get().purchase == purchase
    assert job.outcome == "free" and "购买一个月内凭小票免费补钻" in page.content()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_new_customer_from_the_dialog_is_picked_for_the_order(page, counter, store):
    polish = service("polish")
    browser_login(page, "counter")
    page.goto(page.base_url + "/repairs/new/")
    wait_for_js(page, "document.activeElement.id === 'id_phone'")  # typing before the focus would lose digits
    page.keyboard.type("13911112222")
    wait_for_js(page, "document.getElementById('customer-hint').textContent.length > 0")
    page.click("#new-customer")
    page.wait_for_selector("#quick-create-form [name=name]", state="visible")
    assert page.input_value("#quick-create-form [name=phone]") == "13911112222"
    page.fill("#quick-create-form [name=name]", "赵敏")
    page.click("#quick-create-form button[type=submit]")
    page.wait_for_selector("#customer-matches input[name=customer]:checked")
    page.select_option("#id_items-0-category", "ring")
    page.select_option("#id_items-0-material", "au990")
    page.fill("#id_items-0-description", "足金戒指")
    page.fill("#id_items-0-intake_weight", "4.00")
    page.select_option("#id_items-0-job1", str(polish.pk))
    page.check("#id_risks_acknowledged")
    page.click("#save-intake")
    page.wait_for_selector("#order-number")
    from customers.models import Customer

    assert Customer.objects.count() == 1
    assert RepairOrder.objects.get().customer.name == "赵敏"
