"""Writes for customer files: every change goes through here and writes its event row."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftersales import audit, once, roles
from aftersales.concurrency import check_and_bump
from aftersales.models import Role, Store
from aftersales.money import round_money

from . import phones, selectors
from .models import (
    CallOutcome,
    ConsentChange,
    ConsentKind,
    ConsentMethod,
    Customer,
    FollowUp,
    FollowUpCall,
    FollowUpReason,
    FollowUpStatus,
    Purchase,
    VipTier,
)

EDITABLE_FIELDS = ["name", "phone", "phone2", "wechat_id", "birthday", "gender", "vip_tier", "home_store", "notes", "preferences", "service_contact"]


class NoMarketingConsent(Exception):
    message = gettext_lazy("This customer has not agreed to marketing contact: no birthday, holiday, cleaning or VIP-care call.")


class FollowUpClosed(Exception):
    message = gettext_lazy("This follow-up call is already closed.")


class AlreadySubmitted(Exception):
    """The form token was used by another request (a double click): nothing more was made."""


# --- customer file ---------------------------------------------------------------------------

def _clean_customer(values: dict, *, customer_pk: int | None = None) -> dict:
    errors: dict[str, list] = {}
    out = dict(values)
    if "name" in out:
        out["name"] = (out["name"] or "").strip()
        if not out["name"]:
            errors.setdefault("name", []).append(_("Enter the customer's name."))
    if "phone" in out:
        try:
            out["phone"] = phones.normalise(out["phone"])
        except ValidationError as exc:
            errors.setdefault("phone", []).extend(exc.messages)
    if out.get("phone2"):
        try:
            out["phone2"] = phones.normalise(out["phone2"])
        except ValidationError as exc:
            errors.setdefault("phone2", []).extend(exc.messages)
    birthday = out.get("birthday")
    if birthday and birthday > timezone.localdate():
        errors.setdefault("birthday", []).append(_("The birthday cannot be in the future."))
    if "vip_tier" in out:
        out["vip_tier"] = out["vip_tier"] or VipTier.REGULAR
        if out["vip_tier"] not in selectors.tier_names():
            errors.setdefault("vip_tier", []).append(_("Choose a tier from the list."))
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def customer_create(
    *,
    store: Store,
    actor,
    name: str,
    phone: str,
    phone2: str = "",
    wechat_id: str = "",
    birthday: date | None = None,
    gender: str = "",
    vip_tier: str = VipTier.REGULAR,
    notes: str = "",
    preferences: str = "",
    service_contact: bool = True,
    marketing_consent: bool = False,
    consent_method: str = ConsentMethod.IN_STORE_VERBAL,
    token=None,
    result_url=None,
) -> Customer:
    """A new file in `store`. Duplicate phones are allowed (the form warns first); merge later."""
    roles.require_role(actor, store, Role.COUNTER, Role.MANAGER)
    data = _clean_customer(
        {"name": name, "phone": phone, "phone2": phone2, "birthday": birthday, "vip_tier": vip_tier}
    )
    customer = Customer.objects.create(
        home_store=store,
        name=data["name"],
        phone=data["phone"],
        phone_last4=phones.last4(data["phone"]),
        phone2=data["phone2"] or "",
        wechat_id=(wechat_id or "").strip(),
        birthday=birthday,
        gender=gender or "",
        vip_tier=data["vip_tier"],
        notes=notes or "",
        preferences=preferences or "",
        service_contact=service_contact,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if token is not None and not once.claim(token=token, user=actor, result_url=result_url(customer) if result_url else ""):
        raise AlreadySubmitted
    audit.record(actor=actor, kind="customer.created", subject=customer, store=store,
                 new={"name": customer.name, "phone": customer.masked_phone, "tier": customer.vip_tier})
    if marketing_consent:
        _consent_apply(customer=customer, actor=actor, kind=ConsentKind.MARKETING, given=True,
                       method=consent_method or ConsentMethod.IN_STORE_VERBAL, store=store)
    return customer


@transaction.atomic
def customer_update(*, customer_id: int, actor, expected_version: int | None, **values) -> Customer:
    customer = Customer.objects.select_for_update().get(pk=customer_id)
    roles.require_role(actor, customer.home_store_id, Role.COUNTER, Role.MANAGER)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    if "home_store" in values and values["home_store"] is not None:
        roles.require_role(actor, values["home_store"], Role.COUNTER, Role.MANAGER)
    data = _clean_customer(values, customer_pk=customer.pk)
    check_and_bump(customer, expected_version)
    service_contact = data.pop("service_contact", None)
    old, new = audit.changes(customer, [f for f in EDITABLE_FIELDS if f in data], data)
    customer.phone_last4 = phones.last4(customer.phone)
    customer.save()
    if new:
        for key in ("phone", "phone2"):  # the audit trail keeps numbers masked
            for side in (old, new):
                if side.get(key):
                    side[key] = phones.mask(side[key])
        audit.record(actor=actor, kind="customer.updated", subject=customer, store=customer.home_store, old=old, new=new)
    if service_contact is not None:
        # Asking for no service calls (or taking it back) is a consent decision with its own history row.
        _consent_apply(customer=customer, actor=actor, kind=ConsentKind.SERVICE, given=service_contact,
                       method=ConsentMethod.IN_STORE_VERBAL)
    return customer


# --- consent ---------------------------------------------------------------------------------

def _consent_apply(*, customer: Customer, actor, kind: str, given: bool, method: str, store=None, note: str = "", at=None) -> ConsentChange | None:
    field = "marketing_consent" if kind == ConsentKind.MARKETING else "service_contact"
    if getattr(customer, field) == given:
        return None  # already so: a second click changes nothing
    if method not in ConsentMethod.values:
        raise ValidationError({"method": _("Say how the customer gave or withdrew consent.")})
    at = at or timezone.now()
    setattr(customer, field, given)
    fields = [field, "version"]
    if kind == ConsentKind.MARKETING:
        customer.marketing_consent_at = at
        fields.append("marketing_consent_at")
    customer.version += 1
    customer.save(update_fields=fields)
    change = ConsentChange.objects.create(
        customer=customer, kind=kind, given=given, method=method, at=at,
        store=store or customer.home_store, actor=actor if getattr(actor, "pk", None) else None, note=note[:200],
    )
    audit.record(actor=actor, kind=f"consent.{kind}.{'given' if given else 'withdrawn'}", subject=customer,
                 store=store or customer.home_store, old={field: not given}, new={field: given, "method": method}, note=note)
    if kind == ConsentKind.MARKETING and not given:
        # Withdrawal stops marketing at once (实施条例 23–24): open marketing calls are cancelled.
        open_marketing = FollowUp.objects.filter(
            customer=customer, status=FollowUpStatus.DUE, reason__in=FollowUpReason.marketing()
        )
        for fu in open_marketing.select_for_update():
            fu.status = FollowUpStatus.CANCELLED
            fu.closed_at = at
            fu.save(update_fields=["status", "closed_at"])
            audit.record(actor=actor, kind="followup.cancelled", subject=fu, store=fu.store,
                         new={"status": fu.status}, note=_("Marketing consent withdrawn."))
    return change


@transaction.atomic
def consent_set(*, customer_id: int, actor, given: bool, method: str, kind: str = ConsentKind.MARKETING,
                store=None, note: str = "", at: datetime | None = None) -> ConsentChange | None:
    """Record consent given or withdrawn (when, how, who). Returns None if nothing changed."""
    customer = Customer.objects.select_for_update().get(pk=customer_id)
    roles.require_role(actor, customer.home_store_id, Role.COUNTER, Role.MANAGER)
    return _consent_apply(customer=customer, actor=actor, kind=kind, given=given, method=method, store=store, note=note, at=at)


def consent_withdraw_marketing(*, customer_id: int, actor, method: str = ConsentMethod.IN_STORE_VERBAL, note: str = "") -> ConsentChange | None:
    """The one-click withdrawal."""
    return consent_set(customer_id=customer_id, actor=actor, given=False, method=method, note=note)


# --- purchases -------------------------------------------------------------------------------

@transaction.atomic
def purchase_create(
    *,
    customer_id: int,
    store: Store,
    actor,
    receipt_number: str,
    purchased_at: datetime,
    item: str,
    price: Decimal,
    category: str = "other",
    material: str = "other",
    weight: Decimal | None = None,
    special_price: bool = False,
    single_use: bool = False,
    series: str = "",
    token=None,
) -> Purchase:
    customer = Customer.objects.select_for_update().get(pk=customer_id)
    roles.require_role(actor, store, Role.COUNTER, Role.MANAGER)
    errors = {}
    receipt_number = (receipt_number or "").strip()
    item = (item or "").strip()
    if not receipt_number:
        errors["receipt_number"] = _("Enter the receipt number.")
    if not item:
        errors["item"] = _("Say what was bought.")
    if purchased_at and purchased_at > timezone.now():
        errors["purchased_at"] = _("The purchase date cannot be in the future.")
    if price is None or price < 0:
        errors["price"] = _("Enter a price of zero or more.")
    if weight is not None and weight < 0:
        errors["weight"] = _("A weight cannot be negative.")
    if Purchase.objects.filter(store=store, receipt_number=receipt_number, item=item).exists():
        errors["receipt_number"] = _("This receipt line is already recorded.")
    if errors:
        raise ValidationError(errors)
    purchase = Purchase.objects.create(
        customer=customer, store=store, receipt_number=receipt_number, purchased_at=purchased_at, item=item,
        category=category or "other", material=material or "other", weight=weight, price=round_money(price),
        special_price=special_price, single_use=single_use, series=(series or "").strip(),
    )
    if token is not None and not once.claim(token=token, user=actor, result_url=""):
        raise AlreadySubmitted
    audit.record(actor=actor, kind="purchase.created", subject=purchase, store=store,
                 new={"customer": customer.pk, "receipt": receipt_number, "item": item, "price": purchase.price})
    return purchase


# --- merge -----------------------------------------------------------------------------------

def _customer_relations():
    """Every FK (or one-to-one) pointing at Customer, including later apps' and hidden ones."""
    for rel in Customer._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        if rel.related_model is Customer and rel.field.name == "merged_into":
            continue
        yield rel


