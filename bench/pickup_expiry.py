"""Pickup expiry: 100,000 READY orders whose deadlines passed, swept to UNCLAIMED in batches.

Seeds with one INSERT … SELECT generate_series on PostgreSQL, runs the `repairs.pickup_expiry`
sweep (each batch: lock, one UPDATE of the orders, one INSERT of events, one of final notices)
and reports the time and the number of queries per batch, which must not grow with the batch.
"""

from __future__ import annotations

import os
import time
from datetime import date
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.common import report, require_postgres

N = int(os.environ.get("BENCH_EXPIRY_N", "100000"))
BATCH = int(os.environ.get("BENCH_EXPIRY_BATCH", "1000"))
CUSTOMERS = 1000


def _seed(store, customers: list[int]) -> None:
    from repairs.models import RepairOrder, Status

    template = RepairOrder.objects.create(number="BENCH-TEMPLATE", store=store, customer_id=customers[0], status=Status.READY,
                                          promised_date=date(2026, 1, 1), pickup_deadline=date(2026, 1, 31))
    fields = [f.column for f in RepairOrder._meta.concrete_fields if f.column not in ("id", "number", "customer_id")]
    cols = ", ".join(connection.ops.quote_name(c) for c in fields)
    table = RepairOrder._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (number, customer_id, {cols}) "
            f"SELECT 'BENCH-' || g, (%s::bigint[])[1 + g %% {len(customers)}], {cols} "
            f"FROM {table} t, generate_series(1, %s) g WHERE t.id = %s",
            [customers, N, template.pk],
        )
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [template.pk])
        cursor.execute(f"ANALYZE {table}")


def main() -> None:
    require_postgres()
    from aftersales import clock
    from aftersales.models import Event, Store
    from aftersales.notifications import sweeps
    from aftersales.notifications.models import Message, SweepRun
    from customers.models import Customer
    from repairs.models import RepairOrder, Status
    from repairs.tasks import EXPIRY

    store, _ = Store.objects.get_or_create(code="BENCHX", defaults={"name": "Bench expiry store"})
    customers = Customer.objects.bulk_create(
        Customer(name=f"压测{i}", phone=f"+86139{i:08d}", phone_last4=f"{i:04d}"[-4:], home_store=store) for i in range(CUSTOMERS))
    try:
        start = time.perf_counter()
        _seed(store, [c.pk for c in customers])
        report(f"pickup_expiry_seed_{N // 1000}k", time.perf_counter() - start, "s")

        spec = sweeps.get(EXPIRY)
        clock.zones()  # the stores' time zones: read once a minute per process, not per batch
        marks: list[int] = []
        with CaptureQueriesContext(connection) as queries:
            def due(now):  # called once at the start of every batch: mark where each batch starts
                marks.append(len(queries.captured_queries))
                return spec.due(now)

            patched = sweeps.Sweep(name=spec.name, label=spec.label, due=due, handle=spec.handle)
            # The release sweep is started once per batch after commit; no broker in the measurement.
            with mock.patch.dict(sweeps._registry, {EXPIRY: patched}), \
                 mock.patch("aftersales.notifications.tasks.run_sweep.delay"):
                start, cpu = time.perf_counter(), time.process_time()
                run = sweeps.run(EXPIRY, batch_size=BATCH)
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert run.processed == N and run.errors == 0, (run.processed, run.error_text)
        assert RepairOrder.objects.filter(store=store, status=Status.UNCLAIMED).count() == N
        assert Message.objects.filter(store=store, kind="final_notice").count() == N
        per_batch = [b - a for a, b in zip(marks, marks[1:], strict=False)]  # the last mark starts the empty final select
        assert len(set(per_batch)) == 1, per_batch  # the same for every batch: nothing per order
        report(f"pickup_expiry_sweep_{N // 1000}k", elapsed, "s")
        report("pickup_expiry_queries_per_batch", per_batch[0], "queries")
        # This process's CPU (the rest of the wall time is the database): tells a loaded machine apart.
        report(f"pickup_expiry_sweep_{N // 1000}k_python_cpu", cpu, "s")
        report("pickup_expiry_batch_size", BATCH, "orders")
        SweepRun.objects.filter(pk=run.pk).delete()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Message._meta.db_table} WHERE store_id = %s", [store.pk])
            cursor.execute(f"DELETE FROM {Event._meta.db_table} WHERE store_id = %s", [store.pk])
            cursor.execute(f"DELETE FROM {RepairOrder._meta.db_table} WHERE store_id = %s", [store.pk])
        Customer.objects.filter(home_store=store).delete()
