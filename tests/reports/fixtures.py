"""A small data set whose every figure is known (the numbers are worked out in the tests)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aftersales.models import Role
from customers.models import Customer
from tests.conftest import make_user

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10, mi=0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=TZ)


def customer(store, phone: str, name: str = "王小红") -> Customer:
    return Customer.objects.create(name=name, phone=phone, phone_last4=phone[-4:], home_store=store)


def case(store, cust, *, received, category="product_quality", channel="hotline", urgency="normal", status="received", ack_after=None,
         resolved_after=None, target_hours=72, root_cause=None, justified=None, staff=None, reopen=0, number=None):
    from tickets.models import Case, CaseCategory, RootCause

    n = Case.objects.count() + 1
    return Case.objects.create(
        number=number or f"{store.code}-C{n:05d}", store=store, customer=cust, kind="complaint", channel=channel,
        category=CaseCategory.objects.get_or_create(code=category, defaults={"name": category})[0], urgency=urgency, status=status,
        received_at=received, description="x", ack_due_at=received + timedelta(hours=24),
        acknowledged_at=received + ack_after if ack_after is not None else None,
        resolution_due_at=received + timedelta(hours=target_hours),
        resolved_at=received + resolved_after if resolved_after is not None else None,
        root_cause=RootCause.objects.get_or_create(code=root_cause, defaults={"name": root_cause})[0] if root_cause else None,
        justified=justified, staff_concerned=staff, reopen_count=reopen,
    )


def complaint_set(store, other_store):
    """Eight complaints of `store` in January–February 2026 and one of `other_store`.

    January: 5 (quality ×3, attitude ×2); February: 3 (quality, attitude, fees). Acknowledged in
    time (≤ 24 h): c1, c2, c4, c6 → 4 of 8. Resolved: c1 1 d, c2 2 d, c3 4 d, c4 5 d, c6 10 d →
    sorted 1, 2, 4, 5, 10: median 4.0, p90 = 5 + 0.6 × 5 = 8.0 days; within the 72-hour target:
    c1, c2 → 2 of 5. Open: c5, c7, c8 (all past the target at the report's "now").
    Root causes (justified): workmanship ×3 (c1, c2, c3), staff_conduct ×1 (c4) → Pareto 75 %, 100 %.
    Ratings: c1 5, c3 2 → average 3.50. Reopened: c4 → 1 of 5 resolved.
    """
    staff_member = make_user("colleague", Role.COUNTER, store)
    a = customer(store, "+8613800000001", "李雷")
    b = customer(store, "+8613800000002", "韩梅梅")
    cs = [
        case(store, a, received=at(2026, 1, 5), ack_after=timedelta(hours=2), resolved_after=timedelta(days=1), status="closed",
             root_cause="workmanship", justified=True),
        case(store, a, received=at(2026, 1, 12), ack_after=timedelta(hours=24), resolved_after=timedelta(days=2), status="closed",
             root_cause="workmanship", justified=True, channel="in_store"),
        case(store, b, received=at(2026, 1, 20), ack_after=timedelta(hours=25), resolved_after=timedelta(days=4), status="resolved",
             root_cause="workmanship", justified=True),
        case(store, b, received=at(2026, 1, 25), category="staff_attitude", ack_after=timedelta(hours=3), resolved_after=timedelta(days=5),
             status="resolved", root_cause="staff_conduct", justified=True, staff=staff_member, reopen=1),
        case(store, customer(store, "+8613800000003"), received=at(2026, 1, 28), category="staff_attitude", staff=staff_member),
        case(store, customer(store, "+8613800000004"), received=at(2026, 2, 3), ack_after=timedelta(hours=1),
             resolved_after=timedelta(days=10), status="resolved", channel="regulator", urgency="critical"),
        case(store, customer(store, "+8613800000005"), received=at(2026, 2, 10), category="staff_attitude", status="acknowledged",
             ack_after=timedelta(hours=30)),
        case(store, customer(store, "+8613800000006"), received=at(2026, 2, 14), category="fees_prices"),
    ]
    case(other_store, customer(other_store, "+8613800000009"), received=at(2026, 1, 6))
    from tickets.models import Rating

    Rating.objects.create(case=cs[0], score=5, at=at(2026, 1, 7))
    Rating.objects.create(case=cs[2], score=2, at=at(2026, 1, 25))
    return cs, staff_member
