"""Intake: one order with its items, jobs, photos, policy decisions and risk acknowledgement."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from aftersales import audit, clock, files, links, numbering, once, roles
from aftersales.documents.services import prerender_on_commit
from aftersales.money import MAX_AMOUNT, round_money, scale_grams
from aftersales.policy.decision import decide
from aftersales.policy.models import Fact
from customers import selectors as customer_selectors
from customers import services as customer_services
from customers.models import Customer, Purchase

from .. import calendar, images, risks
from ..models import (
    MAX_WEIGHT,
    ItemPhoto,
    Payment,
    PaymentKind,
    RepairItem,
    RepairJob,
    RepairOrder,
    ServiceType,
)
from .pricing import job_price, order_estimate


class DuplicateSubmit(Exception):
    """Another request already used this form token."""


@dataclass
class CustomerChoice:
    """Whom an intake is for: the customer found (or None: a new file), the files to choose from,
    the duplicate warning's lines, and what the counter must fix first (field -> messages)."""

    customer: Customer | None = None
    matches: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def refuse(self, field_name: str, message: str) -> CustomerChoice:
        self.errors.setdefault(field_name, []).append(message)
        return self


class IntakeCustomerError(ValidationError):
    """The intake cannot say whom it is for (see CustomerChoice.errors); carries the choice."""

    def __init__(self, choice: CustomerChoice):
        super().__init__(choice.errors)
        self.choice = choice


def intake_customer(*, user, phone: str, customer_id: int | None = None, customer_name: str = "",
                    confirm_duplicate: bool = False) -> CustomerChoice:
    """Find the intake's customer (a read: nothing is created here).

    `phone` is the full number (E.164) or the last four digits. A picked file must be in the
    user's stores; one match by full number is the customer; four digits never make a new file;
    a new phone needs a name, and a phone another store has on file needs the counter's tick.
    """
    if customer_id:
        picked = customer_selectors.customers_for(user).filter(pk=customer_id).first()
        if picked is None:
            return CustomerChoice().refuse("phone", _("That customer file is not in your stores: search again."))
        return CustomerChoice(customer=picked)
    last4 = len(phone or "") == 4
    matches = customer_selectors.customer_search(user=user, query=phone, limit=10)
    if len(matches) == 1 and not last4:
        return CustomerChoice(customer=matches[0], matches=matches)
    if len(matches) > 1:
        return CustomerChoice(matches=matches).refuse("phone", _("Several customers match: choose one."))
    if matches:
        return CustomerChoice(matches=matches).refuse(
            "phone", _("One customer's phone ends in %(digits)s: check it is this customer and take in again.") % {"digits": phone})
    if last4:
        return CustomerChoice().refuse("phone", _("No customer in your stores has a phone ending in %(digits)s: type the full number to make a new file.")
                                       % {"digits": phone})
    choice = CustomerChoice()
    if not (customer_name or "").strip():
        choice.refuse("customer_name", _("No customer has this phone yet: type the customer's name to make a new file."))
    choice.duplicates = customer_selectors.duplicates_seen_by(user=user, phone=phone)
    if choice.duplicates and not confirm_duplicate:
        choice.refuse("confirm_duplicate", _("Another store has a file with this phone. Ask the customer; tick the box to make a file for our store."))
    return choice


@transaction.atomic
def repair_intake(
    *,
    actor,
    store,
    phone: str,
    items: list[dict],
    customer_id: int | None = None,
    customer_name: str = "",
    confirm_duplicate: bool = False,
    **order,
) -> RepairOrder:
    """The counter's intake in one transaction: find the customer (or make the file), then the order.

    Raises IntakeCustomerError when it cannot say whom the intake is for, ValidationError for
    the order, DuplicateSubmit for a repeated form token; any of them rolls back the new file
    with the order, and no photo or signature is written (files go to storage on commit).
    """
    choice = intake_customer(user=actor, phone=phone, customer_id=customer_id, customer_name=customer_name,
                             confirm_duplicate=confirm_duplicate)
    if choice.errors:
        raise IntakeCustomerError(choice)
    customer = choice.customer or customer_services.customer_create(store=store, actor=actor, name=customer_name, phone=phone)
    return repair_create(actor=actor, store=store, customer=customer, items=items, **order)


def check_weight(value, label: str) -> Decimal:
    if value is None or value == "":
        raise ValidationError(_("%(label)s: the weight is required.") % {"label": label})
    weight = scale_grams(value)
    if weight <= 0:
        raise ValidationError(_("%(label)s: the weight must be more than zero.") % {"label": label})
    if weight > MAX_WEIGHT:
        raise ValidationError(_("%(label)s: %(weight)s g is more than 2 kg; check the scale reading.") % {"label": label, "weight": weight})
    return weight


