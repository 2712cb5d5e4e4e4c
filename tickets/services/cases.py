"""Taking a case in and working on it: contacts, internal notes, the seven steps, links, attachments."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales import audit, links, numbering, once, roles, uploads
from aftersales.concurrency import check_and_bump
from aftersales.models import Store
from customers import phones
from customers import services as customer_services
from customers.models import Customer, Purchase
from customers.selectors import may_contact_for_service

from .. import workdays
from ..models import (
    AttachmentKind,
    Case,
    CaseAttachment,
    CaseCategory,
    CaseContact,
    CaseLink,
    CaseNote,
    CaseSettings,
    CaseStep,
    Channel,
    ContactMethod,
    Kind,
    Status,
    Step,
    Urgency,
)
from .errors import CaseError, DuplicateSubmit
from .workflow import bump, lock, move

ANONYMOUS_NAME = "匿名来电"
MAX_TEXT = 5000


def chain_settings() -> CaseSettings:
    row = CaseSettings.objects.filter(pk=1).first()
    return row or CaseSettings.objects.create(pk=1)


# --- deadlines ------------------------------------------------------------------------------

def ack_due(received_at: datetime, cfg: CaseSettings) -> datetime:
    """Seed 001: acknowledged within 24 hours of receipt (a chain setting); 24:00 exactly is on time."""
    return received_at + timedelta(hours=cfg.ack_hours)


def resolution_due(received_at: datetime, urgency: str, cfg: CaseSettings) -> datetime:
    return received_at + timedelta(hours=cfg.target_hours(urgency))


def regulator_due(received_at: datetime, cfg: CaseSettings, *, working_days: int | None = None) -> date:
    """The reply deadline of a 12315 case: N official working days after the day of receipt."""
    return workdays.add_working_days(timezone.localdate(received_at), working_days or cfg.regulator_working_days)


def _schedule(case: Case, cfg: CaseSettings) -> None:
    case.ack_due_at = ack_due(case.received_at, cfg)
    case.resolution_due_at = resolution_due(case.received_at, case.urgency, cfg)
    case.ack_reminder_at = case.ack_due_at - timedelta(hours=cfg.ack_reminder_hours) if cfg.ack_reminder_hours else None
    case.ack_escalate_at = case.ack_due_at
    case.resolution_escalate_at = case.resolution_due_at


# --- customers -----------------------------------------------------------------------------

def _customer_for(*, actor, store: Store, customer, phone: str, name: str) -> Customer:
    """The customer picked, or the file with this full phone in the actor's stores, or a new file.
    An anonymous hotline caller leaves at least a phone (seed 001: record the contact)."""
    if customer is not None:
        if not isinstance(customer, Customer):
            customer = Customer.objects.filter(pk=customer).first()
        if customer is None or customer.home_store_id not in roles.store_ids(actor):
            raise CaseError({"phone": _("That customer file is not in your stores: search again.")})
        while customer.merged_into_id:
            customer = customer.merged_into
        return customer
    phone = (phone or "").strip()
    if not phone:
        raise CaseError({"phone": _("A case needs a way to reach the customer: at least a phone number.")})
    if phone.isdigit() and len(phone) == 4:
        raise CaseError({"phone": _("Choose the customer found by the last four digits, or type the full number to make a new file.")})
    e164 = phones.normalise(phone)
    found = roles.scoped(Customer.objects.filter(phone=e164, merged_into__isnull=True), actor).order_by("pk").first()
    if found is not None:
        return found
    return customer_services.customer_create(store=store, actor=actor, name=(name or "").strip() or ANONYMOUS_NAME, phone=e164)


def _text(value: str, label: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise CaseError(_("%(label)s is required.") % {"label": label})
    if len(value) > MAX_TEXT:
        raise CaseError(_("%(label)s is too long (at most %(n)s characters).") % {"label": label, "n": MAX_TEXT})
    return value


# --- taking a case in ----------------------------------------------------------------------

@transaction.atomic
def case_create(
    *,
    actor,
    store: Store,
    now: datetime,
    kind: str,
    channel: str,
    category: CaseCategory | int,
    description: str,
    urgency: str = Urgency.NORMAL,
    customer: Customer | int | None = None,
    phone: str = "",
    customer_name: str = "",
    customer_wants: str = "",
    received_at: datetime | None = None,
    purchase: Purchase | int | None = None,
    staff_concerned=None,
    regulator_number: str = "",
    regulator_reply_due: date | None = None,
    assignee=None,
    token=None,
) -> Case:
    """A new case in `store`. The clocks (24-hour acknowledgement, resolution target) start at receipt."""
    roles.require(actor, store, "tickets.create")
    if kind not in Kind.values:
        raise CaseError({"kind": _("Choose what kind of case this is.")})
    if channel not in Channel.values:
        raise CaseError({"channel": _("Choose how the case reached us.")})
    if urgency not in Urgency.values:
        raise CaseError({"urgency": _("Choose the urgency.")})
    if not isinstance(category, CaseCategory):
        category = CaseCategory.objects.filter(pk=category, is_active=True).first()
    if category is None or not category.is_active:
        raise CaseError({"category": _("Choose a category from the list.")})
    description = _text(description, _("What happened"), required=True)
    customer_wants = _text(customer_wants, _("What the customer wants"))
    received_at = received_at or now
    if received_at > now + timedelta(minutes=5):
        raise CaseError({"received_at": _("The case cannot be received in the future.")})
    regulator_number = (regulator_number or "").strip()
    if regulator_reply_due and not regulator_number:
        raise CaseError({"regulator_number": _("A regulator's reply deadline needs the regulator's case number.")})
    if channel == Channel.REGULATOR and not regulator_number:
        raise CaseError({"regulator_number": _("A case forwarded by the regulator (12315) needs the regulator's case number.")})
    if staff_concerned is not None and not roles.may(actor, store, "tickets.see_staff_concerned"):
        raise roles.NotAllowed("tickets.see_staff_concerned", roles.role_in(actor, store))
    if token is not None and not once.claim(token=token, user=actor):
        raise DuplicateSubmit
    customer = _customer_for(actor=actor, store=store, customer=customer, phone=phone, name=customer_name)
    if purchase is not None and not isinstance(purchase, Purchase):
        purchase = Purchase.objects.filter(pk=purchase).first()
    if purchase is not None and purchase.customer_id != customer.pk:
        raise CaseError({"purchase": _("That purchase belongs to another customer.")})
    cfg = chain_settings()
    case = Case(
        number=numbering.next_number(store=store, kind="C"), store=store, customer=customer, kind=kind, channel=channel,
        category=category, urgency=urgency, received_at=received_at, status_changed_at=now, received_by=actor,
        assignee=assignee or actor, description=description, customer_wants=customer_wants,
        contact_phone=customer.phone, staff_concerned=staff_concerned, purchase=purchase, regulator_number=regulator_number,
    )
    _schedule(case, cfg)
    if channel == Channel.REGULATOR or regulator_number:
        try:
            case.regulator_reply_due = regulator_reply_due or regulator_due(received_at, cfg)
        except workdays.CalendarUnknown as exc:
            raise CaseError({"regulator_reply_due": str(exc)}) from None
    case.expected_by = timezone.localdate(case.resolution_due_at)
    case.save()
    audit.record(actor=actor, kind="case.created", subject=case, new={
        "kind": kind, "channel": channel, "category": category.code, "urgency": urgency, "customer": customer.pk,
        "ack_due_at": case.ack_due_at, "resolution_due_at": case.resolution_due_at, "regulator_reply_due": case.regulator_reply_due,
    })
    if token is not None:
        once.set_result(token=token, user=actor, result_url=reverse("tickets:detail", kwargs={"number": case.number}))
    return case


EDITABLE = ["kind", "category", "urgency", "description", "customer_wants", "purchase", "staff_concerned", "regulator_number", "regulator_reply_due"]


@transaction.atomic
def case_update(*, case_id: int, actor, now: datetime, expected_version, **values) -> Case:
    """Correct what was taken in. A new urgency moves the resolution target (from receipt)."""
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.handle")
    if "staff_concerned" in values and values["staff_concerned"] != case.staff_concerned \
            and not roles.may(actor, case.store, "tickets.see_staff_concerned"):
        raise roles.NotAllowed("tickets.see_staff_concerned", roles.role_in(actor, case.store))
    if not case.is_open:
        raise CaseError(_("A resolved or closed case can no longer be changed."))
    check_and_bump(case, expected_version)
    for name in ("description", "customer_wants"):
        if name in values:
            values[name] = _text(values[name], str(Case._meta.get_field(name).verbose_name), required=name == "description")
    if "regulator_number" in values:
        values["regulator_number"] = (values["regulator_number"] or "").strip()
    number = values.get("regulator_number", case.regulator_number)
    if values.get("regulator_reply_due", case.regulator_reply_due) and not number:
        raise CaseError({"regulator_number": _("A regulator's reply deadline needs the regulator's case number.")})
    if case.channel == Channel.REGULATOR and not number:
        raise CaseError({"regulator_number": _("A case forwarded by the regulator (12315) needs the regulator's case number.")})
    purchase = values.get("purchase")
    if purchase is not None and purchase.customer_id != case.customer_id:
        raise CaseError({"purchase": _("That purchase belongs to another customer.")})
    old, new = audit.changes(case, EDITABLE, {k: v for k, v in values.items() if k in EDITABLE})
    fields = list(set(EDITABLE) & set(new))
    if "urgency" in new:
        cfg = chain_settings()
        case.resolution_due_at = resolution_due(case.received_at, case.urgency, cfg)
        case.resolution_escalate_at = case.resolution_due_at if case.resolution_escalated_at is None else None
        fields += ["resolution_due_at", "resolution_escalate_at"]
    if number and case.regulator_reply_due is None:
        try:
            case.regulator_reply_due = regulator_due(case.received_at, chain_settings())
        except workdays.CalendarUnknown as exc:
            raise CaseError({"regulator_reply_due": str(exc)}) from None
        fields.append("regulator_reply_due")
    case.save(update_fields=["version", *set(fields)])
    if new:
        audit.record(actor=actor, kind="case.updated", subject=case, old=old, new=new)
    return case


@transaction.atomic
def case_assign(*, case_id: int, actor, assignee, expected_version=None) -> Case:
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.assign")
    if roles.role_in(assignee, case.store) is None:
        raise CaseError({"assignee": _("The person handling a case must work in its store.")})
    check_and_bump(case, expected_version)
    old = {"assignee": case.assignee_id}
    case.assignee = assignee
    case.save(update_fields=["assignee", "version"])
    audit.record(actor=actor, kind="case.assigned", subject=case, old=old, new={"assignee": assignee.pk})
    return case


# --- contacts, notes, steps ----------------------------------------------------------------

def _notify(case: Case, *, kind: str, dedupe_key: str, context: dict) -> None:
    from aftersales.notifications.services import notify

    if not may_contact_for_service(case.customer):
        return
    notify(customer=case.customer, kind=kind, store=case.store, dedupe_key=dedupe_key, related=case,
           context={"case_number": case.number, **context})


@transaction.atomic
def contact_add(
    *,
    case_id: int,
    actor,
    now: datetime,
    at: datetime | None = None,
    method: str,
    told: str,
    customer_said: str = "",
    acknowledgement: bool = False,
    expected_by: date | None = None,
    token=None,
) -> CaseContact:
    """A contact with the customer. An acknowledgement (process and expected date explained) moves
    a received case to acknowledged, stops the 24-hour clock and sends the service SMS."""
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.handle")
    # First: a double click must find its twin, not "already acknowledged" (a refusal below rolls the claim back).
    if token is not None and not once.claim(token=token, user=actor):
        raise DuplicateSubmit
    at = at or now
    if method not in ContactMethod.values:
        raise CaseError({"method": _("Say how you were in touch with the customer.")})
    told = _text(told, _("What the customer was told"), required=True)
    customer_said = _text(customer_said, _("What the customer said"))
    if at < case.received_at:
        raise CaseError({"at": _("A contact cannot be dated before the case was received (%(when)s).")
                         % {"when": timezone.localtime(case.received_at).strftime("%Y-%m-%d %H:%M")}})
    if at > now + timedelta(minutes=5):
        raise CaseError({"at": _("A contact cannot be dated in the future.")})
    if case.status in (Status.CLOSED, Status.CANCELLED):
        raise CaseError(_("The case is closed: reopen it first."))
    if acknowledgement:
        if case.status != Status.RECEIVED:
            raise CaseError({"acknowledgement": _("This case was already acknowledged.")})
        if expected_by is None:
            raise CaseError({"expected_by": _("An acknowledgement tells the customer when to expect an answer: give the date.")})
        if expected_by < timezone.localdate(at):
            raise CaseError({"expected_by": _("The expected date cannot be before the contact.")})
    contact = CaseContact.objects.create(case=case, at=at, by=actor, method=method, told=told, customer_said=customer_said,
                                         is_acknowledgement=acknowledgement, expected_by=expected_by if acknowledgement else None)
    if acknowledgement:
        move(case, to=Status.ACKNOWLEDGED, actor=actor, now=now, extra={
            "acknowledged_at": at, "expected_by": expected_by, "ack_reminder_at": None, "ack_escalate_at": None,
        }, note=_("Acknowledged late") if at > case.ack_due_at else "")
        _notify(case, kind="case_acknowledged", dedupe_key=f"case-ack:{case.pk}", context={"expected_date": expected_by})
    else:
        bump(case)
        audit.record(actor=actor, kind="case.contact_added", subject=case, new={"method": method, "at": at})
    return contact


@transaction.atomic
def note_add(*, case_id: int, actor, now: datetime, text: str) -> CaseNote:
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.handle")
    text = _text(text, _("The note"), required=True)
    note = CaseNote.objects.create(case=case, at=now, by=actor, text=text)
    bump(case)
    audit.record(actor=actor, kind="case.note_added", subject=case, new={"note": note.pk})
    return note


@transaction.atomic
def step_record(*, case_id: int, actor, now: datetime, step: str, note: str = "") -> CaseStep:
    """Tick one of the seven steps (seed 002) with who, when and a note. Ticking it again changes nothing."""
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.handle")
    if step not in Step.values:
        raise CaseError({"step": _("Unknown step.")})
    if case.status == Status.CANCELLED:
        raise CaseError(_("The case was cancelled."))
    existing = CaseStep.objects.filter(case=case, step=step).first()
    if existing is not None:
        return existing
    done = CaseStep.objects.create(case=case, step=step, done_at=now, done_by=actor, note=_text(note, _("The note")))
    if case.status in (Status.ACKNOWLEDGED, Status.REOPENED):
        move(case, to=Status.IN_PROGRESS, actor=actor, now=now)
    else:
        bump(case)
    audit.record(actor=actor, kind="case.step_done", subject=case, new={"step": step}, note=done.note)
    return done


# --- links and attachments -----------------------------------------------------------------

@transaction.atomic
def link_add(*, case_id: int, actor, number: str) -> CaseLink:
    """Link the repair order, trade-in… the case concerns, found by its number (aftersales.links)."""
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.handle")
    doc = links.find(user=actor, number=number)
    if doc is None:
        raise CaseError({"number": _("No document numbered “%(number)s” in your stores.") % {"number": (number or "").strip()}})
    if doc.customer_id is not None and doc.customer_id != case.customer_id:
        raise CaseError({"number": _("%(number)s belongs to another customer.") % {"number": doc.number}})
    return _link(case, doc, actor=actor, opened_from_case=False)


def _link(case: Case, doc: links.Doc, *, actor, opened_from_case: bool) -> CaseLink:
    try:
        with transaction.atomic():
            link = CaseLink.objects.create(case=case, doc_type=doc.doc_type, doc_id=doc.doc_id, number=doc.number,
                                           opened_from_case=opened_from_case, added_by=actor if getattr(actor, "pk", None) else None)
    except IntegrityError:
        return CaseLink.objects.get(case=case, doc_type=doc.doc_type, doc_id=doc.doc_id)
    bump(case)
    audit.record(actor=actor, kind="case.linked", subject=case, new={"document": doc.number, "type": doc.doc_type,
                                                                    "opened_from_case": opened_from_case})
    return link


@transaction.atomic
def link_remove(*, case_id: int, actor, link_id: int) -> None:
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.handle")
    link = CaseLink.objects.filter(case=case, pk=link_id).first()
    if link is None:
        return
    link.delete()
    bump(case)
    audit.record(actor=actor, kind="case.unlinked", subject=case, old={"document": link.number})


def document_opened_from_case(*, pk: int, document: links.Doc, actor) -> None:
    """aftersales.links origin hook: a repair order (or another document) was opened from this case."""
    case = lock(pk)
    roles.require(actor, case.store, "tickets.handle")
    _link(case, document, actor=actor, opened_from_case=True)


@transaction.atomic
def attachment_add(*, case_id: int, actor, now: datetime, data: bytes, name: str = "") -> CaseAttachment:
    """A photo (validated, re-encoded without EXIF as repair photos are) or a PDF document."""
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.handle")
    if data[:5] == b"%PDF-":
        content = uploads.clean_pdf(data)
        kind = AttachmentKind.DOCUMENT
    else:
        content, _w, _h = uploads.clean_image(data)
        kind = AttachmentKind.PHOTO
    attachment = CaseAttachment(case=case, kind=kind, original_name=(name or "")[:120], size=content.size, uploaded_by=actor)
    storage = attachment.file.storage
    attachment.file.name = storage.generate_filename(timezone.localtime(now).strftime("tickets/%Y/%m/") + content.name)
    attachment.save()
    # The file is written once the row is committed: a rolled-back upload leaves no orphan file.
    transaction.on_commit(lambda: storage.save(attachment.file.name, content))
    bump(case)
    audit.record(actor=actor, kind="case.attachment_added", subject=case, new={"attachment": attachment.pk, "kind": kind})
    return attachment


@transaction.atomic
def case_cancel(*, case_id: int, actor, now: datetime, reason: str) -> Case:
    case = lock(case_id)
    roles.require(actor, case.store, "tickets.cancel")
    reason = _text(reason, _("The reason"), required=True)
    return move(case, to=Status.CANCELLED, actor=actor, now=now, note=reason, extra={
        "ack_reminder_at": None, "ack_escalate_at": None, "resolution_escalate_at": None})
