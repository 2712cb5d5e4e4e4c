"""The counter takes items in and the store's default rules (seed 002) decide each job's price.

Through the intake page, as the counter does it: the customer's purchase is chosen on the item,
the receipt box ticked, what the counter sees on the item (vertical clip, special stone) ticked.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from aftersales.policy.decision import Outcome
from aftersales.policy.demo import load_default_rules
from repairs.models import RepairJob, RepairOrder
from tests.customers.factories import CustomerFactory, PurchaseFactory
from tests.repairs.factories import service
from tests.repairs.test_intake import intake_post

pytestmark = pytest.mark.django_db
URL = "/repairs/new/"
PHONE = "+8613812345678"


@pytest.fixture(autouse=True)
def default_rules(db):
    load_default_rules()


@pytest.fixture
def customer(store):
    return CustomerFactory(home_store=store, name="王小红", phone=PHONE)


def bought(customer, days_ago: int, **kwargs):
    return PurchaseFactory(customer=customer, store=customer.home_store, purchased_at=timezone.now() - timedelta(days=days_ago),
                           category="ring", material="au750", item="18K 钻戒", **kwargs)


def take_in(client, customer, job="replace-stone", qty=1, **item):
    data = intake_post(**{"customer": str(customer.pk), "customer_name": "", "items-0-job1": str(service(job).pk), "items-0-qty1": str(qty),
                          "items-0-category": "ring", "items-0-material": "au750", "items-0-description": "18K 钻戒",
                          **{f"items-0-{k}": v for k, v in item.items()}})
    response = client.post(URL, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    order = RepairOrder.objects.get()
    return order, RepairJob.objects.get(item__order=order)


def test_lost_stone_20_days_after_purchase_with_receipt_is_free(counter_client, customer):
    purchase = bought(customer, 20)
    order, job = take_in(counter_client, customer, qty=2, bought_here="on", purchase=str(purchase.pk), receipt_shown="on",
                         reason="stone_lost", stone_count="12", missing_stones="on")
    assert job.outcome == Outcome.FREE and job.price == Decimal("0.00") and not job.refused
    assert job.decision["rule_code"] == "2a"
    assert job.decision["text_zh"].startswith("购买一个月内凭小票免费补钻")
    item = order.items.get()
    assert item.purchase == purchase and item.bought_here and item.receipt_shown
    page = counter_client.get(f"/repairs/{order.number}/").content.decode()
    assert job.decision["text_zh"] in page


def test_lost_stone_40_days_after_purchase_is_charged_per_stone(counter_client, customer):
    purchase = bought(customer, 40)
    order, job = take_in(counter_client, customer, qty=7, bought_here="on", purchase=str(purchase.pk), receipt_shown="on",
                         reason="stone_lost", stone_count="20")
    assert job.outcome == Outcome.CHARGED and job.decision["rule_code"] == "2b"
    assert Decimal(job.decision["unit_price"]) == Decimal("0.30")
    assert job.price == Decimal("2.10")  # 0.30 yuan × 7 stones
    assert order.estimate == Decimal("2.10")
    assert job.decision["text_zh"] in counter_client.get(f"/repairs/{order.number}/").content.decode()


def test_special_stone_is_not_free_within_the_month(counter_client, customer):
    purchase = bought(customer, 5)
    _order, job = take_in(counter_client, customer, qty=1, purchase=str(purchase.pk), receipt_shown="on", reason="stone_lost",
                          special_stone="on")
    assert job.outcome == Outcome.STANDARD and job.price == Decimal("0.30")
    assert job.decision["rule_code"] == ""
    assert job.item.facts == ["special_stone"]


def test_broken_vertical_clip_is_refused_with_the_base_clip_alternative(counter_client, customer):
    order, job = take_in(counter_client, customer, job="resolder", reason="broken", vertical_clip="on",
                         category="earring", description="足金耳钉 竖夹断")
    assert job.outcome == Outcome.REFUSED and job.refused and job.decision["rule_code"] == "7"
    assert job.decision["alternative_zh"] == "有底夹的竖夹可换底夹"
    assert order.estimate == Decimal("0.00")
    page = counter_client.get(f"/repairs/{order.number}/").content.decode()
    assert job.decision["text_zh"] in page
    assert page.count("有底夹的竖夹可换底夹") == 1  # the rule's sentence names it; not repeated


def test_special_price_purchase_has_no_warranty(counter_client, customer):
    purchase = bought(customer, 3, special_price=True)
    order, job = take_in(counter_client, customer, qty=2, purchase=str(purchase.pk), receipt_shown="on", reason="stone_lost")
    assert job.outcome == Outcome.NOT_ALLOWED and job.decision["rule_code"] == "5"
    assert "特价" in job.decision["text_zh"]
    # No warranty is not "not repairable": the work is done at the catalogue price if the customer agrees.
    assert not job.refused and job.price == Decimal("0.60")
    assert order.items.get().purchase.special_price


def test_item_not_bought_here_is_at_the_standard_catalogue_price(counter_client, customer):
    order, job = take_in(counter_client, customer, job="resolder", reason="broken")
    assert job.outcome == Outcome.STANDARD and job.price == Decimal("30.00")
    assert job.decision["text_zh"] == "售后须知无适用条款：按本店标准价格收费。"
    assert not order.items.get().bought_here and order.items.get().purchase is None


def test_watch_with_water_damage_has_no_warranty_within_three_months(counter_client, customer):
    purchase = PurchaseFactory(customer=customer, store=customer.home_store, category="watch", material="other", item="石英表",
                               purchased_at=timezone.now() - timedelta(days=30))
    _order, job = take_in(counter_client, customer, job="other", purchase=str(purchase.pk), receipt_shown="on",
                          reason="water_damage", category="watch", material="other", description="石英表 进水")
    assert job.outcome == Outcome.NOT_ALLOWED and job.decision["rule_code"] == "3d"


def test_single_use_ticked_at_the_counter(counter_client, customer):
    purchase = bought(customer, 3)
    _order, job = take_in(counter_client, customer, job="resolder", purchase=str(purchase.pk), receipt_shown="on", reason="broken",
                          single_use="on")
    assert job.outcome == Outcome.NOT_ALLOWED and job.decision["rule_code"] == "4"
    assert job.item.single_use


def test_another_customers_purchase_cannot_be_chosen(counter_client, customer, store):
    stranger = bought(CustomerFactory(home_store=store), 5)
    data = intake_post(customer=str(customer.pk), customer_name="", **{"items-0-purchase": str(stranger.pk)})
    response = counter_client.post(URL, data)
    assert response.status_code == 200 and response.context["items"].forms[0].errors["purchase"]
    assert not RepairOrder.objects.exists()