def check_money(value, label: str) -> Decimal:
    try:
        amount = round_money(value or 0)
    except ValueError:
        raise ValidationError(_("%(label)s is not an amount of money.") % {"label": label})
    if not amount.is_finite():
        raise ValidationError(_("%(label)s is not an amount of money.") % {"label": label})
    if amount < 0:
        raise ValidationError(_("%(label)s cannot be negative.") % {"label": label})
    if amount > MAX_AMOUNT:
        raise ValidationError(_("%(label)s is more than %(max)s yuan: check the amount.") % {"label": label, "max": f"{MAX_AMOUNT:,.0f}"})
    return amount


PROMISE_AHEAD_DAYS = 366  # a repair is promised within a year


def check_promised_date(value: date | None, *, store=None, now: datetime | None = None) -> None:
    today = clock.today(store, now)
    if value is not None and value < today:
        raise ValidationError(_("The promised date cannot be in the past."))
    if value is not None and (value - today).days > PROMISE_AHEAD_DAYS:
        raise ValidationError(_("The promised date must be within one year."))


def promised_date_for(*, store, service_types: list[ServiceType], rush: bool, start: date | None = None) -> date:
    days = calendar.turnaround([s.turnaround_days for s in service_types], rush)
    return calendar.add_working_days(store=store, start=start or clock.today(store), days=days)


@transaction.atomic
def repair_create(
    *,
    actor,
    store,
    customer,
    items: list[dict],
    risks_acknowledged: bool,
    promised_date: date | None = None,
    rush: bool = False,
    deposit=Decimal("0"),
    deposit_method: str = "",
    do_not_exceed=None,
    notes: str = "",
    signature_data_url: str = "",
    token=None,
    origin: str = "",
    now: datetime | None = None,
) -> RepairOrder:
    """Create a repair order at the counter. A repeated form token raises DuplicateSubmit.

    `now` is the moment of the intake (the caller's clock); the store's today is counted in its time zone."""
    roles.require(actor, store, "repairs.intake")
    now = now or clock.now()
    if not items:
        raise ValidationError(_("Add at least one item."))
    if not risks_acknowledged:
        raise ValidationError(_("The customer must acknowledge the risk disclosures before the items are taken in."))
    check_promised_date(promised_date, store=store, now=now)
    deposit = check_money(deposit, _("The deposit"))
    if deposit > 0:
        roles.require(actor, store, "repairs.payment")
    if deposit > 0 and not deposit_method:
        raise ValidationError(_("Say how the deposit was paid."))
    if do_not_exceed not in (None, ""):
        do_not_exceed = check_money(do_not_exceed, _("The do-not-exceed amount"))
    else:
        do_not_exceed = None
    signature = images.signature_from_data_url(signature_data_url) if signature_data_url else None
    # Every photo is checked before anything is written: a bad one refuses the intake whole.
    photos = [[images.clean_image(upload.read() if hasattr(upload, "read") else upload) for upload in data.get("photos") or []]
              for data in items]
    if token is not None and not once.claim(token=token, user=actor):
        raise DuplicateSubmit

    order = RepairOrder(
        number=numbering.next_number(store=store, kind="R"),
        store=store, customer=customer, received_at=now, status_changed_at=now, received_by=actor,
        promised_date=promised_date or clock.today(store, now), rush=rush, deposit=deposit, do_not_exceed=do_not_exceed,
        risk_acknowledged_at=now, notes=notes,
    )
    if signature is not None:
        files.save_after_commit(order, "intake_signature", signature)  # the files are written once the intake commits
    order.save()

    prices, services_used, risk_input = [], [], []
    for position, data in enumerate(items, start=1):
        label = _("Item %(n)s") % {"n": position}
        weight = check_weight(data.get("intake_weight"), label)
        jobs = data.get("jobs") or []
        if not jobs:
            raise ValidationError(_("%(label)s: choose at least one job.") % {"label": label})
        purchase = item_purchase(customer=customer, data=data, label=label)
        facts = sorted({str(f) for f in data.get("facts") or ()})
        unknown = set(facts) - set(Fact.values)
        if unknown:
            raise ValidationError(_("%(label)s: unknown fact %(fact)s.") % {"label": label, "fact": ", ".join(sorted(unknown))})
        # Ticked at the counter, or the purchase says so; unticked leaves it to the purchase's flag.
        single_use = True if data.get("single_use") else None
        item = RepairItem.objects.create(
            order=order, position=position,
            category=data["category"], material=data["material"], hallmark=data.get("hallmark", ""),
            description=data.get("description") or "", piece_count=data.get("piece_count") or 1,
            intake_weight=weight, stone_count=data.get("stone_count") or 0,
            condition_notes=data.get("condition_notes", ""),
            declared_value=check_money(data["declared_value"], _("The declared value")) if data.get("declared_value") not in (None, "") else None,
            bought_here=bool(data.get("bought_here") or purchase), receipt_shown=bool(data.get("receipt_shown")),
            purchase=purchase, reason=data.get("reason", ""), custody_since=now,
            single_use=bool(single_use or (purchase and purchase.single_use)), facts=facts,
            **{f: bool(data.get(f)) for f in RepairItem.CONDITION_FIELDS},
        )
        job_types = []
        for job in jobs:
            service: ServiceType = job["service_type"]
            quantity = int(job.get("quantity") or 1)
            if quantity < 1:
                raise ValidationError(_("%(label)s: the quantity must be at least 1.") % {"label": label})
            decision = decide(
                store=store, job_type=service.job_type, category=item.category, material=item.material,
                reason=item.reason, purchase=purchase, series=purchase.series if purchase else "",
                receipt_shown=item.receipt_shown, special_price=None, single_use=single_use, facts=facts,
                quantity=quantity, at=now,
            )
            price, refused = job_price(service=service, decision=decision, quantity=quantity)
            RepairJob.objects.create(
                item=item, service_type=service, job_type=service.job_type, price_rule=service.price_rule,
                quantity=quantity, decision=decision.as_dict(), outcome=decision.outcome, price=price, refused=refused,
            )
            if not refused:
                prices.append(price)
                services_used.append(service)
            job_types.append(service.job_type)
        for cleaned in photos[position - 1]:
            photo_add(item=item, cleaned=cleaned, actor=actor, stage="intake")
        risk_input.append((item.material, item.stone_count, job_types))

    order.estimate, order.needs_quote = order_estimate(prices)
    if promised_date is None:
        order.promised_date = promised_date_for(store=store, service_types=services_used, rush=rush, start=clock.today(store, now))
    order.risk_disclosures = risks.snapshot(risks.applicable(risk_input))
    order.save(update_fields=["estimate", "needs_quote", "promised_date", "risk_disclosures"])
    if deposit > 0:
        Payment.objects.create(order=order, kind=PaymentKind.DEPOSIT, amount=deposit, method=deposit_method, received_by=actor, at=now)
    audit.record(actor=actor, kind="repair.created", subject=order, new={
        "status": order.status, "customer": customer.pk, "item_count": len(items), "estimate": order.estimate,
        "promised_date": order.promised_date, "deposit": deposit, "rush": rush, "signed": signature is not None,
    })
    if origin:  # opened from another app's record (a case): it links the new order (aftersales.links)
        from ..links import as_doc

        links.document_created(origin=origin, document=as_doc(order), actor=actor)
    if token is not None:
        once.set_result(token=token, user=actor, result_url=reverse("repairs:detail", kwargs={"number": order.number}))
    prerender_on_commit(subject=order)
    return order


