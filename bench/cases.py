"""Cases at chain scale: 200,000 cases over 10 stores on PostgreSQL.

Seeds once with set-based SQL (generate_series), reuses the data on later runs, then measures:
  BENCH case_list_p95              the case lists through the real view (full middleware), p95
  BENCH case_sla_sweep_10k         10,000 cases past their 24 hours at once: the store-manager escalation sweep
  BENCH case_sla_queries_per_batch the sweep's queries per batch (the same for every batch: nothing per case)
"""

from __future__ import annotations

import os
import time
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.common import percentile, report, require_postgres
from bench.repairs import _insert_select

CASES = 200_000
STORES = 10
CUSTOMERS = 50_000
DUE = 10_000
BATCH = int(os.environ.get("BENCH_CASES_BATCH", "2000"))  # rows per sweep transaction (SWEEP_BATCH_SIZE in production)


def seed() -> list:
    from aftersales.models import Role, StaffMembership, Store, User
    from customers.models import Customer
    from tickets.models import Case, CaseCategory

    stores = []
    for n in range(STORES):
        store, _ = Store.objects.get_or_create(code=f"BN{n}", defaults={"name": f"Bench store {n}"})
        stores.append(store)
        for role, name in ((Role.COUNTER, f"bench-counter-{n}"), (Role.MANAGER, f"bench-manager-{n}")):
            user, created = User.objects.get_or_create(username=name)
            if created:
                user.set_password("bench-pw-1")
                user.save()
            StaffMembership.objects.get_or_create(user=user, store=store, defaults={"role": role})
    ids = [s.pk for s in stores]
    have = Case.objects.filter(store_id__in=ids, number__contains="-K").count()
    if have >= CASES:
        print(f"# reusing {have} seeded cases", flush=True)
        return stores
    started = time.perf_counter()
    store_array = "ARRAY[" + ",".join(str(i) for i in ids) + "]"
    categories = list(CaseCategory.objects.values_list("pk", flat=True))
    category_array = "ARRAY[" + ",".join(str(i) for i in categories) + "]"
    counters = list(User.objects.filter(username__in=[f"bench-counter-{n}" for n in range(STORES)]).order_by("username").values_list("pk", flat=True))
    counter_array = "ARRAY[" + ",".join(str(i) for i in counters) + "]"
    with connection.cursor() as cur:
        seeded = "store_id = ANY(%s) AND number LIKE 'BN%%-K%%'"
        cur.execute(f"DELETE FROM tickets_staffalert WHERE case_id IN (SELECT id FROM tickets_case WHERE {seeded})", [ids])
        cur.execute(f"DELETE FROM tickets_case WHERE {seeded}", [ids])
        cur.execute("DELETE FROM customers_customer WHERE home_store_id = ANY(%s) AND phone LIKE '+86198%%'", [ids])
        cur.execute(_insert_select("customers_customer", Customer, {
            "version": "1", "name": "'投诉顾客' || g", "phone": "'+86198' || lpad(g::text, 8, '0')", "phone_last4": "lpad((g % 10000)::text, 4, '0')",
            "home_store_id": f"({store_array})[1 + g % {STORES}]", "created_at": "now()", "created_by_id": "NULL",
            "birthday": "NULL", "marketing_consent_at": "NULL", "merged_into_id": "NULL",
        }, f"generate_series(1, {CUSTOMERS}) AS g"))
        cur.execute("SELECT min(id) FROM customers_customer WHERE phone LIKE '+86198%%' AND home_store_id = ANY(%s)", [ids])
        first_customer = cur.fetchone()[0]
        # Most cases are long closed; a few percent sit in each open state, as at a real desk.
        status = ("CASE WHEN k < 70 THEN 'closed' WHEN k < 78 THEN 'resolved' WHEN k < 84 THEN 'in_progress' "
                  "WHEN k < 88 THEN 'acknowledged' WHEN k < 95 THEN 'received' WHEN k < 96 THEN 'awaiting_approval' "
                  "WHEN k < 97 THEN 'reopened' ELSE 'cancelled' END")
        received = "now() - (g * interval '2 minutes')"
        cur.execute(_insert_select("tickets_case", Case, {
            "version": "1", "number": f"'BN' || (g % {STORES}) || '-K' || lpad(g::text, 8, '0')",
            "store_id": f"({store_array})[1 + g % {STORES}]",
            "customer_id": f"{first_customer} + (g::bigint * 7919) % {CUSTOMERS}",
            "kind": "(ARRAY['complaint','complaint','complaint','exchange','return','enquiry','suggestion'])[1 + g % 7]",
            "channel": "(ARRAY['hotline','in_store','online','email','review_site','regulator'])[1 + g % 6]",
            "category_id": f"({category_array})[1 + g % {len(categories)}]",
            "urgency": "(ARRAY['normal','normal','normal','urgent','critical'])[1 + g % 5]",
            "status": status, "status_changed_at": received, "received_at": received, "received_by_id": "NULL",
            "assignee_id": f"({counter_array})[1 + g % {STORES}]",
            "description": "'手链断裂，顾客要求处理'", "customer_wants": "''", "contact_phone": "''", "staff_concerned_id": "NULL",
            "purchase_id": "NULL", "regulator_number": "CASE WHEN g % 6 = 5 THEN '12315-' || g ELSE '' END",
            "regulator_reply_due": f"CASE WHEN g % 6 = 5 THEN ({received})::date + 10 END",
            "ack_due_at": f"{received} + interval '24 hours'",
            "acknowledged_at": f"CASE WHEN {status} NOT IN ('received', 'cancelled') THEN {received} + interval '3 hours' END",
            "expected_by": f"({received})::date + 3", "resolution_due_at": f"{received} + interval '72 hours'",
            "resolved_at": f"CASE WHEN {status} IN ('resolved', 'closed') THEN {received} + interval '2 days' END",
            "closed_at": f"CASE WHEN {status} = 'closed' THEN {received} + interval '3 days' END",
            # Nothing is due in the seed: the sweep measurement makes 10,000 due at once.
            "ack_reminder_at": "NULL", "ack_escalate_at": "NULL", "resolution_escalate_at": "NULL",
            "ack_escalated_at": "NULL", "resolution_escalated_at": "NULL",
            "justified": "NULL", "root_cause_id": "NULL", "closing_note": "''", "reopen_count": "0", "reopened_at": "NULL", "reopen_reason": "''",
        }, f"generate_series(1, {CASES}) AS g, LATERAL (SELECT (g / {STORES}) % 100 AS k) AS s"))
    with connection.cursor() as cur:
        cur.execute("ANALYZE customers_customer; ANALYZE tickets_case")
    print(f"# seeded {CASES} cases in {time.perf_counter() - started:.1f} s", flush=True)
    return stores


