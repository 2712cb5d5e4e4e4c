"""Intake: one order with its items, jobs, photos, policy decisions and risk acknowledgement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from aftersales import audit, clock, numbering, once
from aftersales.documents.services import prerender_on_commit
from aftersales.money import round_money, scale_grams
from aftersales.policy.decision import decide
from aftersales.policy.models import Fact
from customers.models import Purchase

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
    amount = round_money(value or 0)
    if amount < 0:
        raise ValidationError(_("%(label)s cannot be negative.") % {"label": label})
    return amount


def check_promised_date(value: date | None, *, today: date | None = None) -> None:
    if value is not None and value < (today or clock.today()):
        raise ValidationError(_("The promised date cannot be in the past."))


def promised_date_for(*, store, service_types: list[ServiceType], rush: bool, start: date | None = None) -> date:
    days = calendar.turnaround([s.turnaround_days for s in service_types], rush)
    return calendar.add_working_days(store=store, start=start or clock.today(), days=days)


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
) -> RepairOrder:
    """Create a repair order at the counter. A repeated form token raises DuplicateSubmit."""
    if not items:
        raise ValidationError(_("Add at least one item."))
    if not risks_acknowledged:
        raise ValidationError(_("The customer must acknowledge the risk disclosures before the items are taken in."))
    check_promised_date(promised_date)
    deposit = check_money(deposit, _("The deposit"))
    if deposit > 0 and not deposit_method:
        raise ValidationError(_("Say how the deposit was paid."))
    if do_not_exceed not in (None, ""):
        do_not_exceed = check_money(do_not_exceed, _("The do-not-exceed amount"))
    else:
        do_not_exceed = None
    signature = images.signature_from_data_url(signature_data_url) if signature_data_url else None
    if token is not None and not once.claim(token=token, user=actor):
        raise DuplicateSubmit

    now = clock.now()
    order = RepairOrder(
        number=numbering.next_number(store=store, kind="R"),
        store=store, customer=customer, received_at=now, status_changed_at=now, received_by=actor,
        promised_date=promised_date or clock.today(), rush=rush, deposit=deposit, do_not_exceed=do_not_exceed,
        risk_acknowledged_at=now, notes=notes,
    )
    if signature is not None:
        order.intake_signature.save(signature.name, signature, save=False)
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
        for upload in data.get("photos") or []:
            photo_add(item=item, data=upload.read() if hasattr(upload, "read") else upload, actor=actor, stage="intake")
        risk_input.append((item.material, item.stone_count, job_types))

    order.estimate, order.needs_quote = order_estimate(prices)
    if promised_date is None:
        order.promised_date = promised_date_for(store=store, service_types=services_used, rush=rush)
    order.risk_disclosures = risks.snapshot(risks.applicable(risk_input))
    order.save(update_fields=["estimate", "needs_quote", "promised_date", "risk_disclosures"])
    if deposit > 0:
        Payment.objects.create(order=order, kind=PaymentKind.DEPOSIT, amount=deposit, method=deposit_method, received_by=actor, at=now)
    audit.record(actor=actor, kind="repair.created", subject=order, new={
        "status": order.status, "customer": customer.pk, "item_count": len(items), "estimate": order.estimate,
        "promised_date": order.promised_date, "deposit": deposit, "rush": rush, "signed": signature is not None,
    })
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


def photo_add(*, item: RepairItem, data: bytes, actor, stage: str = "intake") -> ItemPhoto:
    content, width, height = images.clean_image(data)
    photo = ItemPhoto(item=item, width=width, height=height, taken_by=actor, stage=stage)
    photo.image.save(content.name, content, save=False)
    photo.save()
    return photo


@transaction.atomic
def repair_add_photo(*, order_id: int, item_id: int, data: bytes, actor, stage: str = "intake") -> ItemPhoto:
    item = RepairItem.objects.select_related("order").get(pk=item_id, order_id=order_id)
    photo = photo_add(item=item, data=data, actor=actor, stage=stage)
    audit.record(actor=actor, kind="repair.photo_added", subject=item.order, new={"item": item.position, "photo": photo.pk})
    prerender_on_commit(subject=item.order)
    return photo
