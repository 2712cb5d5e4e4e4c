"""Demo cases in every state in both demo stores (adds nothing when run again)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from customers.models import Customer, Purchase

from . import defaults, services, workdays
from .models import Case, CaseCategory, Channel, ContactMethod, Kind, RootCause, Status, Urgency
from .services.ratings import rating_link_for

CUSTOMERS = [("赵敏", "+8613600001234"), ("孙丽", "+8613500005678"), ("周强", "+8613400009012")]

# target, kind, channel, category, urgency, what happened, what the customer wants
PLAN = [
    (Status.RECEIVED, Kind.COMPLAINT, Channel.HOTLINE, "after_sales_response", Urgency.NORMAL, "维修件超期三天未通知取件", "尽快取回并说明原因"),
    ("overdue", Kind.COMPLAINT, Channel.REVIEW_SITE, "staff_attitude", Urgency.URGENT, "点评网站差评：店员态度冷淡", "道歉"),
    (Status.ACKNOWLEDGED, Kind.ENQUIRY, Channel.ONLINE, "other", Urgency.NORMAL, "微信咨询足金手镯能否改圈口", "报价"),
    (Status.IN_PROGRESS, Kind.COMPLAINT, Channel.IN_STORE, "product_quality", Urgency.NORMAL, "购买两个月的手链搭扣断裂", "免费维修"),
    (Status.AWAITING_APPROVAL, Kind.COMPLAINT, Channel.EMAIL, "fees_prices", Urgency.NORMAL, "清洗收费与宣传不符", "退还费用并补偿"),
    (Status.RESOLVED, Kind.EXCHANGE, Channel.IN_STORE, "product_quality", Urgency.NORMAL, "昨天买的耳钉有划痕", "换一对"),
    (Status.REOPENED, Kind.COMPLAINT, Channel.HOTLINE, "after_sales_response", Urgency.NORMAL, "补钻后又掉了", "重新处理"),
    (Status.CLOSED, Kind.COMPLAINT, Channel.REGULATOR, "product_quality", Urgency.CRITICAL, "12315 转来：戒指镶口松动掉石", "赔偿"),
    (Status.CANCELLED, Kind.SUGGESTION, Channel.ONLINE, "other", Urgency.NORMAL, "重复登记", ""),
]


def _customer(store, n):
    name, phone = CUSTOMERS[n % len(CUSTOMERS)]
    return Customer.objects.filter(phone=phone).first() or Customer.objects.create(
        name=name, phone=phone, phone_last4=phone[-4:], home_store=store)


def _bring(case: Case, target: str, *, counter, manager, now) -> None:
    def ack():
        services.contact_add(case_id=case.pk, actor=counter, now=now, method=ContactMethod.CALL, acknowledgement=True,
                             told="已受理，向顾客说明处理流程，三天内答复。", expected_by=timezone.localdate(now) + timedelta(days=3))

    if target in (Status.RECEIVED, "overdue"):
        return
    ack()
    if target == Status.ACKNOWLEDGED:
        return
    for step, note in (("listen", "耐心倾听，未打断顾客"), ("talk", "说明我们会负责到底"), ("analyse", "检查搭扣，属焊点不牢")):
        services.step_record(case_id=case.pk, actor=counter, now=now, step=step, note=note)
    if target == Status.IN_PROGRESS:
        return
    if target == Status.AWAITING_APPROVAL:
        services.resolution_record(case_id=case.pk, actor=counter, now=now, kind="compensation", amount=Decimal("300.00"))
        return
    if target == Status.CANCELLED:
        services.case_cancel(case_id=case.pk, actor=manager, now=now, reason="与另一案件重复")
        return
    if target == Status.RESOLVED:
        services.resolution_record(case_id=case.pk, actor=counter, now=now, kind="exchange", receipt_shown=True, intact=True)
        return
    services.resolution_record(case_id=case.pk, actor=manager, now=now, kind="compensation", amount=Decimal("150.00"), refund_method="wechat")
    if target == Status.REOPENED:
        services.rating_submit(token=rating_link_for(case).token, score=2, comment="还是不满意", now=now)
        return
    services.case_close(case_id=case.pk, actor=manager, now=now, justified=True, root_cause=RootCause.objects.get(code="workmanship"),
                        action_what="镶嵌师傅复训，出货前逐件检查镶口", action_owner=manager, action_due=timezone.localdate(now) + timedelta(days=14),
                        closing_note="已赔偿并向监管部门回复")


def seed(ctx) -> None:
    defaults.seed()  # the migration added them; a flushed test database has not
    users = ctx["users"]
    now = timezone.now()
    for code, counter, manager in (("HX", users["counter"], users["manager"]), ("DT", users["counter2"], users["chain"])):
        store = ctx["stores"][code]
        if Case.objects.filter(store=store).exists():
            continue
        for n, (target, kind, channel, category, urgency, description, wants) in enumerate(PLAN):
            customer = _customer(store, n)
            purchase = None
            if kind == Kind.EXCHANGE:
                purchase = Purchase.objects.create(customer=customer, store=store, receipt_number=f"{code}-DEMO-{n}", item="18K 金耳钉",
                                                   purchased_at=now - timedelta(hours=20), price=Decimal("880.00"))
            received = now - timedelta(hours=30) if target == "overdue" else now - timedelta(hours=2)
            reply_due = None
            if channel == Channel.REGULATOR:
                try:
                    reply_due = workdays.add_working_days(timezone.localdate(received), 7)
                except workdays.CalendarUnknown:  # late December before next year's schedule is known
                    reply_due = timezone.localdate(received) + timedelta(days=10)
            case = services.case_create(
                actor=counter, store=store, now=now, received_at=received, kind=kind, channel=channel,
                category=CaseCategory.objects.get(code=category), urgency=urgency, description=description, customer_wants=wants,
                customer=customer, purchase=purchase, regulator_reply_due=reply_due,
                regulator_number=f"12315-{timezone.localdate(now):%Y%m%d}-{code}" if channel == Channel.REGULATOR else "",
            )
            _bring(case, target, counter=counter, manager=manager, now=now)
