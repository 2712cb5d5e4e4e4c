"""Cases through the real services, at a named moment."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from aftersales.models import Role, StaffMembership, User
from customers.models import Customer
from tests.customers.factories import CustomerFactory
from tickets import defaults, services
from tickets.models import Case, CaseCategory, Channel, ContactMethod, Kind

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(y: int, m: int, d: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=SHANGHAI)


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def staff(store, role: str = Role.COUNTER) -> User:
    found = User.objects.filter(memberships__store=store, memberships__role=role).first()
    if found:
        return found
    user = User.objects.create_user(username=f"{role}-{store.code}-{User.objects.count()}", password="pw-for-tests-1", first_name=role)
    StaffMembership.objects.create(user=user, store=store, role=role)
    return user


def category(code: str = "product_quality") -> CaseCategory:
    defaults.seed()  # a transactional test before this one flushed what the migration added
    return CaseCategory.objects.get(code=code)


def make_case(store, *, actor=None, customer: Customer | None = None, now: datetime | None = None, kind: str = Kind.COMPLAINT,
              channel: str = Channel.HOTLINE, **kwargs) -> Case:
    actor = actor or staff(store)
    now = now or timezone.now()
    customer = customer or CustomerFactory(home_store=store)
    return services.case_create(actor=actor, store=store, now=now, kind=kind, channel=channel, category=kwargs.pop("category", None) or category(),
                                description=kwargs.pop("description", "手链断了"), customer=customer, **kwargs)


def acknowledge(case: Case, *, actor=None, at_: datetime | None = None, expected: date | None = None) -> Case:
    actor = actor or staff(case.store)
    when = at_ or timezone.now()
    services.contact_add(case_id=case.pk, actor=actor, now=max(when, timezone.now()), at=when, method=ContactMethod.CALL,
                         told="已受理，三天内答复", acknowledgement=True, expected_by=expected or (timezone.localdate(when) + timedelta(days=3)))
    case.refresh_from_db()
    return case
