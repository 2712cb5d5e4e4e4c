"""How to do every cases action for the permission walk (tests/test_permissions.py)."""

from datetime import timedelta

from django.utils import timezone

from aftersales.models import Role
from tests.tickets.factories import acknowledge, category, make_case, staff
from tickets import selectors, services
from tickets.models import CorrectiveAction, Kind
from tickets.services import setup


def _now():
    return timezone.now()


def _acknowledged(store, **kwargs):
    case = make_case(store, **kwargs)
    return acknowledge(case)


def _resolved(store):
    case = _acknowledged(store)
    services.resolution_record(case_id=case.pk, actor=staff(store), now=_now(), kind="explanation", explanation="已解释")
    case.refresh_from_db()
    return case


def _awaiting_manager(store):
    """A compensation above the store limit but below the chain limit: a store manager approves it."""
    case = _acknowledged(store, kind=Kind.COMPLAINT)
    cfg = services.chain_settings()
    amount = min(cfg.store_limit + 1, cfg.chain_limit)
    return services.resolution_record(case_id=case.pk, actor=staff(store), now=_now(), kind="compensation", amount=amount)


def _refused_by_policy(store):
    """An exchange of a special-price item: the policy refuses it, so only an override lets it through."""
    from aftersales.policy.demo import load_default_rules
    from tests.customers.factories import CustomerFactory, PurchaseFactory

    load_default_rules()
    customer = CustomerFactory(home_store=store)
    purchase = PurchaseFactory(customer=customer, purchased_at=_now() - timedelta(hours=1), special_price=True)
    return _acknowledged(store, customer=customer, purchase=purchase, kind=Kind.EXCHANGE)


def _with_repair(store):
    from repairs import services as repair_services
    from tests.repairs.factories import item

    case = _acknowledged(store, kind=Kind.COMPLAINT)
    repair_services.repair_create(actor=staff(store), store=store, customer=case.customer, items=[item()], risks_acknowledged=True,
                                  origin=f"tickets.case:{case.pk}")
    return case


def _action(store, done=False):
    case = _resolved(store)
    row = CorrectiveAction.objects.create(case=case, what="培训", owner=staff(store), due_date=timezone.localdate() + timedelta(days=7))
    if done:
        services.action_done(action_id=row.pk, actor=None, now=_now() - timedelta(days=400), note="已培训")
    return row


def _read(action):
    # Reads checked by the pages (the list, the printed record): the walk checks the table they ask.
    from aftersales import roles

    return lambda store: (lambda actor: roles.require(actor, store, action))


def _view(store):
    case = make_case(store)

    def call(actor):
        if not selectors.case_list(user=actor, store=store, now=_now(), view="all", status="", category="", kind="", q="").filter(pk=case.pk).exists():
            from aftersales.roles import NotAllowed

            raise NotAllowed("tickets.view", None)
    return call


CALLS = {
    "tickets.view": _view,
    "tickets.create": lambda store: (lambda c: lambda actor: services.case_create(
        actor=actor, store=store, now=_now(), kind=Kind.COMPLAINT, channel="hotline", category=c, description="手链断了",
        customer_name="王芳", phone="13812340000"))(category()),
    "tickets.handle": lambda store: (lambda case: lambda actor: services.note_add(case_id=case.pk, actor=actor, now=_now(), text="x"))(make_case(store)),
    "tickets.assign": lambda store: (lambda case: lambda actor: services.case_assign(case_id=case.pk, actor=actor, assignee=staff(store)))(make_case(store)),
    "tickets.resolve": lambda store: (lambda case: lambda actor: services.resolution_record(
        case_id=case.pk, actor=actor, now=_now(), kind="explanation", explanation="已解释"))(_acknowledged(store)),
    "tickets.approve": lambda store: (lambda r: lambda actor: services.resolution_decide(resolution_id=r.pk, actor=actor, now=_now(), approve=True))(
        _awaiting_manager(store)),
    "tickets.override_policy": lambda store: (lambda case: lambda actor: services.resolution_record(
        case_id=case.pk, actor=actor, now=_now(), kind="exchange", receipt_shown=True, intact=True, override=True,
        override_reason="老顾客"))(_refused_by_policy(store)),
    "tickets.goodwill_repair": lambda store: (lambda case: lambda actor: services.resolution_record(
        case_id=case.pk, actor=actor, now=_now(), kind="repair", explanation="免费维修", goodwill=True))(_with_repair(store)),
    "tickets.close": lambda store: (lambda case: lambda actor: services.case_close(case_id=case.pk, actor=actor, now=_now(), justified=False,
                                                                                   closing_note="x"))(_resolved(store)),
    "tickets.reopen": lambda store: (lambda case: lambda actor: services.case_reopen(case_id=case.pk, actor=actor, now=_now(), reason="x"))(_resolved(store)),
    "tickets.cancel": lambda store: (lambda case: lambda actor: services.case_cancel(case_id=case.pk, actor=actor, now=_now(), reason="x"))(make_case(store)),
    "tickets.see_staff_concerned": lambda store: (lambda c: lambda actor: services.case_create(
        actor=actor, store=store, now=_now(), kind=Kind.COMPLAINT, channel="hotline", category=c, description="态度不好",
        customer_name="王芳", phone="13812340000", staff_concerned=staff(store, Role.COUNTER)))(category("staff_attitude")),
    "tickets.actions": lambda store: (lambda row: lambda actor: services.action_done(action_id=row.pk, actor=actor, now=_now(), note="已培训"))(_action(store)),
    "tickets.verify_action": lambda store: (lambda row: lambda actor: services.action_verify(action_id=row.pk, actor=actor, now=_now(), effective=True,
                                                                                            note="复查"))(_action(store, done=True)),
    "tickets.print": _read("tickets.print"),
    "tickets.revoke_rating_link": lambda store: (lambda case: lambda actor: services.rating_link_revoke(case_id=case.pk, actor=actor, now=_now()))(_resolved(store)),
    "tickets.settings": lambda store: (lambda actor: setup.settings_save(actor=actor, values={"ack_hours": 24})),
}
