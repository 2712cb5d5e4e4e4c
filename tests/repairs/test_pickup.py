from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aftersales.concurrency import StaleEdit
from repairs import services
from repairs.models import Location, Payment, PaymentKind, Pickup, RepairOrder, Status

from .factories import item, make_order


def pickup_all(order, actor, **kwargs):
    items = list(order.items.filter(pickup__isnull=True))
    params = {"receipt_presented": True, "payment_amount": services.balance_due(order), "payment_method": "wechat"}
    params.update(kwargs)
    return services.repair_pickup(order_id=order.pk, actor=actor, item_ids=[i.pk for i in items],
                                  weights={i.pk: i.intake_weight for i in items}, **params)


@pytest.mark.django_db
def test_pickup_with_receipt_and_balance(store, counter):
    order = make_order(store, status=Status.READY, deposit=Decimal("10"), deposit_method="cash")
    assert services.balance_due(order) == Decimal("20.00")  # polish 30 − deposit 10
    pickup = pickup_all(order, counter)
    order.refresh_from_db()
    assert order.status == Status.COLLECTED and order.collected_at
    assert Payment.objects.get(order=order, kind=PaymentKind.BALANCE).amount == Decimal("20.00")
    item_ = order.items.get()
    assert item_.pickup == pickup and item_.pickup_weight == item_.intake_weight and item_.custody_location == Location.CUSTOMER


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.RECEIVED, Status.AWAITING_APPROVAL, Status.APPROVED, Status.IN_REPAIR, Status.QUALITY_CHECK,
                                    Status.CANCELLED, Status.UNCLAIMED])
def test_pickup_of_order_not_ready_is_refused(store, counter, status):
    order = make_order(store, status=status)
    with pytest.raises(services.IllegalTransition):
        pickup_all(order, counter, payment_amount=0)
    assert not Pickup.objects.exists()


@pytest.mark.django_db
def test_second_pickup_gets_already_collected(store, counter):
    order = make_order(store, status=Status.READY)
    pickup_all(order, counter)
    with pytest.raises(services.AlreadyCollected):
        pickup_all(order, counter, payment_amount=0)
    assert Pickup.objects.count() == 1


@pytest.mark.django_db
def test_two_counters_same_order_one_wins(store, counter):
    """Both loaded the page at the same version; the second submit is refused with a clear error."""
    order = make_order(store, status=Status.READY)
    version = order.version
    pickup_all(order, counter, expected_version=version)
    with pytest.raises((StaleEdit, services.AlreadyCollected)):
        pickup_all(order, counter, expected_version=version)
    assert Pickup.objects.count() == 1 and Payment.objects.filter(kind=PaymentKind.BALANCE).count() == 1


@pytest.mark.django_db
def test_lost_receipt_needs_id(store, counter):
    order = make_order(store, status=Status.READY)
    with pytest.raises(services.PickupCheckFailed):
        pickup_all(order, counter, receipt_presented=False)
    pickup = pickup_all(order, counter, receipt_presented=False, id_type="resident_id", id_last_digits="1234")
    assert not pickup.receipt_presented and pickup.id_last_digits == "1234"


@pytest.mark.django_db
def test_phone_last_four_must_match(store, counter):
    order = make_order(store, status=Status.READY)
    with pytest.raises(services.PickupCheckFailed):
        pickup_all(order, counter, phone_last4="0000")
    pickup = pickup_all(order, counter, phone_last4="5678")
    assert pickup.phone_last4_checked


@pytest.mark.django_db
def test_collection_by_someone_else_records_name_and_id(store, counter):
    order = make_order(store, status=Status.READY)
    with pytest.raises(services.PickupCheckFailed):
        pickup_all(order, counter, by_owner=False, collector_name="张三")
    pickup = pickup_all(order, counter, by_owner=False, collector_name="张三", id_type="passport", id_last_digits="889")
    assert pickup.collector_name == "张三" and pickup.id_type == "passport"


@pytest.mark.django_db
def test_partial_pickup(store, counter):
    order = make_order(store, status=Status.READY, items=[item(), item(description="项链", category="necklace")])
    first, second = list(order.items.order_by("position"))
    services.repair_pickup(order_id=order.pk, actor=counter, item_ids=[first.pk], weights={first.pk: first.intake_weight}, receipt_presented=True)
    order.refresh_from_db()
    assert order.status == Status.READY
    with pytest.raises(ValidationError):  # the last item goes only against the balance
        services.repair_pickup(order_id=order.pk, actor=counter, item_ids=[second.pk], weights={second.pk: second.intake_weight}, receipt_presented=True)
    services.repair_pickup(order_id=order.pk, actor=counter, item_ids=[second.pk], weights={second.pk: second.intake_weight},
                           receipt_presented=True, payment_amount=Decimal("60"), payment_method="alipay")
    order.refresh_from_db()
    assert order.status == Status.COLLECTED and order.pickups.count() == 2


