"""Repair orders in any state, made through the services so the records look like real ones."""

from __future__ import annotations

import io
from decimal import Decimal

from PIL import Image

from aftersales.models import Role, StaffMembership
from customers.models import Customer
from repairs import services
from repairs.models import ApprovalMethod, RepairOrder, ServiceType, Status
from tests.files import files_written


def signature_data_url() -> str:
    import base64

    out = io.BytesIO()
    Image.new("RGBA", (60, 20), (0, 0, 0, 255)).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def jpeg_bytes(exif: bool = False, size=(40, 30)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 150, 50))
    if exif:
        info = Image.Exif()
        info[0x010F] = "SpyCam"          # Make
        info[0x8825] = {2: (28.0, 12.0, 0.0)}  # GPS
        image.save(out, "JPEG", exif=info)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def staff(store, role=Role.COUNTER, username=None):
    from tests.conftest import make_user

    existing = StaffMembership.objects.filter(store=store, role=role).select_related("user").first()
    if existing and username is None:
        return existing.user
    return make_user(username or f"{role}-{store.code}", role, store)


def customer(store, phone="+8613812345678", name="王小红") -> Customer:
    found = Customer.objects.filter(phone=phone, home_store=store).first()
    return found or Customer.objects.create(name=name, phone=phone, phone_last4=phone[-4:], home_store=store)


def service(code="polish") -> ServiceType:
    found = ServiceType.objects.filter(code=code).first()
    if found is None:  # a transaction=True test flushed the migration's catalogue
        from repairs.catalogue import seed

        seed(ServiceType)
        found = ServiceType.objects.get(code=code)
    return found


def item(**overrides) -> dict:
    data = {
        "category": "ring", "material": "au750", "hallmark": "G750", "description": "18K 戒指", "intake_weight": Decimal("3.21"),
        "stone_count": 1, "scratches": True, "jobs": [{"service_type": service("polish"), "quantity": 1}],
    }
    data.update(overrides)
    return data


WORKSHOP_STEP = {"start": "start", "finish": "finish", "weigh": "weigh_out", "ready": "ready"}


def _doer(actor, store, action: str):
    """`actor` when the permission table lets them do `action` here, else a colleague who may."""
    from aftersales import roles

    if roles.may(actor, store, f"repairs.{action}"):
        return actor
    allowed = roles.permission_table()[f"repairs.{action}"]
    return staff(store, Role.TECHNICIAN if Role.TECHNICIAN in allowed else Role.COUNTER)


def make_order(store, *, actor=None, status: str = Status.RECEIVED, jobs=None, items=None, **kwargs) -> RepairOrder:
    """An order of `store` brought to `status` through the real services (its files written as on commit)."""
    with files_written():
        return _make_order(store, actor=actor, status=status, jobs=jobs, items=items, **kwargs)


def _make_order(store, *, actor=None, status: str = Status.RECEIVED, jobs=None, items=None, **kwargs) -> RepairOrder:
    actor = actor or staff(store)
    manager = staff(store, Role.MANAGER)
    cust = kwargs.pop("customer", None) or customer(store)
    if items is None:
        items = [item(jobs=jobs) if jobs else item()]
    order = services.repair_create(actor=actor, store=store, customer=cust, items=items, risks_acknowledged=True, **kwargs)
    path = {
        Status.RECEIVED: [],
        Status.AWAITING_APPROVAL: ["quote"],
        Status.APPROVED: ["approve"],
        Status.IN_REPAIR: ["approve", "start"],
        Status.QUALITY_CHECK: ["approve", "start", "finish"],
        Status.READY: ["approve", "start", "finish", "weigh", "ready"],
        Status.COLLECTED: ["approve", "start", "finish", "weigh", "ready", "pickup"],
        Status.DECLINED: ["quote", "decline"],
        Status.CANCELLED: ["cancel"],
        Status.UNCLAIMED: ["approve", "start", "finish", "weigh", "ready", "unclaimed"],
    }[status]
    for step in path:
        # Each step by someone whose role allows it (a counter does not start work).
        doer = _doer(actor, store, WORKSHOP_STEP.get(step, "intake"))
        if step == "quote":
            services.repair_quote(order_id=order.pk, actor=doer, labour=Decimal("50"))
        elif step == "approve":
            if services.is_chargeable(order):
                services.repair_approve(order_id=order.pk, actor=doer, method=ApprovalMethod.PHONE, call_taken_by="小李")
        elif step == "start":
            services.repair_start(order_id=order.pk, actor=doer)
        elif step == "finish":
            services.repair_finish_work(order_id=order.pk, actor=doer)
        elif step == "weigh":
            services.repair_record_weights(order_id=order.pk, actor=doer, weights={i.pk: i.intake_weight for i in order.items.all()})
        elif step == "ready":
            services.repair_mark_ready(order_id=order.pk, actor=doer)
        elif step == "pickup":
            order.refresh_from_db()
            services.repair_pickup(order_id=order.pk, actor=doer, item_ids=[i.pk for i in order.items.all()],
                                   weights={i.pk: i.intake_weight for i in order.items.all()}, receipt_presented=True,
                                   payment_amount=services.balance_due(order), payment_method="cash")
        elif step == "decline":
            services.repair_decline(order_id=order.pk, actor=doer, note="太贵")
        elif step == "cancel":
            services.repair_cancel(order_id=order.pk, actor=doer, reason="客户取消")
        elif step == "unclaimed":
            services.repair_mark_unclaimed(order_id=order.pk, actor=None)
    order.refresh_from_db()
    assert order.status == status, (order.status, status)
    _ = manager
    return order
