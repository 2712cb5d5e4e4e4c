"""How to do every repairs action for the permission walk (tests/test_permissions.py)."""

from decimal import Decimal

from repairs import services
from repairs.models import ApprovalMethod, Location, Status
from repairs.services import catalogue
from tests.repairs.factories import customer, item, jpeg_bytes, make_order


def _order(store, status=Status.RECEIVED, **kw):
    return make_order(store, status=status, **kw)


def _weighed(store):
    order = _order(store, Status.QUALITY_CHECK)
    return order, order.items.first()


CALLS = {
    "repairs.intake": lambda store: (lambda actor: services.repair_create(actor=actor, store=store, customer=customer(store), items=[item()], risks_acknowledged=True)),
    "repairs.payment": lambda store: (lambda actor: services.repair_create(actor=actor, store=store, customer=customer(store), items=[item()],
                                                                            risks_acknowledged=True, deposit=Decimal("10"), deposit_method="cash")),
    "repairs.quote": lambda store: (lambda o: lambda actor: services.repair_quote(order_id=o.pk, actor=actor, labour=Decimal("50")))(_order(store)),
    "repairs.approve": lambda store: (lambda o: lambda actor: services.repair_approve(order_id=o.pk, actor=actor, method=ApprovalMethod.PHONE, call_taken_by="x"))(_order(store, Status.AWAITING_APPROVAL)),
    "repairs.decline": lambda store: (lambda o: lambda actor: services.repair_decline(order_id=o.pk, actor=actor, note="x"))(_order(store, Status.AWAITING_APPROVAL)),
    "repairs.cancel": lambda store: (lambda o: lambda actor: services.repair_cancel(order_id=o.pk, actor=actor, reason="x"))(_order(store)),
    "repairs.cancel_started": lambda store: (lambda o: lambda actor: services.repair_cancel(order_id=o.pk, actor=actor, reason="x"))(_started_then_requoted(store)),
    "repairs.promise": lambda store: (lambda o: lambda actor: services.repair_change_promised_date(order_id=o.pk, actor=actor, new_date=o.promised_date, reason="x", customer_told=True))(_order(store)),
    "repairs.rush": lambda store: (lambda o: lambda actor: services.repair_set_rush(order_id=o.pk, actor=actor, rush=True))(_order(store)),
    "repairs.pickup": lambda store: (lambda o: lambda actor: services.repair_pickup(order_id=o.pk, actor=actor, item_ids=[i.pk for i in o.items.all()],
                                                                                   weights={i.pk: i.intake_weight for i in o.items.all()}, receipt_presented=True,
                                                                                   payment_amount=services.balance_due(o), payment_method="cash"))(_order(store, Status.READY)),
    "repairs.extend_deadline": lambda store: (lambda o: lambda actor: services.ladder.repair_extend_pickup_deadline(order_id=o.pk, actor=actor, new_deadline=o.pickup_deadline, reason="x"))(_order(store, Status.READY)),
    "repairs.custody": lambda store: (lambda o: lambda actor: services.repair_move_custody(item_id=o.items.first().pk, actor=actor, to=Location.SAFE))(_order(store)),
    "repairs.photo": lambda store: (lambda o: lambda actor: services.repair_add_photo(order_id=o.pk, item_id=o.items.first().pk, data=jpeg_bytes(), actor=actor))(_order(store)),
    "repairs.start": lambda store: (lambda o: lambda actor: services.repair_start(order_id=o.pk, actor=actor))(_order(store, Status.APPROVED)),
    "repairs.finish": lambda store: (lambda o: lambda actor: services.repair_finish_work(order_id=o.pk, actor=actor))(_order(store, Status.IN_REPAIR)),
    "repairs.send_back": lambda store: (lambda o: lambda actor: services.repair_send_back(order_id=o.pk, actor=actor, note="x"))(_order(store, Status.QUALITY_CHECK)),
    "repairs.weigh_out": lambda store: (lambda o: lambda actor: services.repair_record_weights(order_id=o.pk, actor=actor, weights={i.pk: i.intake_weight for i in o.items.all()}))(_order(store, Status.QUALITY_CHECK)),
    "repairs.ready": lambda store: (lambda o: lambda actor: services.repair_mark_ready(order_id=o.pk, actor=actor))(_order(store, Status.QUALITY_CHECK)),
    "repairs.approve_weight": lambda store: (lambda o: lambda actor: services.repair_approve_weight(order_id=o.pk, item_id=o.items.first().pk, actor=actor, note="x"))(_order(store, Status.QUALITY_CHECK)),
    "repairs.mark_unclaimed": lambda store: (lambda o: lambda actor: services.repair_mark_unclaimed(order_id=o.pk, actor=actor))(_order(store, Status.READY)),
    "repairs.decide_unclaimed": lambda store: (lambda o: lambda actor: services.repair_decide_unclaimed(order_id=o.pk, actor=actor, decision="keep", note="x"))(_order(store, Status.UNCLAIMED)),
    "repairs.revoke_status_link": lambda store: (lambda o: lambda actor: services.work.repair_revoke_status_link(order_id=o.pk, actor=actor))(_order(store)),
    "repairs.catalogue": lambda store: (lambda actor: catalogue.service_type_save(actor=actor, values={"code": "walk", "name": "walk", "job_type": "other",
                                                                                                     "price_rule": "fixed", "price": Decimal("1"), "turnaround_days": 1,
                                                                                                     "is_active": True, "sort": 1})),
    "repairs.edit_calendar": lambda store: (lambda actor: _closed_day(store, actor)),
}


def _closed_day(store, actor):
    from datetime import timedelta

    from django.utils import timezone

    from repairs.services import calendar

    today = timezone.localdate()
    calendar.closed_day_add(actor=actor, store=store, day=today + timedelta(days=10), note="x", today=today)


def _started_then_requoted(store):
    order = _order(store, Status.IN_REPAIR)
    services.repair_quote(order_id=order.pk, actor=None, labour=Decimal("80"))
    return order
