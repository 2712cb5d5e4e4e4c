"""The repair events in words: what the history panel says about orders and service types."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from aftersales.audit import Value, register_kinds, register_values
from aftersales.models import Store

from .models import ApprovalMethod, IdType, Location, PaymentMethod, RepairOrder, ServiceType, Status


def register() -> None:
    register_kinds({
        "repair.created": _("Order taken in"),
        "repair.photo_added": _("Photo added"),
        "repair.quoted": _("Quote made"),
        "repair.quote_approved": _("Quote approved"),
        "repair.custody": _("Item moved"),
        "repair.weighed_out": _("Return weights recorded"),
        "repair.weight_approved": _("Weight difference approved"),
        "repair.promised_date_changed": _("Promised date changed"),
        "repair.rush": _("Rush changed"),
        "repair.pickup": _("Items handed over"),
        "repair.pickup_deadline_extended": _("Last day to collect extended"),
        **{f"repair.{status}": format_lazy("{}: {}", _("Status now"), status.label) for status in Status},
    }, subject=RepairOrder)
    register_kinds({"service_type.saved": _("Service type saved")}, subject=ServiceType)
    register_kinds({"store.closed_day_added": _("Closed day added"), "store.closed_day_removed": _("Closed day removed")},
                   subject=Store)
    register_values({"date": Value(_("date"), "date"), "note": Value(_("note"))}, kind="store.closed_day_added")
    register_values({"date": Value(_("date"), "date"), "note": Value(_("note"))}, kind="store.closed_day_removed")
    register_values({
        "item_count": Value(_("items"), "count"),
        "signed": Value(_("signed by the customer"), "bool"),
        "item": Value(_("item no."), "count"),
        "photo": Value(_("photo no."), "count"),
        "revision": Value(_("revision"), "count"),
        "labour": Value(_("labour"), "money"),
        "parts": Value(_("parts"), "money"),
        "metal_weight": Value(_("metal added"), "grams"),
        "metal_price_per_gram": Value(_("metal price per gram"), "money"),
        "metal_amount": Value(_("metal amount"), "money"),
        "discount": Value(_("discount"), "money"),
        "total": Value(_("total"), "money"),
        "custody_location": Value(_("where the item is"), "choice", Location),
        "received_by": Value(_("received by")),
        "weights": Value(_("weights"), "weights"),
        "weighed": Value(_("weights"), "weights"),
        "difference": Value(_("difference"), "grams"),
        "customer_told": Value(_("customer told"), "bool"),
        "told_how": Value(_("told how")),
        "receipt_presented": Value(_("receipt presented"), "bool"),
        "by_owner": Value(_("collected by the owner"), "bool"),
        "collector": Value(_("collected by")),
        "id_type": Value(_("ID checked"), "choice", IdType),
        "paid": Value(_("paid"), "money"),
        "refunded": Value(_("refunded"), "money"),
        "method": Value(_("paid by"), "choice", PaymentMethod),
        "pickup_signed": Value(_("signed at pickup"), "bool"),
    }, subject=RepairOrder)
    register_values({"method": Value(_("approved by"), "choice", ApprovalMethod)}, kind="repair.quote_approved")
