"""Outbox sweep: 100,000 due messages released in batches; time and queries per batch.

The same sweep framework runs the pickup-expiry sweep, so its per-batch query count is the one
to watch: it must not grow with the batch (no query per row besides the gateway's own).
"""

from __future__ import annotations

import logging
import os
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aftersales import clock
from bench.common import report

N = int(os.environ.get("BENCH_OUTBOX_N", "100000"))
BATCH = 1000


def main() -> None:
    from aftersales.models import Store
    from aftersales.notifications import services, sweeps
    from aftersales.notifications.models import Message, Status, SweepRun
    from customers.models import Customer
    from customers.recipients import TYPE

    settings.SMS_GATEWAY = "console"
    settings.QUIET_HOURS = ""
    logging.getLogger("aftersales.notifications.gateways").setLevel(logging.WARNING)

    store, _ = Store.objects.get_or_create(code="BENCH", defaults={"name": "Bench store"})
    customer = Customer.objects.create(name="压测", phone="+8613000000000", phone_last4="0000", home_store=store)
    to = {"recipient_type": TYPE, "recipient_id": customer.pk, "recipient_name": customer.name}
    mine = Message.objects.filter(recipient_type=TYPE, recipient_id=customer.pk)
    try:
        past = clock.now() - timedelta(hours=1)
        start = time.perf_counter()
        for offset in range(0, N, 5000):
            Message.objects.bulk_create(
                Message(**to, store=store, kind="pickup_reminder", language="zh-hans", to_address=customer.phone,
                        body="提醒", status=Status.QUEUED, due_at=past, dedupe_key=f"bench:{i}")
                for i in range(offset, min(offset + 5000, N))
            )
        report(f"outbox_seed_{N // 1000}k", time.perf_counter() - start, "s")
        if connection.vendor == "postgresql":
            # What autovacuum does within a minute of a bulk load; without statistics the planner
            # takes the table for tiny and scans the whole index range on every batch.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE notifications_message")

        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            run = sweeps.run(services.RELEASE, batch_size=BATCH)
            elapsed = time.perf_counter() - start
        assert run.processed == N and run.errors == 0, (run.processed, run.error_text)
        assert mine.filter(status=Status.SENT).count() == N
        report(f"outbox_release_sweep_{N // 1000}k", elapsed, "s")
        # The run's own bookkeeping (create, save, prune) is outside the batches.
        report("outbox_release_sweep_queries_per_batch", (len(queries.captured_queries) - 3) / run.batches, "queries")
        SweepRun.objects.filter(pk=run.pk).delete()
    finally:
        mine.delete()
        customer.delete()
