"""Resolutions: exchange and return decided by the policy engine, overrides, approvals, refunds."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from aftersales import roles
from aftersales.models import Role
from aftersales.notifications.models import Message
from aftersales.policy.decision import Outcome
from aftersales.policy.demo import load_default_rules
from aftersales.policy.models import Window
from customers.models import FollowUp, FollowUpReason
from tests.conftest import make_user
from tests.customers.factories import CustomerFactory, PurchaseFactory
from tests.policy.helpers import make_rule
from tests.tickets.factories import acknowledge, at, local, make_case, staff
from tickets import services
from tickets.models import Approval, Kind, Resolution, ResolutionStatus, Status

BOUGHT = local(2026, 3, 1, 10, 0)
BOUNDARY = [((47, 59), True), ((48, 0), True), ((48, 1), False)]


@pytest.fixture
def rules(db):
    return load_default_rules()


def _case_asked_after(store, hours_minutes, *, kind=Kind.EXCHANGE, special_price=False):
    customer = CustomerFactory(home_store=store)
    purchase = PurchaseFactory(customer=customer, purchased_at=BOUGHT, special_price=special_price)
    hours, minutes = hours_minutes
    asked = BOUGHT + timedelta(hours=hours, minutes=minutes)
    with at(asked):
        case = make_case(store, customer=customer, purchase=purchase, kind=kind)
        acknowledge(case, at_=asked)
    return case


def _resolve(case, actor, **kwargs):
    now = timezone.now()
    return services.resolution_record(case_id=case.pk, actor=actor, now=max(now, case.received_at), **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(("asked", "allowed"), BOUNDARY, ids=["47:59", "48:00", "48:01"])
def test_exchange_is_decided_by_rule_1_at_the_48_hour_boundary(rules, store, asked, allowed):
    counter = staff(store)
    case = _case_asked_after(store, asked)
    if allowed:
        resolution = _resolve(case, counter, kind="exchange", receipt_shown=True, intact=True)
        assert resolution.policy_outcome == Outcome.EXCHANGE and resolution.policy_decision["rule_code"] == "1"
        assert resolution.policy_sentence and not resolution.override
        case.refresh_from_db()
        assert case.status == Status.RESOLVED
    else:
        with pytest.raises(services.CaseError) as exc:
            _resolve(case, counter, kind="exchange", receipt_shown=True, intact=True)
        assert "kind" in exc.value.error_dict
        assert not Resolution.objects.exists()
        case.refresh_from_db()
        assert case.status == Status.ACKNOWLEDGED


@pytest.mark.django_db
@pytest.mark.parametrize(("asked", "allowed"), BOUNDARY, ids=["47:59", "48:00", "48:01"])
def test_return_is_decided_by_the_policy_at_the_48_hour_boundary(rules, store, asked, allowed):
    # The default set has no return rule (seed 002 allows none); a chain rule of 48 hours is added.
    make_rule(code="R48", job_types=["return"], window=Window.HOURS, window_length=48, receipt_required=True,
              facts_required=["intact"], outcome=Outcome.RETURN, priority=80)
    counter = staff(store)
    case = _case_asked_after(store, asked, kind=Kind.RETURN)
    kwargs = {"kind": "return", "receipt_shown": True, "intact": True, "refund_amount": "1280.00", "refund_method": "wechat"}
    if allowed:
        resolution = _resolve(case, counter, **kwargs)
        assert resolution.policy_outcome == Outcome.RETURN and resolution.refund_amount == Decimal("1280.00")
        assert resolution.refund_method == "wechat"
    else:
        with pytest.raises(services.CaseError):
            _resolve(case, counter, **kwargs)
        assert not Resolution.objects.exists()


@pytest.mark.django_db
def test_special_price_items_are_refused_with_rule_5s_sentence_and_a_manager_may_override(rules, store):
    counter, manager = staff(store), staff(store, Role.MANAGER)
    case = _case_asked_after(store, (2, 0), special_price=True)
    with pytest.raises(services.CaseError) as exc:
        _resolve(case, counter, kind="exchange", receipt_shown=True, intact=True)
    assert "特价" in str(exc.value) or "special" in str(exc.value).lower()
    with pytest.raises(roles.NotAllowed):
        _resolve(case, counter, kind="exchange", receipt_shown=True, intact=True, override=True, override_reason="老顾客")
    with pytest.raises(services.CaseError):
        _resolve(case, manager, kind="exchange", receipt_shown=True, intact=True, override=True, override_reason="")
    resolution = _resolve(case, manager, kind="exchange", receipt_shown=True, intact=True, override=True, override_reason="老顾客，商誉")
    assert resolution.override and resolution.override_reason == "老顾客，商誉"
    assert resolution.policy_outcome == Outcome.NOT_ALLOWED and resolution.policy_decision["rule_code"] == "5"


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["-5", "0", "1000000", "abc"])
def test_negative_zero_or_absurd_compensation_is_refused_and_nothing_saved(store, amount):
    case = _case_asked_after(store, (1, 0), kind=Kind.COMPLAINT)
    with pytest.raises(services.CaseError):
        _resolve(case, staff(store), kind="compensation", amount=amount)
    assert not Resolution.objects.exists()
    case.refresh_from_db()
    assert case.status == Status.ACKNOWLEDGED


@pytest.mark.django_db
def test_amounts_above_the_store_and_chain_limits_wait_for_the_right_approver(store):
    counter, manager = staff(store), staff(store, Role.MANAGER)
    chain = make_user("chain-r", Role.CHAIN_MANAGER, store)
    small = _case_asked_after(store, (1, 0), kind=Kind.COMPLAINT)
    assert _resolve(small, counter, kind="voucher", amount="200.00").status == ResolutionStatus.APPROVED  # at the store limit

    medium = _case_asked_after(store, (1, 0), kind=Kind.COMPLAINT)
    pending = _resolve(medium, counter, kind="compensation", amount="200.01")
    assert (pending.status, pending.approval_needed) == (ResolutionStatus.AWAITING_APPROVAL, Approval.MANAGER)
    medium.refresh_from_db()
    assert medium.status == Status.AWAITING_APPROVAL
    with pytest.raises(roles.NotAllowed):
        services.resolution_decide(resolution_id=pending.pk, actor=counter, now=timezone.now(), approve=True)
    services.resolution_decide(resolution_id=pending.pk, actor=manager, now=timezone.now(), approve=True)
    medium.refresh_from_db()
    assert medium.status == Status.RESOLVED

    large = _case_asked_after(store, (1, 0), kind=Kind.COMPLAINT)
    pending = _resolve(large, manager, kind="compensation", amount="1500")
    assert pending.approval_needed == Approval.CHAIN and pending.status == ResolutionStatus.AWAITING_APPROVAL
    with pytest.raises(roles.NotAllowed):
        services.resolution_decide(resolution_id=pending.pk, actor=manager, now=timezone.now(), approve=True)
    services.resolution_decide(resolution_id=pending.pk, actor=chain, now=timezone.now(), approve=False, note="太高")
    large.refresh_from_db()
    assert large.status == Status.IN_PROGRESS
    # A manager recording it at once above the store limit approves it himself.
    direct = _case_asked_after(store, (1, 0), kind=Kind.COMPLAINT)
    assert _resolve(direct, manager, kind="compensation", amount="500").approved_by == manager


@pytest.mark.django_db
def test_resolution_sends_the_sms_creates_the_follow_up_call_and_a_rating_link(store, settings):
    settings.QUIET_HOURS = ""
    case = _case_asked_after(store, (1, 0), kind=Kind.COMPLAINT)
    ack = Message.objects.get(kind="case_acknowledged")
    expected = case.contacts.get(is_acknowledgement=True).expected_by
    assert case.number in ack.body and f"{expected.year}年{expected.month}月{expected.day}日" in ack.body
    _resolve(case, staff(store), kind="explanation", explanation="手链为正常磨损，已说明保养方法", expected_date=timezone.localdate())
    sms = Message.objects.get(kind="case_resolved")
    assert case.number in sms.body and "/cases/rate/" in sms.body
    assert sms.subject_id == case.pk
    followup = FollowUp.objects.get(reason=FollowUpReason.AFTER_CASE)
    assert followup.source_key == f"tickets.case:{case.pk}" and followup.customer == case.customer


@pytest.mark.django_db
def test_no_sms_to_a_customer_who_refused_service_contact(store):
    customer = CustomerFactory(home_store=store, service_contact=False)
    with at(local(2026, 3, 2, 10)):
        case = make_case(store, customer=customer)
        acknowledge(case, at_=local(2026, 3, 2, 11))
    assert not Message.objects.filter(kind="case_acknowledged").exists()


@pytest.mark.django_db
def test_a_repair_resolution_needs_the_repair_order_opened_from_the_case(store):
    from aftersales import links
    from repairs import services as repair_services
    from tests.repairs.factories import item

    counter = staff(store)
    case = _case_asked_after(store, (1, 0), kind=Kind.COMPLAINT)
    with pytest.raises(services.CaseError):
        _resolve(case, counter, kind="repair")
    origin = f"tickets.case:{case.pk}"
    assert links.describe_origin(origin, user=counter).label.endswith(case.number)
    order = repair_services.repair_create(actor=counter, store=store, customer=case.customer, items=[item()], risks_acknowledged=True,
                                          origin=origin)
    link = case.links.get()
    assert (link.doc_id, link.number, link.opened_from_case) == (order.pk, order.number, True)
    with pytest.raises(roles.NotAllowed):
        _resolve(case, counter, kind="repair", goodwill=True)
    assert _resolve(case, counter, kind="repair").kind == "repair"
