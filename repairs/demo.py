"""Demo repair orders in every state in both demo stores (adds nothing when run again)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from aftersales import clock
from customers.models import Customer

from . import catalogue, services
from .models import ApprovalMethod, RepairOrder, ServiceType, Status

CUSTOMERS = [("王小红", "+8613812345678"), ("李建国", "+8613900001111"), ("陈静", "+8613700002222")]

# status, description, category, material, weight, service codes
PLAN = [
    (Status.RECEIVED, "足金手镯 变形", "bangle", "au990", "32.45", ["reshape"]),
    (Status.AWAITING_APPROVAL, "18K 钻戒 掉钻", "ring", "au750", "3.87", ["replace-stone"]),
    (Status.APPROVED, "铂金项链 断链", "necklace", "pt950", "6.12", ["resolder"]),
    (Status.IN_REPAIR, "珍珠项链 线松", "necklace", "pearl", "28.30", ["restring"]),
    (Status.QUALITY_CHECK, "S925 手链 发黑", "bracelet", "ag925", "9.55", ["clean", "polish"]),
    (Status.READY, "18K 白金耳钉 褪色", "earring", "au750", "1.92", ["replate"]),
    (Status.COLLECTED, "手表 换电池", "watch", "other", "45.10", ["watch-battery"]),
    (Status.DECLINED, "翡翠吊坠 加配件", "pendant", "jade", "12.66", ["add-fitting"]),
    (Status.CANCELLED, "足金戒指 改圈", "ring", "au990", "4.05", ["polish"]),
    (Status.UNCLAIMED, "18K 手链 抛光", "bracelet", "au750", "7.48", ["polish"]),
]


def _customer(store, name, phone, actor):
    return Customer.objects.filter(phone=phone).first() or Customer.objects.create(
        name=name, phone=phone, phone_last4=phone[-4:], home_store=store, created_by=actor)


def _deadline_passed(order) -> None:
    """An unclaimed order is one whose pickup deadline has passed on the day the demo is loaded:
    its story is moved back in time so the final notice names a date already gone."""
    today = clock.today()
    ready = clock.now() - timedelta(days=40)
    RepairOrder.objects.filter(pk=order.pk).update(
        received_at=ready - timedelta(days=5), ready_at=ready, status_changed_at=ready,
        promised_date=timezone.localdate(ready) - timedelta(days=1), pickup_deadline=today - timedelta(days=3),
    )


def _bring(order, target, actor, workshop):
    steps = {
        Status.RECEIVED: [], Status.AWAITING_APPROVAL: ["quote"], Status.APPROVED: ["approve"],
        Status.IN_REPAIR: ["approve", "start"], Status.QUALITY_CHECK: ["approve", "start", "finish"],
        Status.READY: ["approve", "start", "finish", "weigh", "ready"], Status.COLLECTED: ["approve", "start", "finish", "weigh", "ready", "pickup"],
        Status.DECLINED: ["quote", "decline"], Status.CANCELLED: ["cancel"], Status.UNCLAIMED: ["approve", "start", "finish", "weigh", "ready", "unclaimed"],
    }[target]
    for step in steps:
        order.refresh_from_db()
        if step == "quote":
            services.repair_quote(order_id=order.pk, actor=actor, labour=Decimal("120"), note="检查后报价")
        elif step == "approve" and services.is_chargeable(order):
            services.repair_approve(order_id=order.pk, actor=actor, method=ApprovalMethod.PHONE, call_taken_by=str(actor), spoke_with="顾客本人")
        elif step == "start":
            services.repair_start(order_id=order.pk, actor=workshop)
        elif step == "finish":
            services.repair_finish_work(order_id=order.pk, actor=workshop)
        elif step == "weigh":
            services.repair_record_weights(order_id=order.pk, actor=workshop, weights={i.pk: i.intake_weight - Decimal("0.02") for i in order.items.all()})
        elif step == "ready":
            services.repair_mark_ready(order_id=order.pk, actor=workshop)
        elif step == "pickup":
            items = list(order.items.all())
            services.repair_pickup(order_id=order.pk, actor=actor, item_ids=[i.pk for i in items], weights={i.pk: i.return_weight for i in items},
                                   receipt_presented=True, payment_amount=services.balance_due(order), payment_method="wechat")
        elif step == "decline":
            services.repair_decline(order_id=order.pk, actor=actor, note="顾客觉得价格太高")
        elif step == "cancel":
            services.repair_cancel(order_id=order.pk, actor=actor, reason="顾客改变主意")
        elif step == "unclaimed":
            _deadline_passed(order)
            services.repair_mark_unclaimed(order_id=order.pk, actor=None, note="超过取件期限")


def seed(ctx) -> None:
    catalogue.seed(ServiceType)  # the migration added it; a flushed test database has not
    users = ctx["users"]
    # The counter takes in and hands over; the workshop's steps are a technician's (DT has none: the chain manager).
    for code, actor, workshop in (("HX", users["counter"], users["technician"]), ("DT", users["counter2"], users["chain"])):
        store = ctx["stores"][code]
        if RepairOrder.objects.filter(store=store).exists():
            continue
        for n, (status, description, category, material, weight, codes) in enumerate(PLAN):
            name, phone = CUSTOMERS[n % len(CUSTOMERS)]
            customer = _customer(store, name, phone, actor)
            jobs = [{"service_type": ServiceType.objects.get(code=c), "quantity": 2 if c == "replace-stone" else 1} for c in codes]
            order = services.repair_create(
                actor=actor, store=store, customer=customer, risks_acknowledged=True,
                items=[{"category": category, "material": material, "description": description, "intake_weight": Decimal(weight),
                        "stone_count": 2 if "钻" in description else 0, "scratches": True, "jobs": jobs}],
                do_not_exceed=Decimal("50") if status == Status.APPROVED else None,
            )
            _bring(order, status, actor, workshop)
        _showcase(store, actor)
    from .reports import policy_cost_refresh

    policy_cost_refresh()  # the demo's free work shows in the repairs report at once, not after beat's first tick


def _showcase(store, actor) -> None:
    """A three-item order with photos, a deposit and the customer's signature: the receipt in docs/receipt.png."""
    import base64
    import io

    from PIL import Image

    from aftersales.documents import samples

    png = io.BytesIO()
    Image.open(io.BytesIO(samples.sample_signature())).convert("RGBA").save(png, "PNG")
    customer = _customer(store, "王小红", "+8613812345678", actor)

    def job(code):
        return {"service_type": ServiceType.objects.get(code=code), "quantity": 1}

    services.repair_create(
        actor=actor, store=store, customer=customer, risks_acknowledged=True, deposit=Decimal("50"), deposit_method="wechat",
        signature_data_url="data:image/png;base64," + base64.b64encode(png.getvalue()).decode(),
        items=[
            {"category": "bangle", "material": "au999", "hallmark": "足金999", "description": "古法足金手镯，龙凤纹", "intake_weight": Decimal("32.47"),
             "scratches": True, "bends": True, "condition_notes": "开口处轻微变形", "photos": [samples.sample_photo()],
             "jobs": [job("reshape"), job("polish")]},
            {"category": "ring", "material": "pt950", "hallmark": "Pt950", "description": "铂金钻戒，六爪镶，主石 0.30 克拉", "intake_weight": Decimal("4.06"),
             "stone_count": 7, "missing_stones": True, "loose_stones": True, "photos": [samples.sample_photo((170, 170, 180))],
             "jobs": [job("replace-stone"), job("resolder")]},
            {"category": "necklace", "material": "pearl", "description": "淡水珍珠项链，约 45 厘米", "intake_weight": Decimal("28.90"),
             "condition_notes": "线已断，珠子 52 粒，已清点装袋", "jobs": [job("restring")]},
        ],
    )
