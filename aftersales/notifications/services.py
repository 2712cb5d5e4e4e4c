"""Writes of the outbox: create a message once, send it once, edit the wording."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftersales import audit, clock, roles
from aftersales.concurrency import check_and_bump
from aftersales.models import Store

from . import kinds, recipients, rendering, sweeps
from .gateways import Result, gateway_for
from .models import OPEN, Channel, Message, MessageTemplate, Status

GRACE = timedelta(minutes=2)  # a queued message whose send task never ran is swept after this


class NotificationError(Exception):
    pass


class IllegalRetry(NotificationError):
    pass


# --- quiet hours ------------------------------------------------------------------------------

def quiet_hours() -> tuple[time, time] | None:
    """QUIET_HOURS "21:00-09:00" in store local time; empty means no quiet hours."""
    value = (settings.QUIET_HOURS or "").strip()
    if not value:
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError:
        raise ImproperlyConfigured(f"QUIET_HOURS must look like 21:00-09:00, not {value!r}")
    return start, end


def quiet_until(now: datetime, zone: tzinfo | None = None) -> datetime | None:
    """The end of the quiet period `now` falls in (in `zone`, the store's time zone), or None if not quiet."""
    hours = quiet_hours()
    if hours is None:
        return None
    start, end = hours
    local = timezone.localtime(now, zone)
    t = local.time()
    quiet = (start <= t < end) if start <= end else (t >= start or t < end)  # the latter wraps midnight
    if not quiet:
        return None
    until = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if until <= local:
        until += timedelta(days=1)
    return until


# --- creating a message -----------------------------------------------------------------------

def _wording(kind: kinds.Kind, language: str) -> tuple[str, str]:
    row = MessageTemplate.objects.filter(kind=kind.code, language=language).first()
    if row is not None:
        return row.subject, row.body
    return kind.defaults.get(language) or kind.defaults[settings.LANGUAGE_CODE]


def build_context(recipient: recipients.Recipient, store: Store, context: dict) -> dict:
    """What every message's wording may use besides the caller's context (one place for notify and notify_many)."""
    return {
        "customer_name": recipient.name,
        "store_name": store.name,
        "store_phone": store.phone,
        "store_address": store.address,
        "opening_hours": store.opening_hours,
        **context,
    }


def language_of(recipient: recipients.Recipient) -> str:
    language = recipient.language or settings.LANGUAGE_CODE
    return language if language in kinds.LANGUAGES else settings.LANGUAGE_CODE


def _existing(dedupe_key: str) -> Message | None:
    return Message.objects.filter(dedupe_key=dedupe_key).first()


def notify(
    *,
    customer,
    kind: str,
    context: dict,
    store: Store,
    dedupe_key: str,
    channel: str | None = None,
    related: models.Model | None = None,
) -> Message:
    """Put a message in the outbox once per dedupe_key and send it after the caller commits.

    `customer` is the recipient: an instance of a model registered in recipients.py (a customer
    today), or a recipients.Recipient. The same dedupe_key again returns the existing message and
    sends nothing new: a sweep that runs twice, or a service called twice, notifies once.
    """
    existing = _existing(dedupe_key)
    if existing is not None:
        return existing
    recipient = recipients.describe(customer)
    spec = kinds.get(kind)
    channel = channel or spec.channel
    language = language_of(recipient)
    full_context = build_context(recipient, store, context)
    subject_src, body_src = _wording(spec, language)
    now = clock.now()
    message = Message(
        recipient_type=recipient.type,
        recipient_id=recipient.id,
        recipient_name=recipient.name[:60],
        recipient_label=recipient.label[:120],
        store=store,
        kind=kind,
        channel=channel,
        to_address=recipient.address(channel),
        language=language,
        subject=rendering.render(subject_src, full_context, language=language)[:200],
        body=rendering.render(body_src, full_context, language=language),
        dedupe_key=dedupe_key,
        due_at=now + GRACE,
        subject_type=audit.subject_label(related) if related is not None else "",
        subject_id=related.pk if related is not None else None,
    )
    # 消保法 29: marketing only with consent, read at this moment from the recipient's app.
    suppressed = spec.marketing and not recipients.may_market(recipient.type, [recipient.id])
    if suppressed:
        message.status, message.due_at, message.last_answer = Status.SUPPRESSED, None, _("No marketing consent.")
    try:
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        # Another transaction created it between our look and our insert.
        return Message.objects.get(dedupe_key=dedupe_key)
    if suppressed:
        audit.record(actor=None, kind="notification.suppressed", subject=message, store=store, new={"kind": kind})
    else:
        from .tasks import send_message

        # robust: a broker that is down must not fail the caller's request; the release sweep
        # sends the message after GRACE anyway.
        transaction.on_commit(lambda: send_message.delay(message.pk), robust=True)
    return message


def notify_staff(
    *,
    user,
    kind: str,
    context: dict,
    store: Store,
    dedupe_key: str,
    related: models.Model | None = None,
    attachment: str = "",
) -> Message:
    """An e-mail to a member of staff (e.g. the monthly report to managers) through the same
    outbox: once per dedupe_key, sent after the caller commits, retried by the same sweeps."""
    existing = _existing(dedupe_key)
    if existing is not None:
        return existing
    spec = kinds.get(kind)
    language = user.language if user.language in kinds.LANGUAGES else settings.LANGUAGE_CODE
    full_context = {"customer_name": str(user), "store_name": store.name, "store_phone": store.phone,
                    "store_address": store.address, "opening_hours": store.opening_hours, **context}
    subject_src, body_src = _wording(spec, language)
    message = Message(
        recipient_type=recipients.type_of(user), recipient_id=user.pk, recipient_name=str(user)[:60], recipient_label=str(user)[:120],
        store=store, kind=kind, channel=Channel.EMAIL, to_address=user.email or "", language=language,
        subject=rendering.render(subject_src, full_context, language=language)[:200],
        body=rendering.render(body_src, full_context, language=language),
        dedupe_key=dedupe_key, due_at=timezone.now() + GRACE, attachment=attachment,
        subject_type=audit.subject_label(related) if related is not None else "",
        subject_id=related.pk if related is not None else None,
    )
    try:
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        return Message.objects.get(dedupe_key=dedupe_key)
    from .tasks import send_message

    transaction.on_commit(lambda: send_message.delay(message.pk), robust=True)
    return message


@transaction.atomic
def recipient_merge(*, recipient_type: str, from_id: int, to_id: int) -> int:
    """A recipient's file merged into another (customers' merge): its messages follow it."""
    return Message.objects.filter(recipient_type=recipient_type, recipient_id=from_id).update(recipient_id=to_id)


# --- sending ----------------------------------------------------------------------------------

def _retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=settings.NOTIFY_RETRY_MINUTES * 2 ** max(attempts - 1, 0))


