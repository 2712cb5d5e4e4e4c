"""A small framework for periodic sweeps: due work is selected from the database in batches.

Due times live in the database, never in the broker: beat sends a tick every few minutes, the
sweep selects what is due by state and time and acts on it in batches, one transaction each.
On PostgreSQL the batch is locked with SELECT … FOR UPDATE SKIP LOCKED, so two workers running
the same sweep take disjoint rows; on SQLite the IMMEDIATE transactions of our settings make the
batches run one after the other, and the second one selects what is still due. A worker killed in
the middle of a batch loses nothing: its transaction rolls back and the rows are still due for the
next run. The handler must leave every row it processed no longer due (the state moves on), and
must be safe to run on a row twice only in the sense that a row it finished is no longer selected.

Adding a sweep is a few lines in an app's tasks.py (so the worker imports it):

    @sweeps.sweep(name="repairs.pickup_expiry", label=_("Unclaimed repairs"),
                  due=lambda now: RepairOrder.objects.filter(status=READY, pickup_deadline__lt=now))
    def expire(rows, *, now):          # rows are locked; return how many were processed
        ...                            # move them on in bulk, notify(..., dedupe_key=f"final-notice:{r.pk}")
        return len(rows)

and a CELERY_BEAT_SCHEDULE entry {"task": "notifications.run_sweep", "args": ["repairs.pickup_expiry"]}.

Work that is not rows of a table (files in storage) registers a task that finds its own work;
it runs once per tick and is recorded like any sweep:

    @sweeps.task(name="aftersales.orphan_files", label=_("Remove files no record refers to"))
    def sweep_orphans(*, now):         # return how many things it handled
        ...
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from aftersales import clock

from .gateways import worker_name
from .models import SweepRun

logger = logging.getLogger(__name__)

KEEP_DAYS = 30  # a sweep runs every few minutes: keep a month of its bookkeeping


@dataclass(frozen=True)
class Sweep:
    name: str
    label: str
    due: Callable[[datetime], QuerySet] | None  # None: a task that finds its own work
    handle: Callable[..., int]
    batch_size: int | None = None
    max_batches: int | None = None


_registry: dict[str, Sweep] = {}


class UnknownSweep(KeyError):
    pass


def sweep(*, name: str, label: str, due: Callable[[datetime], QuerySet], batch_size: int | None = None, max_batches: int | None = None):
    def decorator(handle):
        _registry[name] = Sweep(name=name, label=label, due=due, handle=handle, batch_size=batch_size, max_batches=max_batches)
        return handle

    return decorator


def task(*, name: str, label: str):
    """A periodic job without due rows (see the module's docstring): handle(now=...) -> int."""
    def decorator(handle):
        _registry[name] = Sweep(name=name, label=label, due=None, handle=handle)
        return handle

    return decorator


def registered() -> list[Sweep]:
    return list(_registry.values())


def get(name: str) -> Sweep:
    try:
        return _registry[name]
    except KeyError:
        raise UnknownSweep(name)


def run(name: str, *, now: datetime | None = None, batch_size: int | None = None) -> SweepRun:
    """Run one sweep to the end (or max_batches); return its bookkeeping row."""
    spec = get(name)
    size = batch_size or spec.batch_size or settings.SWEEP_BATCH_SIZE
    # Committed at once, so a run whose worker dies stays visible as "did not finish".
    record = SweepRun.objects.create(name=name, started_at=clock.now(), worker=worker_name())
    failure = ""
    seen: set = set()
    if spec.due is None:
        try:
            record.processed = spec.handle(now=now or timezone.now())
            record.batches = 1
        except Exception as exc:
            logger.exception("sweep %s failed", name)
            record.errors += 1
            failure = f"{type(exc).__name__}: {exc}"[:2000]
    while spec.due is not None and (spec.max_batches is None or record.batches < spec.max_batches):
        at = now or timezone.now()
        try:
            with transaction.atomic():
                rows = list(spec.due(at).select_for_update(skip_locked=True, of=("self",))[:size])
                if not rows:
                    break
                again = seen.intersection(r.pk for r in rows)
                if again:
                    # A handler that leaves a row due would make this loop forever.
                    raise RuntimeError(f"rows still due after being processed: {sorted(again)[:10]}")
                seen.update(r.pk for r in rows)
                record.processed += spec.handle(rows, now=at)
        except Exception as exc:
            # The batch rolled back and its rows are still due; stop rather than spin on them.
            logger.exception("sweep %s failed", name)
            record.errors += 1
            failure = f"{type(exc).__name__}: {exc}"[:2000]
            break
        record.batches += 1
    record.error_text = failure
    record.finished_at = clock.now()
    record.save(update_fields=["processed", "batches", "errors", "error_text", "finished_at"])
    SweepRun.objects.filter(name=name, started_at__lt=record.started_at - timedelta(days=KEEP_DAYS)).delete()
    return record