@transaction.atomic
def customer_merge(*, survivor_id: int, duplicate_id: int, actor, note: str = "") -> Customer:
    """Move everything of `duplicate` to `survivor` (purchases, follow-ups, consent rows and any
    later app's records), fill the survivor's empty fields, keep the newest consent decision,
    and leave the duplicate as a pointer (merged_into) so old links still find the customer."""
    if survivor_id == duplicate_id:
        raise ValidationError(_("A file cannot be merged into itself."))
    locked = {c.pk: c for c in Customer.objects.select_for_update().filter(pk__in=[survivor_id, duplicate_id])}
    survivor, dup = locked[survivor_id], locked[duplicate_id]
    roles.require_role(actor, survivor.home_store_id, Role.MANAGER)
    roles.require_role(actor, dup.home_store_id, Role.MANAGER)
    if survivor.merged_into_id or dup.merged_into_id:
        raise ValidationError(_("One of these files was already merged into another."))

    moved: dict[str, int] = {}
    left: dict[str, int] = {}
    for rel in _customer_relations():
        model, fname = rel.related_model, rel.field.name
        label = model._meta.label_lower
        rows = model._base_manager.filter(**{fname: dup})
        try:
            with transaction.atomic():
                count = rows.update(**{fname: survivor})
            if count:
                moved[label] = moved.get(label, 0) + count
        except IntegrityError:
            # A unique key (e.g. the same follow-up on both files) collides: move row by row,
            # leave the clashing ones on the merged file, where its history still shows them.
            for obj in rows.order_by("pk"):
                try:
                    with transaction.atomic():
                        model._base_manager.filter(pk=obj.pk).update(**{fname: survivor})
                    moved[label] = moved.get(label, 0) + 1
                except IntegrityError:
                    left[label] = left.get(label, 0) + 1

    filled = {}
    for field in ("phone2", "wechat_id", "birthday", "gender", "preferences"):
        if not getattr(survivor, field) and getattr(dup, field):
            filled[field] = getattr(dup, field)
            setattr(survivor, field, getattr(dup, field))
    if dup.phone != survivor.phone and not survivor.phone2:
        survivor.phone2 = dup.phone
        filled["phone2"] = phones.mask(dup.phone)
    if dup.notes and dup.notes not in survivor.notes:
        survivor.notes = f"{survivor.notes}\n{dup.notes}".strip()
    if survivor.vip_tier == VipTier.REGULAR and dup.vip_tier != VipTier.REGULAR:
        survivor.vip_tier = filled["vip_tier"] = dup.vip_tier
    survivor.version += 1
    survivor.save()

    # The newest decision of the customer wins: a withdrawal on either file is never lost.
    dup_newer = dup.marketing_consent_at and (not survivor.marketing_consent_at or dup.marketing_consent_at > survivor.marketing_consent_at)
    if dup_newer and dup.marketing_consent != survivor.marketing_consent:
        _consent_apply(customer=survivor, actor=actor, kind=ConsentKind.MARKETING, given=dup.marketing_consent,
                       method=ConsentMethod.MERGE, note=_("Newest decision taken from the merged file."), at=dup.marketing_consent_at)

    dup.merged_into = survivor
    dup.version += 1
    dup.save(update_fields=["merged_into", "version"])
    details = {"survivor": survivor.pk, "duplicate": dup.pk, "moved": moved, "left": left, "filled": filled}
    audit.record(actor=actor, kind="customer.merged", subject=survivor, store=survivor.home_store, new=details, note=note)
    audit.record(actor=actor, kind="customer.merged_into", subject=dup, store=dup.home_store, new=details, note=note)
    return survivor


