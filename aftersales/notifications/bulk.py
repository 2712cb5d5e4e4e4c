"""notify() for a whole batch: a fixed number of queries however many messages.

A sweep that moves a thousand orders at once must not create their messages one query at a
time. `notify_many` renders each message like notify() does and inserts them in one statement;
the unique dedupe_key still proves once-only (a key already in the outbox, or inserted by a
concurrent transaction, is skipped by ON CONFLICT DO NOTHING). The messages are due at once and
go out with the outbox's release sweep, which is started after the caller commits (one task for
the batch, not one per message); quiet hours and consent are checked there as for any message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import models, transaction
from django.template import Context
from django.utils import timezone, translation

from aftersales import audit

from . import kinds, rendering
from .models import Message, MessageTemplate
from .services import RELEASE, _address, _language


@dataclass
class Notice:
    customer: object
    store: object
    kind: str
    dedupe_key: str
    context: dict = field(default_factory=dict)
    related: models.Model | None = None


def _compiled(kinds_used: set[str]) -> dict:
    """(kind, language) → (subject template, body template), compiled once per batch."""
    rows = {(t.kind, t.language): (t.subject, t.body) for t in MessageTemplate.objects.filter(kind__in=kinds_used)}
    out = {}
    for code in kinds_used:
        spec = kinds.get(code)
        for language in kinds.LANGUAGES:
            subject, body = rows.get((code, language)) or spec.defaults.get(language) or spec.defaults[settings.LANGUAGE_CODE]
            out[(code, language)] = (rendering._LENIENT.from_string(subject), rendering._LENIENT.from_string(body))
    return out


def notify_many(notices: list[Notice], *, now: datetime | None = None) -> int:
    """Queue one message per notice whose dedupe_key is new; return how many were queued.

    Only service kinds: marketing messages need the per-customer consent check of notify().
    """
    if not notices:
        return 0
    now = now or timezone.now()
    keys = [n.dedupe_key for n in notices]
    existing = set(Message.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    todo = [n for n in notices if n.dedupe_key not in existing]
    if not todo:
        return 0
    for n in todo:
        if kinds.get(n.kind).marketing:
            raise ValueError(f"notify_many() sends service messages only, not {n.kind}")
    templates = _compiled({n.kind for n in todo})
    messages = []
    by_language: dict[str, list[Notice]] = {}
    for n in todo:
        by_language.setdefault(_language(n.customer), []).append(n)
    for language, group in by_language.items():
        with translation.override(language):
            for n in group:
                spec = kinds.get(n.kind)
                store = n.store
                ctx = rendering.plain_context({
                    "customer_name": n.customer.name, "store_name": store.name, "store_phone": store.phone,
                    "store_address": store.address, "opening_hours": store.opening_hours, **n.context,
                })
                subject_t, body_t = templates[(n.kind, language)]
                messages.append(Message(
                    customer=n.customer, store=store, kind=n.kind, channel=spec.channel,
                    to_address=_address(n.customer, spec.channel), language=language,
                    subject=subject_t.render(Context(ctx, autoescape=False)).strip()[:200],
                    body=body_t.render(Context(ctx, autoescape=False)).strip(),
                    dedupe_key=n.dedupe_key, due_at=now,
                    subject_type=audit.subject_label(n.related) if n.related is not None else "",
                    subject_id=n.related.pk if n.related is not None else None,
                ))
    Message.objects.bulk_create(messages, ignore_conflicts=True, batch_size=1000)

    from .tasks import run_sweep

    transaction.on_commit(lambda: run_sweep.delay(RELEASE), robust=True)
    return len(messages)
