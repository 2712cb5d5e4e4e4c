"""Every move of the transition table: allowed, forbidden, the event row, no-ops."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from aftersales.concurrency import StaleEdit
from aftersales.models import Event
from repairs import services
from repairs.models import ApprovalMethod, Quote, QuoteStatus, RepairOrder, Status
from repairs.services.workflow import ALLOWED, lock, move
from tradein.services import metal_price_set

from .factories import make_order, service, signature_data_url

ALL = list(Status.values)
PAIRS = [(a, b) for a in ALL for b in ALL]


def events(order, kind=None):
    qs = Event.objects.filter(subject_type="repairs.repairorder", subject_id=order.pk)
    return qs.filter(kind=kind) if kind else qs


@pytest.mark.django_db
@pytest.mark.parametrize("source,target", PAIRS)
def test_transition_table(store, counter, source, target):
    """Each pair is either allowed (status saved, one event row) or refused by name (nothing changed)."""
    order = RepairOrder.objects.get(pk=make_order(store).pk)
    RepairOrder.objects.filter(pk=order.pk).update(status=source)
    before = events(order).count()
    order = lock(order.pk)
    if target in ALLOWED[source]:
        move(order, to=target, actor=counter)
        order.refresh_from_db()
        assert order.status == target
        assert events(order, f"repair.{target}").get().old == {"status": source}
    else:
        with pytest.raises(services.IllegalTransition):
            move(order, to=target, actor=counter)
        order.refresh_from_db()
        assert order.status == source
        assert events(order).count() == before


def test_terminal_states_have_no_exit():
    for status in (Status.COLLECTED, Status.CANCELLED, Status.DECLINED, Status.DISPOSED):
        assert ALLOWED[status] == set()
    assert set(ALLOWED) == set(Status.values)


@pytest.mark.django_db
def test_free_work_needs_no_approval(store, technician):
    order = make_order(store, jobs=[{"service_type": service("clean"), "quantity": 1}])
    assert not services.is_chargeable(order)
    order, changed = services.repair_start(order_id=order.pk, actor=technician)
    assert changed and order.status == Status.IN_REPAIR


@pytest.mark.django_db
def test_chargeable_work_does_not_start_before_approval(store, technician):
    order = make_order(store)
    with pytest.raises(services.ApprovalRequired):
        services.repair_start(order_id=order.pk, actor=technician)
    order.refresh_from_db()
    assert order.status == Status.RECEIVED


@pytest.mark.django_db
def test_quote_then_phone_approval_then_approve_twice(store, counter):
    order = make_order(store)
    quote = services.repair_quote(order_id=order.pk, actor=counter, labour=Decimal("80"), parts=Decimal("20"), discount=Decimal("10"))
    assert quote.total == Decimal("90.00") and quote.status == QuoteStatus.PENDING
    order.refresh_from_db()
    assert order.status == Status.AWAITING_APPROVAL
    order, changed = services.repair_approve(order_id=order.pk, actor=counter, method=ApprovalMethod.PHONE, call_taken_by="小李", spoke_with="王女士")
    assert changed and order.status == Status.APPROVED
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.APPROVED and quote.phone_call_taken_by == "小李"
    n = events(order).count()
    order, changed = services.repair_approve(order_id=order.pk, actor=counter, method=ApprovalMethod.PHONE, call_taken_by="小李")
    assert not changed and events(order).count() == n
    assert services.amount_due(order) == Decimal("90.00")


@pytest.mark.django_db
def test_in_person_approval_needs_a_real_signature(store, counter):
    order = make_order(store)
    with pytest.raises(ValidationError):
        services.repair_approve(order_id=order.pk, actor=counter, method=ApprovalMethod.IN_PERSON, signature_data_url="data:image/png;base64,AAAA")
    order.refresh_from_db()
    assert order.status == Status.RECEIVED
    order, _ = services.repair_approve(order_id=order.pk, actor=counter, method=ApprovalMethod.IN_PERSON, signature_data_url=signature_data_url())
    quote = order.quotes.get()
    assert quote.signature and quote.total == order.estimate and quote.approval_method == ApprovalMethod.IN_PERSON


@pytest.mark.django_db
def test_phone_approval_needs_who_took_the_call(store, counter):
    order = make_order(store)
    with pytest.raises(ValidationError):
        services.repair_approve(order_id=order.pk, actor=counter, method=ApprovalMethod.PHONE, call_taken_by=" ")


@pytest.mark.django_db
def test_revisions_are_kept_and_superseded(store, counter):
    order = make_order(store)
    services.repair_quote(order_id=order.pk, actor=counter, labour=Decimal("100"))
    services.repair_quote(order_id=order.pk, actor=counter, labour=Decimal("120"))
    revisions = list(Quote.objects.filter(order=order).order_by("revision").values_list("revision", "status", "total"))
    assert revisions == [(1, QuoteStatus.SUPERSEDED, Decimal("100.00")), (2, QuoteStatus.PENDING, Decimal("120.00"))]


@pytest.mark.django_db
def test_do_not_exceed_lets_small_overruns_through(store, counter):
    order = make_order(store, status=Status.IN_REPAIR, do_not_exceed=Decimal("100"))
    quote = services.repair_quote(order_id=order.pk, actor=counter, labour=Decimal("95"))
    order.refresh_from_db()
    assert quote.status == QuoteStatus.APPROVED and quote.approval_method == ApprovalMethod.WITHIN_LIMIT
    assert order.status == Status.IN_REPAIR
    big = services.repair_quote(order_id=order.pk, actor=counter, labour=Decimal("150"))
    order.refresh_from_db()
    assert big.status == QuoteStatus.PENDING and order.status == Status.AWAITING_APPROVAL


@pytest.mark.django_db
def test_added_metal_priced_at_todays_metal_price(store, counter, manager):
    order = make_order(store, jobs=[{"service_type": service("resize"), "quantity": 1}])
    with pytest.raises(services.PriceMissing):
        services.repair_quote(order_id=order.pk, actor=counter, labour=Decimal("30"), metal_material="au750", metal_weight=Decimal("0.5"))
    metal_price_set(actor=manager, store=store, material="au750", price_per_gram=Decimal("455.50"))
    quote = services.repair_quote(order_id=order.pk, actor=counter, labour=Decimal("30"), metal_material="au750", metal_weight=Decimal("0.5"))
    assert quote.metal_price_per_gram == Decimal("455.50")
    assert quote.metal_amount == Decimal("227.75") and quote.total == Decimal("257.75")


@pytest.mark.django_db
@pytest.mark.parametrize("kwargs", [{"labour": Decimal("-1")}, {"parts": Decimal("-0.01")}, {"labour": Decimal("10"), "discount": Decimal("20")},
                                    {"metal_weight": Decimal("-1"), "metal_material": "au750"}])
def test_negative_prices_are_refused(store, counter, kwargs):
    order = make_order(store)
    with pytest.raises(ValidationError):
        services.repair_quote(order_id=order.pk, actor=counter, **kwargs)
    assert not Quote.objects.filter(order=order).exists()


@pytest.mark.django_db
def test_decline_is_a_normal_end(store, counter):
    order = make_order(store, status=Status.AWAITING_APPROVAL)
    services.repair_decline(order_id=order.pk, actor=counter, note="太贵")
    order.refresh_from_db()
    assert order.status == Status.DECLINED
    assert order.quotes.get().status == QuoteStatus.DECLINED
    assert services.balance_due(order) == Decimal("0.00")


@pytest.mark.django_db
def test_stale_version_is_refused(store, counter):
    order = make_order(store)
    with pytest.raises(StaleEdit):
        services.repair_cancel(order_id=order.pk, actor=counter, reason="x", expected_version=order.version - 1)
    order.refresh_from_db()
    assert order.status == Status.RECEIVED


@pytest.mark.django_db
def test_cancel_needs_a_reason_and_is_recorded(store, counter, technician):
    order = make_order(store)
    with pytest.raises(ValidationError):
        services.repair_cancel(order_id=order.pk, actor=counter, reason="")
    services.repair_cancel(order_id=order.pk, actor=counter, reason="客户改主意")
    assert events(order, "repair.cancelled").get().note == "客户改主意"
    with pytest.raises(services.IllegalTransition):
        services.repair_start(order_id=order.pk, actor=technician)