def _deliver(message: Message, *, now: datetime, quiet: datetime | None, gateways: dict, events: list, may_market: set) -> None:
    """Act on one locked message: suppress, wait for morning, or send and record the answer."""
    if message.status not in OPEN or message.gave_up:
        return
    if message.marketing and (message.recipient_type, message.recipient_id) not in may_market:
        # Consent withdrawn after the message was queued: stop at once (消保法 29).
        message.status, message.due_at, message.last_answer = Status.SUPPRESSED, None, _("No marketing consent.")
        events.append(("notification.suppressed", {"kind": message.kind}))
        return
    if quiet is not None:
        message.status, message.due_at = Status.QUIET, quiet
        return
    if not message.to_address:
        message.status, message.due_at = Status.FAILED, None
        message.last_answer = _("The customer has no address for this channel.")
        events.append(("notification.failed", {"kind": message.kind, "answer": message.last_answer}))
        return
    message.attempts += 1
    try:
        if message.channel not in gateways:
            gateways[message.channel] = gateway_for(message.channel)
        result = gateways[message.channel].send(message)
    except Exception as exc:  # the gateway's problem is recorded as its answer, and retried
        result = Result(False, f"{type(exc).__name__}: {exc}")
    message.last_answer = result.answer[:1000]
    if result.ok:
        message.status, message.due_at, message.sent_at = Status.SENT, None, clock.now()
    elif message.attempts < settings.NOTIFY_MAX_ATTEMPTS:
        message.status, message.due_at = Status.FAILED, now + _retry_delay(message.attempts)
    else:
        message.status, message.due_at = Status.FAILED, None
        events.append(("notification.failed", {"kind": message.kind, "attempts": message.attempts, "answer": message.last_answer}))