@pytest.mark.django_db
def test_overpayment_and_bad_weights_refused(store, counter):
    order = make_order(store, status=Status.READY)
    with pytest.raises(ValidationError):
        pickup_all(order, counter, payment_amount=Decimal("999"))
    it = order.items.get()
    for bad in (None, Decimal("0"), Decimal("-3"), Decimal("2500")):
        with pytest.raises(ValidationError):
            services.repair_pickup(order_id=order.pk, actor=counter, item_ids=[it.pk], weights={it.pk: bad}, receipt_presented=True,
                                   payment_amount=Decimal("30"), payment_method="cash")
    order.refresh_from_db()
    assert order.status == Status.READY and not Pickup.objects.exists()


@pytest.mark.django_db
def test_declined_order_handed_back_unrepaired(store, counter):
    order = make_order(store, status=Status.DECLINED)
    pickup_all(order, counter, payment_amount=0)
    order.refresh_from_db()
    assert order.status == Status.DECLINED and order.collected_at


@pytest.mark.django_db
def test_scan_redirects_to_pickup_and_phone_finds(counter_client, store):
    order = make_order(store, status=Status.READY)
    response = counter_client.get(reverse("repairs:find"), {"q": order.number})
    assert response.status_code == 302 and response["Location"].startswith(reverse("repairs:pickup", kwargs={"number": order.number}))
    response = counter_client.get(reverse("repairs:find"), {"q": "5678"})
    assert order.number in response.content.decode()


@pytest.mark.django_db
def test_pickup_page_flow_and_stale_second_submit(counter_client, store):
    order = make_order(store, status=Status.READY)
    it = order.items.get()
    url = reverse("repairs:pickup", kwargs={"number": order.number})
    assert counter_client.get(url).status_code == 200
    data = {"version": order.version, "receipt_presented": "on", "by_owner": "on", f"take{it.pk}": "on", f"w{it.pk}": "3.20",
            "payment_amount": "30.00", "payment_method": "cash"}
    assert counter_client.post(url, data).status_code == 302
    order.refresh_from_db()
    assert order.status == Status.COLLECTED
    again = counter_client.post(url, data, follow=True)
    assert "已" in again.content.decode() or "already" in again.content.decode()
    assert Pickup.objects.count() == 1


@pytest.mark.django_db
def test_pickup_page_without_weight_keeps_input(counter_client, store):
    order = make_order(store, status=Status.READY)
    it = order.items.get()
    url = reverse("repairs:pickup", kwargs={"number": order.number})
    response = counter_client.post(url, {"version": order.version, "receipt_presented": "on", f"take{it.pk}": "on", "collector_name": "李四"})
    assert response.status_code == 200 and "李四" in response.content.decode()
    assert RepairOrder.objects.get(pk=order.pk).status == Status.READY


@pytest.mark.django_db
def test_deposit_refunded_when_declined(store, counter):
    order = make_order(store, status=Status.DECLINED, deposit=Decimal("50"), deposit_method="cash")
    assert services.balance_due(order) == Decimal("-50.00")
    with pytest.raises(ValidationError):  # how is the money given back?
        pickup_all(order, counter, payment_amount=0, payment_method="")
    pickup_all(order, counter, payment_amount=0, payment_method="cash")
    refund = Payment.objects.get(order=order, kind=PaymentKind.REFUND)
    assert refund.amount == Decimal("50.00") and services.balance_due(order) == Decimal("0.00")


@pytest.mark.django_db
def test_deposit_above_the_total_is_refunded_at_the_last_pickup(store, counter):
    order = make_order(store, status=Status.READY, deposit=Decimal("100"), deposit_method="wechat")
    assert services.balance_due(order) == Decimal("-70.00")  # polish 30
    pickup_all(order, counter, payment_amount=0, payment_method="wechat")
    order.refresh_from_db()
    assert order.status == Status.COLLECTED
    assert Payment.objects.get(order=order, kind=PaymentKind.REFUND).amount == Decimal("70.00")


@pytest.mark.django_db
def test_pickup_page_shows_the_refund(counter_client, store):
    order = make_order(store, status=Status.READY, deposit=Decimal("100.50"), deposit_method="cash")
    page = counter_client.get(reverse("repairs:pickup", kwargs={"number": order.number})).content.decode()
    assert "70.50" in page