# --- follow-up calls -------------------------------------------------------------------------

def max_attempts(store: Store) -> int:
    per_store = getattr(settings, "CUSTOMERS_FOLLOWUP_MAX_ATTEMPTS_PER_STORE", {}) or {}
    return int(per_store.get(store.code, getattr(settings, "CUSTOMERS_FOLLOWUP_MAX_ATTEMPTS", 3)))


def retry_days() -> int:
    return int(getattr(settings, "CUSTOMERS_FOLLOWUP_RETRY_DAYS", 1))


def source_key(source: Model | None) -> str:
    return f"{source._meta.label_lower}:{source.pk}" if source is not None else ""


@transaction.atomic
def followup_create(
    *,
    customer: Customer | int,
    reason: str,
    due_date: date,
    store: Store | None = None,
    source: Model | None = None,
    context: str = "",
    assignee=None,
    actor=None,
) -> FollowUp:
    """A follow-up call, once: the same (customer, reason, source, due date) returns the existing one,
    so the scheduled sweeps may call this as often as they like. A marketing reason for a
    customer without marketing consent raises NoMarketingConsent."""
    if not isinstance(customer, Customer):
        customer = Customer.objects.get(pk=customer)
    while customer.merged_into_id:
        customer = customer.merged_into
    if reason not in FollowUpReason.values:
        raise ValidationError({"reason": _("Unknown follow-up reason.")})
    if reason in FollowUpReason.marketing() and not selectors.may_market(customer):
        raise NoMarketingConsent
    if actor is not None:
        roles.require_role(actor, store or customer.home_store, Role.COUNTER, Role.MANAGER)
    from django.contrib.contenttypes.models import ContentType

    followup, created = FollowUp.objects.get_or_create(
        customer=customer,
        reason=reason,
        source_key=source_key(source),
        due_date=due_date,
        defaults={
            "store": store or customer.home_store,
            "next_try_on": due_date,
            "context": context or "",
            "assignee": assignee,
            "source_type": ContentType.objects.get_for_model(source) if source is not None else None,
            "source_id": source.pk if source is not None else None,
            "created_by": actor,
        },
    )
    if created:
        audit.record(actor=actor, kind="followup.created", subject=followup, store=followup.store,
                     new={"customer": customer.pk, "reason": reason, "due": due_date, "source": followup.source_key})
    return followup


