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
from django.utils import translation

from aftersales import audit, clock, fastinsert

from . import kinds, recipients, rendering
from .models import Message, MessageTemplate, Status
from .services import RELEASE, build_context, language_of

MESSAGE_COLUMNS = ["recipient_type", "recipient_id", "recipient_name", "recipient_label", "store_id", "kind", "channel", "to_address", "language", "subject", "body", "status", "due_at",
                   "attempts", "last_answer", "sent_at", "created_at", "dedupe_key", "subject_type", "subject_id"]


@dataclass
class Notice:
    customer: object  # a registered recipient model instance, or a recipients.Recipient
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


def _full(subject_t, body_t):
    def render(ctx: dict) -> tuple[str, str]:
        return (subject_t.render(Context(ctx, autoescape=False)).strip(), body_t.render(Context(ctx, autoescape=False)).strip())

    return render


def _fast_renderer(subject_t, body_t, texts: tuple, sample: dict):
    """Render a group once with markers for its text values, then fill each row in by replacing.

    Rows of a group share every value that is not a non-empty text (dates, numbers), so only the
    texts differ. The shortcut is used only if it gives the sample row exactly what a full render
    gives (a template that filters or tests a text value falls back to rendering every row).
    """
    full = _full(subject_t, body_t)
    markers = {k: f"\x02{i}\x03" for i, k in enumerate(texts)}
    shape = full({**sample, **markers})

    def fill(ctx: dict) -> tuple[str, str]:
        subject, body = shape
        for k, marker in markers.items():
            subject, body = subject.replace(marker, ctx[k]), body.replace(marker, ctx[k])
        return subject, body

    if any("\x02" in ctx_v for ctx_v in (sample[k] for k in texts)) or fill(sample) != full(sample):
        return full
    return fill


def notify_many(notices: list[Notice], *, now: datetime | None = None) -> int:
    """Queue one message per notice whose dedupe_key is new; return how many were queued.

    Only service kinds: marketing messages need the per-customer consent check of notify().
    """
    if not notices:
        return 0
    now = now or clock.now()
    keys = [n.dedupe_key for n in notices]
    existing = set(Message.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    todo = [n for n in notices if n.dedupe_key not in existing]
    if not todo:
        return 0
    for n in todo:
        if kinds.get(n.kind).marketing:
            raise ValueError(f"notify_many() sends service messages only, not {n.kind}")
    templates = _compiled({n.kind for n in todo})
    groups: dict[tuple, list[tuple]] = {}
    for n in todo:
        to = recipients.describe(n.customer)
        ctx = rendering.plain_context(build_context(to, n.store, n.context))
        fixed = tuple(sorted((k, v) for k, v in ctx.items() if not isinstance(v, str) or not v))
        texts = tuple(sorted(k for k, v in ctx.items() if isinstance(v, str) and v))
        groups.setdefault((n.kind, language_of(to), fixed, texts), []).append((n, to, ctx))
    rows = []
    for (kind, language, _fixed, texts), group in groups.items():
        subject_t, body_t = templates[(kind, language)]
        spec = kinds.get(kind)
        with translation.override(language):
            render = _fast_renderer(subject_t, body_t, texts, group[0][2])
            for n, to, ctx in group:
                subject, body = render(ctx)
                rows.append((
                    to.type, to.id, to.name[:60], to.label[:120], n.store.pk, kind, spec.channel, to.address(spec.channel), language,
                    subject[:200], body,
                    Status.QUEUED, now, 0, "", None, now, n.dedupe_key,
                    audit.subject_label(n.related) if n.related is not None else "", n.related.pk if n.related is not None else None,
                ))
    # A key inserted meanwhile by another transaction is skipped: the unique dedupe_key decides.
    fastinsert.insert(Message, MESSAGE_COLUMNS, rows, ignore_conflicts=True)

    from .tasks import run_sweep

    transaction.on_commit(lambda: run_sweep.delay(RELEASE), robust=True)
    return len(rows)
