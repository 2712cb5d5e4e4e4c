"""How to do every customers action for the permission walk (tests/test_permissions.py)."""

from customers import selectors, services
from tests.repairs.factories import customer

HEADER = "小票号,购买日期,手机,姓名,商品,金额\nW-1,2025-06-01,13812340000,王芳,戒指,100\n"

CALLS = {
    "customers.create": lambda store: (lambda actor: services.customer_create(store=store, actor=actor, name="王芳", phone="13812340000")),
    "customers.edit": lambda store: (lambda c: lambda actor: services.customer_update(customer_id=c.pk, actor=actor, expected_version=c.version, name="王芳芳"))(customer(store)),
    "customers.consent": lambda store: (lambda c: lambda actor: services.consent_set(customer_id=c.pk, actor=actor, given=True, method="in_store_verbal"))(customer(store)),
    "customers.see_phone": lambda store: (lambda c: lambda actor: _require(selectors.can_see_full_phone(actor, c)))(customer(store)),
    "customers.purchase_add": lambda store: (lambda c: lambda actor: services.purchase_create(customer_id=c.pk, store=store, actor=actor, receipt_number="W", item="x",
                                                                                             purchased_at=_yesterday(), price=1))(customer(store)),
    "customers.import": lambda store: (lambda actor: services.purchase_import_start(store=store, actor=actor, file_name="x.csv", raw=HEADER.encode())),
    "customers.merge": lambda store: (lambda a, b: lambda actor: services.customer_merge(survivor_id=a.pk, duplicate_id=b.pk, actor=actor))(customer(store), customer(store, phone="+8613900001111")),
    "customers.followups": lambda store: (lambda c: lambda actor: services.followup_create(customer=c, actor=actor, reason="service", due_date=_yesterday().date()))(customer(store)),
}


def _yesterday():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(days=1)


def _require(ok: bool) -> None:
    from aftersales.roles import NotAllowed

    if not ok:
        raise NotAllowed("customers.see_phone", None)
