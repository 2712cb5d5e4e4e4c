"""The ONE adaptor from repair orders to the printed documents (aftersales.documents.data).

`receipt_data(order)`, `tag_data(order)` and `pickup_slip_data(pickup)` read the models and fill
the plain, frozen data the documents are rendered from; `status_info(pk)` is what the public page
behind the receipt's QR code may show. Registered in RepairsConfig.ready().

Everything printed comes from what was stored: the policy decision sentence from the snapshot
kept with each job, the risk sentences from the snapshot kept with the order, the intake time
(never "now"), so an unchanged order gives identical data and the stored PDF is served again.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import translation
from django.utils.translation import gettext as _

from aftersales.catalog import ItemCategory, JobType, Material
from aftersales.documents import selectors as doc_selectors
from aftersales.documents import services as doc_services
from aftersales.documents.data import (
    ItemTag,
    PickupLine,
    PickupSlip,
    ReceiptItem,
    ReceiptJob,
    RepairReceipt,
    StoreInfo,
)
from customers.models import Customer

from .models import ItemPhoto, PaymentKind, Pickup, RepairItem, RepairJob, RepairOrder, Status
from .services.quotes import approved_quote, approved_quotes


def _language(language: str | None) -> str:
    return (language or settings.LANGUAGE_CODE or "zh-hans").lower()


def _mask(name: str) -> str:
    return Customer(name=name).masked_name if name else ""


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def store_info(store) -> StoreInfo:
    prefs = doc_selectors.print_settings_for(store)
    return StoreInfo(
        name=store.name, address=store.address, phone=store.phone, code=store.code,
        receipt_paper=prefs.receipt_paper, tag_width_mm=prefs.tag_width_mm, tag_height_mm=prefs.tag_height_mm,
    )


def printable_orders():
    """Orders with everything a receipt reads, fetched up front (a fixed number of queries)."""
    orders = RepairOrder.objects.select_related("store", "store__print_settings", "customer", "received_by").prefetch_related(
        Prefetch("items", queryset=RepairItem.objects.order_by("position")),
        Prefetch("items__jobs", queryset=RepairJob.objects.order_by("pk")),
        Prefetch("items__photos", queryset=ItemPhoto.objects.only("id", "item_id", "image", "taken_at").order_by("taken_at", "pk")),
    )
    # The total of the latest approved quote comes with the order (the receipt prints no other
    # figure of the quotes): a print click's query less.
    approved_total = Subquery(approved_quotes(OuterRef("pk")).values("total")[:1])
    return doc_services.with_live_status_token(orders.annotate(approved_quote_total=approved_total))


def _first_photo(item: RepairItem) -> bytes | None:
    photos = list(item.photos.all())
    if not photos:
        return None
    # Read through the photo's own (private) storage: its location is fixed when the model loads.
    try:
        with photos[0].image.open("rb") as fh:
            return fh.read()
    except OSError:
        return None


def _condition(item: RepairItem, language: str) -> str:
    parts = [str(item._meta.get_field(f).verbose_name) for f in RepairItem.CONDITION_FIELDS if getattr(item, f)]
    if item.condition_notes.strip():
        parts.append(item.condition_notes.strip())
    return ("；" if language.startswith("zh") else "; ").join(parts)


def _job(job: RepairJob, language: str) -> ReceiptJob:
    label = _label(JobType, job.job_type)
    if job.refused:
        return ReceiptJob(label=_("%(job)s (not done)") % {"job": label}, decision=job.decision_text(language),
                          price=Decimal("0.00"), quantity=job.quantity)
    return ReceiptJob(label=label, decision=job.decision_text(language), price=job.price, quantity=job.quantity)


def _quote_total(order: RepairOrder) -> Decimal | None:
    if hasattr(order, "approved_quote_total"):  # read with the order (printable_orders)
        if order.approved_quote_total is not None:
            return order.approved_quote_total
    else:
        approved = approved_quote(order)
        if approved is not None:
            return approved.total
    if order.needs_quote:
        return None
    return order.estimate


def _read(field) -> bytes | None:
    if not field:
        return None
    try:
        with field.open("rb") as fh:
            return fh.read()
    except OSError:
        return None


def _signature(order: RepairOrder) -> bytes | None:
    return _read(order.intake_signature)


def receipt_data(order: RepairOrder, *, copies: tuple[str, ...] = ("customer",), language: str | None = None,
                 base_url: str = "") -> RepairReceipt:
    """The repair receipt of an order, as it stands now. `order` from printable_orders() saves queries."""
    language = _language(language)
    zh = language.startswith("zh")
    with translation.override(language):
        items = tuple(
            ReceiptItem(
                category=item.category, material=item.material, hallmark=item.hallmark, description=item.description,
                intake_weight=item.intake_weight, pieces=item.piece_count, stone_count=item.stone_count,
                condition=_condition(item, language), declared_value=item.declared_value, photo=_first_photo(item),
                jobs=tuple(_job(job, language) for job in item.jobs.all()),
            )
            for item in order.items.all()
        )
        risks = tuple(r.get("text_zh" if zh else "text_en", "") for r in (order.risk_disclosures or []) if isinstance(r, dict))
    return RepairReceipt(
        store=store_info(order.store),
        number=order.number,
        created_at=order.received_at,
        customer_name=order.customer.masked_name,
        customer_phone=order.customer.masked_phone,
        items=items,
        quote_total=_quote_total(order),
        deposit=order.deposit,
        promised_date=order.promised_date,
        rush=order.rush,
        pickup_terms=order.store.receipt_terms,
        risk_disclosures=tuple(r for r in risks if r),
        risk_acknowledged=order.risk_acknowledged_at is not None,
        signature=_signature(order),
        status_url=doc_services.status_url(subject=order, base_url=base_url),
        copies=tuple(copies),
        language=language,
        staff_name=str(order.received_by) if order.received_by_id else "",
    )


def tag_data(order: RepairOrder, *, language: str | None = None) -> ItemTag:
    """The label for the bag that travels with the items."""
    language = _language(language)
    with translation.override(language):
        lines = tuple(f"{_label(ItemCategory, i.category)} · {_label(Material, i.material)}" for i in order.items.all())
    return ItemTag(
        store=store_info(order.store), number=order.number, customer_surname=order.customer.name[:1],
        items=lines, promised_date=order.promised_date, rush=order.rush, language=language,
    )


def pickup_slip_data(pickup: Pickup, *, copies: tuple[str, ...] = ("customer",), language: str | None = None) -> PickupSlip:
    """What was handed over at one pickup: return weights beside intake weights, money taken."""
    language = _language(language)
    order = pickup.order
    items = sorted(pickup.items.all(), key=lambda i: i.position)
    paid = sum((-p.amount if p.kind == PaymentKind.REFUND else p.amount for p in pickup.payments.all()), Decimal("0"))
    with translation.override(language):
        method = ", ".join(dict.fromkeys(str(p.get_method_display()) for p in pickup.payments.all()))
        authorisation = ""
        if not pickup.by_owner or not pickup.receipt_presented:
            if pickup.id_type:
                authorisation = _("%(id)s ending %(digits)s checked") % {"id": pickup.get_id_type_display(), "digits": pickup.id_last_digits}
            if not pickup.receipt_presented:
                authorisation = (_("No receipt presented") + "; " + authorisation) if authorisation else _("No receipt presented")
    collector = pickup.collector_name or order.customer.name
    return PickupSlip(
        store=store_info(order.store), number=order.number, collected_at=pickup.at,
        customer_name=order.customer.masked_name,
        lines=tuple(
            PickupLine(description=i.description, category=i.category, material=i.material, intake_weight=i.intake_weight,
                       return_weight=i.pickup_weight if i.pickup_weight is not None else i.return_weight)
            for i in items
        ),
        amount_paid=paid, payment_method=method,
        collected_by=_mask(collector), on_behalf_of="" if pickup.by_owner else order.customer.masked_name,
        authorisation=authorisation, signature=_read(pickup.signature),
        staff_name=str(pickup.handed_by) if pickup.handed_by_id else "", language=language, copies=tuple(copies),
    )


# What the worker draws after a change, before anyone clicks: the receipt as the print buttons ask
# for it (customer copy; both copies), in the desk's language.
PRERENDERED_COPIES = (("customer",), ("customer", "store"))


def prerendered(order_id: int) -> list:
    """(kind, order, data) for each document the worker stores ahead of the print click; nothing
    for an order that is cancelled or disposed of (no one prints those at the counter)."""
    order = printable_orders().exclude(status__in=(Status.CANCELLED, Status.DISPOSED)).filter(pk=order_id).first()
    if order is None:
        return []
    return [("receipt", order, receipt_data(order, copies=copies)) for copies in PRERENDERED_COPIES]


def build_receipt(number: str):
    """For `manage.py print_receipt`: (order, receipt data); LookupError for an unknown number."""
    order = printable_orders().filter(number__iexact=number.strip()).first()
    if order is None:
        raise LookupError(f"no repair order {number}")
    return order, receipt_data(order)


def status_info(pk: int) -> dict | None:
    """What the public status page shows: the status, the promised date, the store's phone and a
    masked name; nothing else personal. None (a 404) once the order is cancelled or disposed of."""
    order = RepairOrder.objects.select_related("store", "customer").filter(pk=pk).first()
    if order is None or order.status in (Status.CANCELLED, Status.DISPOSED):
        return None
    return {
        "status": order.get_status_display(), "promised_date": order.promised_date, "store_phone": order.store.phone,
        "masked_name": order.customer.masked_name, "number": order.number, "store_name": order.store.name,
    }