NEXT_STATUS = {
    CallOutcome.REACHED: FollowUpStatus.DONE,
    CallOutcome.DECLINED: FollowUpStatus.DECLINED,
    CallOutcome.UNREACHABLE: FollowUpStatus.UNREACHABLE,  # only once the attempts are used up
}


@transaction.atomic
def followup_record_call(
    *,
    followup_id: int,
    actor,
    outcome: str,
    thanked: bool = False,
    asked_how_piece_is: bool = False,
    asked_why_not_back: bool = False,
    apologised: bool = False,
    asked_suggestions: bool = False,
    satisfaction: int | None = None,
    notes: str = "",
    new_repair_opened: bool = False,
    new_case_opened: bool = False,
    at: datetime | None = None,
) -> FollowUpCall:
    followup = FollowUp.objects.select_for_update().select_related("customer", "store").get(pk=followup_id)
    roles.require_role(actor, followup.store_id, Role.COUNTER, Role.MANAGER)
    if followup.status != FollowUpStatus.DUE:
        raise FollowUpClosed
    if followup.is_marketing and not selectors.may_market(followup.customer):
        raise NoMarketingConsent
    if outcome not in CallOutcome.values:
        raise ValidationError({"outcome": _("Say how the call went.")})
    if satisfaction is not None and not 1 <= int(satisfaction) <= 5:
        raise ValidationError({"satisfaction": _("Satisfaction is a number from 1 to 5.")})
    if outcome != CallOutcome.REACHED and satisfaction is not None:
        raise ValidationError({"satisfaction": _("Only a customer you talked to can rate the service.")})
    at = at or timezone.now()
    call = FollowUpCall.objects.create(
        followup=followup, at=at, caller=actor, outcome=outcome, thanked=thanked, asked_how_piece_is=asked_how_piece_is,
        asked_why_not_back=asked_why_not_back, apologised=apologised, asked_suggestions=asked_suggestions,
        satisfaction=satisfaction, notes=notes or "", new_repair_opened=new_repair_opened, new_case_opened=new_case_opened,
    )
    old = {"status": followup.status, "attempts": followup.attempts}
    followup.attempts += 1
    if outcome == CallOutcome.UNREACHABLE and followup.attempts < max_attempts(followup.store):
        followup.next_try_on = timezone.localdate(at) + timedelta(days=retry_days())
    else:
        followup.status = NEXT_STATUS[outcome]
        followup.closed_at = at
    followup.save(update_fields=["attempts", "next_try_on", "status", "closed_at"])
    audit.record(actor=actor, kind="followup.called", subject=followup, store=followup.store, old=old,
                 new={"status": followup.status, "attempts": followup.attempts, "outcome": outcome, "satisfaction": satisfaction})
    return call


@transaction.atomic
def followup_cancel(*, followup_id: int, actor, note: str = "") -> FollowUp:
    followup = FollowUp.objects.select_for_update().get(pk=followup_id)
    roles.require_role(actor, followup.store_id, Role.COUNTER, Role.MANAGER)
    if followup.status == FollowUpStatus.CANCELLED:
        return followup
    if followup.status != FollowUpStatus.DUE:
        raise FollowUpClosed
    followup.status = FollowUpStatus.CANCELLED
    followup.closed_at = timezone.now()
    followup.save(update_fields=["status", "closed_at"])
    audit.record(actor=actor, kind="followup.cancelled", subject=followup, store=followup.store, new={"status": followup.status}, note=note)
    return followup


from .pos_import import purchase_import_start, purchase_import_step  # noqa: E402, F401  (re-exported)