def item_purchase(*, customer, data: dict, label: str) -> Purchase | None:
    """The purchase an item was bought with: chosen from the customer's purchases, or found by the
    receipt number typed. Another customer's purchase is refused."""
    purchase = data.get("purchase")
    if purchase is not None and not isinstance(purchase, Purchase):
        purchase = Purchase.objects.filter(pk=purchase).first()
    if purchase is not None:
        if purchase.customer_id != customer.pk:
            raise ValidationError(_("%(label)s: that purchase belongs to another customer.") % {"label": label})
        return purchase
    receipt_number = (data.get("receipt_number") or "").strip()
    if receipt_number:
        return Purchase.objects.filter(customer=customer, receipt_number=receipt_number).order_by("-purchased_at").first()
    return None


def photo_add(*, item: RepairItem, data: bytes = b"", cleaned: tuple | None = None, actor, stage: str = "intake") -> ItemPhoto:
    """A photo of the item; `cleaned` is what images.clean_image already made of the upload."""
    content, width, height = cleaned or images.clean_image(data)
    photo = ItemPhoto(item=item, width=width, height=height, taken_by=actor, stage=stage)
    files.save_after_commit(photo, "image", content)  # written once the transaction commits
    photo.save()
    return photo


@transaction.atomic
def repair_add_photo(*, order_id: int, item_id: int, data: bytes, actor, stage: str = "intake") -> ItemPhoto:
    item = RepairItem.objects.select_related("order__store").get(pk=item_id, order_id=order_id)
    roles.require(actor, item.order.store, "repairs.photo")
    photo = photo_add(item=item, data=data, actor=actor, stage=stage)
    audit.record(actor=actor, kind="repair.photo_added", subject=item.order, new={"item": item.position, "photo": photo.pk})
    prerender_on_commit(subject=item.order)
    return photo
