"""Demo outbox: a message in each state, so the manager's status page has something to show."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from aftersales import clock
from customers.models import Customer

from . import rendering
from .kinds import get
from .models import Message, Status, SweepRun
from .services import RELEASE, RETRY


def _customer(store) -> Customer:
    existing = Customer.objects.filter(home_store=store).order_by("pk").first()
    if existing is not None:
        return existing
    return Customer.objects.create(name="演示客户", phone="+8613800138000", phone_last4="8000", home_store=store)


def seed(ctx: dict) -> None:
    store = ctx["stores"]["HX"]
    customer = _customer(store)
    now = clock.now()
    # Consistent with the day the demo is loaded: a deadline a week ahead, and that many days left.
    deadline = timezone.localdate(now) + timedelta(days=7)
    context = {
        "customer_name": customer.name, "store_name": store.name, "store_phone": store.phone, "store_address": store.address,
        "opening_hours": store.opening_hours, "order_number": f"{store.code}-R{now:%y%m}-00001", "pickup_deadline": deadline,
        "days_left": (deadline - timezone.localdate(now)).days, "item": "足金手镯",
    }
    rows = [
        ("demo:ready", "ready_for_pickup", Status.SENT, {"sent_at": now - timedelta(days=2), "attempts": 1, "last_answer": "console: logged"}),
        ("demo:reminder", "pickup_reminder", Status.QUIET, {"due_at": now + timedelta(hours=10)}),
        ("demo:failed", "pickup_reminder", Status.FAILED, {"attempts": 2, "due_at": now + timedelta(minutes=20),
                                                           "last_answer": 'HTTP 503 {"error": "gateway busy"}'}),
        ("demo:birthday", "birthday", Status.SUPPRESSED, {"last_answer": "No marketing consent."}),
    ]
    for key, kind, status, extra in rows:
        if Message.objects.filter(dedupe_key=key).exists():
            continue
        subject, body = get(kind).defaults["zh-hans"]
        Message.objects.create(
            dedupe_key=key, customer=customer, store=store, kind=kind, status=status, language="zh-hans",
            to_address=customer.phone, subject=rendering.render(subject, context, language="zh-hans"),
            body=rendering.render(body, context, language="zh-hans"), **extra,
        )
    for name in (RELEASE, RETRY):
        if not SweepRun.objects.filter(name=name).exists():
            SweepRun.objects.create(name=name, started_at=now - timedelta(minutes=3), finished_at=now - timedelta(minutes=3), batches=1)