def _timed(client, url: str, params: dict) -> float:
    start = time.perf_counter()
    response = client.get(url, params)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"bench: GET {url} {params} answered {response.status_code}")
    return elapsed


def bench_list(stores) -> None:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from aftersales.models import User
    from tickets.models import CaseCategory

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(DEBUG=False, STORAGES=storages):
        client = Client()
        client.force_login(User.objects.get(username="bench-counter-0"), backend="django.contrib.auth.backends.ModelBackend")
        category = CaseCategory.objects.first().pk
        pages = [{"view": "open"}, {"view": "to_ack"}, {"view": "overdue"}, {"view": "mine"}, {"view": "all"}, {"view": "all", "page": "2"},
                 {"view": "all", "status": "resolved"}, {"view": "all", "category": category}, {"view": "all", "q": "0042"},
                 {"view": "all", "page": "40"}, {"view": "awaiting"}, {"view": "reopened"}]
        for params in pages:  # warm caches and connections
            _timed(client, "/cases/", params)
        samples = [_timed(client, "/cases/", params) for _ in range(20) for params in pages]
        report("case_list_p95", percentile(samples, 95), "ms")
        report("case_list_p50", percentile(samples, 50), "ms")


def bench_sweep(stores) -> None:
    from django.utils import timezone

    from aftersales.notifications import sweeps
    from aftersales.notifications.models import SweepRun
    from tickets.models import Case, StaffAlert
    from tickets.tasks import ACK_OVERDUE

    ids = [s.pk for s in stores]
    now = timezone.now()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM tickets_staffalert WHERE store_id = ANY(%s)", [ids])
        cur.execute("DELETE FROM aftersales_event WHERE store_id = ANY(%s) AND kind = 'case.ack_overdue'", [ids])
        cur.execute("UPDATE tickets_case SET ack_escalate_at = NULL, ack_escalated_at = NULL WHERE store_id = ANY(%s) AND ack_escalate_at IS NOT NULL",
                    [ids])
        cur.execute("UPDATE tickets_case SET ack_escalate_at = %s, ack_escalated_at = NULL WHERE id IN ("
                    "SELECT id FROM tickets_case WHERE store_id = ANY(%s) AND status = 'received' ORDER BY id LIMIT %s)",
                    [now - timedelta(hours=1), ids, DUE])
        cur.execute("ANALYZE tickets_case")
    spec = sweeps.get(ACK_OVERDUE)
    marks: list[int] = []
    with CaptureQueriesContext(connection) as queries:
        def due(at):  # called once at the start of every batch: mark where each batch starts
            marks.append(len(queries.captured_queries))
            return spec.due(at)

        patched = sweeps.Sweep(name=spec.name, label=spec.label, due=due, handle=spec.handle)
        from unittest import mock

        with mock.patch.dict(sweeps._registry, {ACK_OVERDUE: patched}):
            start, cpu = time.perf_counter(), time.process_time()
            run = sweeps.run(ACK_OVERDUE, now=now, batch_size=BATCH)
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert run.processed == DUE and run.errors == 0, (run.processed, run.error_text)
    assert StaffAlert.objects.filter(store_id__in=ids, kind="ack_overdue").count() == DUE  # one manager per bench store
    assert Case.objects.filter(store_id__in=ids, ack_escalate_at__isnull=False).count() == 0
    per_batch = [b - a for a, b in zip(marks, marks[1:], strict=False)]
    assert len(set(per_batch)) == 1, per_batch  # the same for every batch: nothing per case
    report(f"case_sla_sweep_{DUE // 1000}k", elapsed, "s")
    report("case_sla_queries_per_batch", per_batch[0], "queries")
    report(f"case_sla_sweep_{DUE // 1000}k_python_cpu", cpu, "s")
    SweepRun.objects.filter(pk=run.pk).delete()


def main() -> None:
    from django.core.management import call_command

    require_postgres()
    call_command("migrate", verbosity=0)
    stores = seed()
    with connection.cursor() as cur:  # index-only counts need a fresh visibility map
        cur.execute("VACUUM ANALYZE tickets_case")
    bench_list(stores)
    bench_sweep(stores)