def _write_back(messages: list[Message]) -> None:
    """One UPDATE … FROM (VALUES …) per thousand rows, each row with its own values.

    Django's bulk_update builds a CASE per field and row: slow to build and to plan for a batch
    of a thousand; this is one cheap statement on PostgreSQL and on SQLite (3.33+).
    """
    table = connection.ops.quote_name(Message._meta.db_table)
    if connection.vendor == "postgresql":
        row = "(%s::bigint, %s::varchar, %s::timestamptz, %s::integer, %s::text, %s::timestamptz)"
        values, cols = "v(id, status, due_at, attempts, last_answer, sent_at)", ("id", "status", "due_at", "attempts", "last_answer", "sent_at")
    else:  # SQLite names the columns of VALUES column1, column2…
        row = "(%s, %s, %s, %s, %s, %s)"
        values, cols = "v", tuple(f"column{i}" for i in range(1, 7))
    adapt = connection.ops.adapt_datetimefield_value
    for start in range(0, len(messages), 1000):
        chunk = messages[start:start + 1000]
        params: list = []
        for m in chunk:
            params += [m.pk, m.status, adapt(m.due_at), m.attempts, m.last_answer, adapt(m.sent_at)]
        sql = (
            f"UPDATE {table} SET status = v.{cols[1]}, due_at = v.{cols[2]}, attempts = v.{cols[3]}, "
            f"last_answer = v.{cols[4]}, sent_at = v.{cols[5]} "
            f"FROM (VALUES {', '.join([row] * len(chunk))}) AS {values} WHERE {table}.id = v.{cols[0]}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def deliver_batch(messages: list[Message], *, now: datetime) -> int:
    """Deliver locked messages; a fixed number of queries per batch besides the gateway's own."""
    quiet: dict[str, datetime | None] = {}  # per store time zone: the quiet hours are the store's
    may_market = _marketing_allowed([m for m in messages if m.marketing and m.status in OPEN])
    gateways: dict = {}
    rows = []
    for message in messages:
        events: list = []
        zone = message.store.time_zone
        if zone not in quiet:
            quiet[zone] = quiet_until(now, clock.zone(message.store))
        _deliver(message, now=now, quiet=quiet[zone], gateways=gateways, events=events, may_market=may_market)
        rows.extend(audit.row(kind=kind, subject=message, store_id=message.store_id, new=new) for kind, new in events)
    _write_back(messages)
    audit.record_many(rows)
    return len(messages)


def _marketing_allowed(messages: list[Message]) -> set[tuple[str, int]]:
    """(type, id) of the recipients who may get marketing now: one question per recipient type."""
    by_type: dict[str, set[int]] = {}
    for m in messages:
        by_type.setdefault(m.recipient_type, set()).add(m.recipient_id)
    return {(t, pk) for t, ids in by_type.items() for pk in recipients.may_market(t, ids)}


@transaction.atomic
def message_send(*, message_id: int, now: datetime | None = None) -> Message | None:
    """Send one queued message (the on-commit task). A redelivered or repeated call is a no-op.

    Only QUEUED messages are sent here; waiting and failed ones belong to the sweeps, so a task
    redelivered hours later cannot retry a message ahead of its due time.
    """
    message = Message.objects.select_for_update(of=("self",)).select_related("store").filter(pk=message_id).first()
    if message is None or message.status != Status.QUEUED:
        return message
    deliver_batch([message], now=now or clock.now())
    return message


@transaction.atomic
def message_retry(*, message_id: int, actor) -> Message:
    """A manager sends a failed message again now (one more attempt, even past the limit)."""
    message = Message.objects.select_for_update().get(pk=message_id)
    roles.require(actor, message.store_id, "core.notification_outbox")
    if message.status != Status.FAILED:
        raise IllegalRetry(_("Only a failed message can be sent again."))
    old, new = audit.changes(message, ["status", "due_at"], {"status": Status.QUEUED, "due_at": clock.now()})
    if message.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        message.attempts = settings.NOTIFY_MAX_ATTEMPTS - 1
    message.save(update_fields=["status", "due_at", "attempts"])
    audit.record(actor=actor, kind="notification.retried", subject=message, store=message.store, old=old, new=new)
    from .tasks import send_message

    transaction.on_commit(lambda: send_message.delay(message.pk), robust=True)
    return message


# --- the two outbox sweeps --------------------------------------------------------------------

RELEASE = "notifications.release_waiting"
RETRY = "notifications.retry_failed"


# No ORDER BY: every due row is handled within the same run anyway, and sorting a large backlog
# (the 09:00 release after a night of quiet hours) would cost more than the batch itself.
def _waiting(now: datetime):
    return Message.objects.filter(status__in=[Status.QUEUED, Status.QUIET], due_at__lte=now).select_related("store").order_by()


def _failed(now: datetime):
    return Message.objects.filter(status=Status.FAILED, due_at__lte=now).select_related("store").order_by()


sweeps.sweep(name=RELEASE, label=_("Send waiting messages (after quiet hours, lost tasks)"), due=_waiting)(deliver_batch)
sweeps.sweep(name=RETRY, label=_("Retry failed messages"), due=_failed)(deliver_batch)


# --- wording ----------------------------------------------------------------------------------

def template_validate(*, kind: str, language: str, subject: str, body: str) -> None:
    spec = kinds.get(kind)
    context = spec.sample_context()
    rendering.validate(subject, context, language=language)
    if not rendering.validate(body, context, language=language):
        raise rendering.TemplateInvalid(_("The text is empty."))


@transaction.atomic
def template_save(*, kind: str, language: str, subject: str, body: str, actor, expected_version: int | None = None) -> MessageTemplate:
    """Save a chain manager's wording; raises TemplateInvalid if it does not render."""
    roles.require(actor, None, "core.notification_templates")  # one wording for the whole chain
    template_validate(kind=kind, language=language, subject=subject, body=body)
    row = MessageTemplate.objects.select_for_update().filter(kind=kind, language=language).first()
    if row is None:
        if expected_version not in (None, 0):
            from aftersales.concurrency import StaleEdit

            raise StaleEdit()
        row = MessageTemplate.objects.create(kind=kind, language=language, subject=subject, body=body, updated_by=actor)
        audit.record(actor=actor, kind="notification.template_created", subject=row, new={"subject": subject, "body": body})
        return row
    check_and_bump(row, expected_version)
    old, new = audit.changes(row, ["subject", "body"], {"subject": subject, "body": body})
    row.updated_by = actor
    row.save()
    audit.record(actor=actor, kind="notification.template_changed", subject=row, old=old, new=new)
    return row


def template_reset(*, kind: str, language: str, actor, expected_version: int | None = None) -> MessageTemplate:
    """Back to the wording shipped in code (kept as a row, so the history stays in one place)."""
    subject, body = kinds.get(kind).defaults[language]
    return template_save(kind=kind, language=language, subject=subject, body=body, actor=actor, expected_version=expected_version)
