"""Repair desk at chain scale: 1,000,000 repair orders over 10 stores on PostgreSQL.

Seeds once with set-based SQL (generate_series), reuses the data on later runs, then measures:
  BENCH repair_list_p95            the counter's list pages through the real view (full middleware)
  BENCH repair_intake_p95          the intake form POST (one item, one job, a fresh form token each time)
  BENCH repair_list_ratio_to_bare  the list p95 against a bare Django view listing the same rows
"""

from __future__ import annotations

import time
import uuid

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path

from bench.common import percentile, report, require_postgres

ORDERS = 1_000_000
STORES = 10
CUSTOMERS = 100_000
PAGE = 50


def bare_list(request):
    """The same rows as the counter's first page, with no framework help beyond the ORM."""
    from repairs.models import RepairOrder

    rows = (RepairOrder.objects.filter(store_id=request.GET["store"]).order_by("-received_at", "-id")
            .values_list("number", "status", "received_at", "promised_date", "customer__name")[:PAGE])
    body = "".join(f"<tr><td>{n}</td><td>{s}</td><td>{r}</td><td>{p}</td><td>{c}</td></tr>" for n, s, r, p, c in rows)
    return HttpResponse(f"<table>{body}</table>")


urlpatterns = [path("bench-bare/", bare_list), path("", include("aftersales.urls"))]


def _insert_select(table: str, model, exprs: dict[str, str], source: str) -> str:
    """INSERT INTO table (every concrete column) SELECT exprs FROM source.

    A column the seed does not name takes its model default (so a new field does not break the
    bench); one with no usable default fails here.
    """
    from django.db.models import NOT_PROVIDED

    exprs = dict(exprs)
    missing = []
    for f in model._meta.concrete_fields:
        if f.column == "id" or f.column in exprs:
            continue
        default = f.default
        if default is NOT_PROVIDED or callable(default):
            if f.null:
                exprs[f.column] = "NULL"
            elif f.blank and f.empty_strings_allowed:
                exprs[f.column] = "''"
            elif callable(default) and default in (dict, list):
                exprs[f.column] = "'{}'::jsonb" if default is dict else "'[]'::jsonb"
            else:
                missing.append(f.column)
        elif isinstance(default, bool):
            exprs[f.column] = "true" if default else "false"
        elif isinstance(default, (int, float)):
            exprs[f.column] = str(default)
        else:
            exprs[f.column] = "'" + str(default).replace("'", "''") + "'"
    columns = [f.column for f in model._meta.concrete_fields if f.column != "id"]
    if missing:
        raise SystemExit(f"bench seed: no value for {table}.{missing}")
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(exprs[c] for c in columns)} FROM {source}"


def seed() -> list:
    from aftersales.models import Role, StaffMembership, Store, User
    from customers.models import Customer
    from repairs.models import RepairItem, RepairOrder

    stores = []
    for n in range(STORES):
        store, _ = Store.objects.get_or_create(code=f"BN{n}", defaults={"name": f"Bench store {n}"})
        stores.append(store)
        user, created = User.objects.get_or_create(username=f"bench-counter-{n}")
        if created:
            user.set_password("bench-pw-1")
            user.save()
        StaffMembership.objects.get_or_create(user=user, store=store, defaults={"role": Role.COUNTER})
    ids = [s.pk for s in stores]
    have = RepairOrder.objects.filter(store_id__in=ids, number__contains="-B").count()
    if have >= ORDERS:
        print(f"# reusing {have} seeded repair orders", flush=True)
        return stores
    started = time.perf_counter()
    store_array = "ARRAY[" + ",".join(str(i) for i in ids) + "]"
    with connection.cursor() as cur:
        seeded = "store_id = ANY(%s) AND number LIKE 'BN%%-B%%'"
        cur.execute(f"DELETE FROM repairs_repairitem WHERE order_id IN (SELECT id FROM repairs_repairorder WHERE {seeded})", [ids])
        cur.execute(f"DELETE FROM repairs_repairorder WHERE {seeded}", [ids])
        cur.execute("DELETE FROM customers_customer WHERE home_store_id = ANY(%s) AND phone LIKE '+86199%%'", [ids])
        cur.execute(_insert_select("customers_customer", Customer, {
            "version": "1", "name": "'顾客' || g", "phone": "'+86199' || lpad(g::text, 8, '0')", "phone_last4": "lpad((g % 10000)::text, 4, '0')",
            "phone2": "''", "wechat_id": "''", "birthday": "NULL", "gender": "''", "vip_tier": "'regular'",
            "home_store_id": f"({store_array})[1 + g % {STORES}]", "notes": "''", "preferences": "''", "marketing_consent": "false",
            "marketing_consent_at": "NULL", "merged_into_id": "NULL", "created_at": "now()", "created_by_id": "NULL",
        }, f"generate_series(1, {CUSTOMERS}) AS g"))
        cur.execute("SELECT min(id) FROM customers_customer WHERE phone LIKE '+86199%%' AND home_store_id = ANY(%s)", [ids])
        first_customer = cur.fetchone()[0]
        # Most orders are long collected; a few percent sit in each open state, as at a real desk.
        # (g / 10) so that every store (g % 10) gets every state.
        status = ("CASE WHEN k < 80 THEN 'collected' WHEN k < 84 THEN 'ready' WHEN k < 87 THEN 'in_repair' "
                  "WHEN k < 89 THEN 'awaiting_approval' WHEN k < 91 THEN 'received' WHEN k < 93 THEN 'approved' "
                  "WHEN k < 94 THEN 'quality_check' WHEN k < 96 THEN 'declined' WHEN k < 98 THEN 'cancelled' ELSE 'unclaimed' END")
        received = "now() - (g * interval '30 seconds')"
        cur.execute(_insert_select("repairs_repairorder", RepairOrder, {
            "version": "1", "number": f"'BN' || (g % {STORES}) || '-B' || lpad(g::text, 8, '0')",
            "store_id": f"({store_array})[1 + g % {STORES}]",
            "customer_id": f"{first_customer} + (g::bigint * 7919) % {CUSTOMERS}", "status": status, "status_changed_at": received,
            "received_at": received, "received_by_id": "NULL", "technician_id": "NULL",
            "promised_date": f"({received})::date + 5", "rush": "g % 50 = 0", "estimate": "(g % 300)::numeric", "needs_quote": "g % 20 = 0",
            "deposit": "0", "do_not_exceed": "NULL", "risk_disclosures": "'[]'::jsonb", "risk_acknowledged_at": received, "notes": "''",
            "ready_at": f"CASE WHEN {status} IN ('ready', 'collected', 'unclaimed') THEN {received} + interval '4 days' END",
            "collected_at": f"CASE WHEN {status} = 'collected' THEN {received} + interval '6 days' END",
            "unclaimed_at": "NULL", "unclaimed_decision": "''", "unclaimed_decision_note": "''",
        }, f"generate_series(1, {ORDERS}) AS g, LATERAL (SELECT (g / {STORES}) % 100 AS k) AS s"))
        cur.execute(_insert_select("repairs_repairitem", RepairItem, {
            "order_id": "o.id", "position": "1", "category": "'ring'", "material": "'au750'", "hallmark": "''", "description": "'戒指'",
            "piece_count": "1", "intake_weight": "3.210", "stone_count": "0", "scratches": "true", "bends": "false", "loose_stones": "false",
            "missing_stones": "false", "broken_clasp": "false", "worn_plating": "false", "cracks": "false", "condition_notes": "''",
            "declared_value": "NULL", "bought_here": "false", "receipt_shown": "false", "purchase_id": "NULL", "reason": "''",
            "added_metal_weight": "0", "return_weight": "NULL", "weight_checked_by_id": "NULL", "weight_approved_by_id": "NULL",
            "weight_approval_note": "''", "pickup_weight": "NULL", "pickup_id": "NULL",
            "custody_location": "CASE WHEN o.status = 'collected' THEN 'customer' ELSE 'counter' END", "custody_since": "o.received_at",
        }, "repairs_repairorder o WHERE o.store_id = ANY(%s) AND o.number LIKE 'BN%%-B%%'"), [ids])
    with connection.cursor() as cur:
        cur.execute("ANALYZE customers_customer; ANALYZE repairs_repairorder; ANALYZE repairs_repairitem")
    print(f"# seeded {ORDERS} repair orders in {time.perf_counter() - started:.1f} s", flush=True)
    return stores


def _timed(client, url: str, repeat: int, data: dict | None = None, method: str = "get", fresh=None) -> list[float]:
    samples = []
    for _ in range(repeat):
        payload = fresh() if fresh else data
        start = time.perf_counter()
        response = getattr(client, method)(url, payload)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code not in (200, 302):
            raise SystemExit(f"bench: {method.upper()} {url} answered {response.status_code}")
    return samples


def main() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    require_postgres()
    call_command("migrate", verbosity=0)
    stores = seed()
    with connection.cursor() as cur:  # index-only counts need a fresh visibility map
        cur.execute("VACUUM ANALYZE repairs_repairorder")

    from aftersales.models import User
    from repairs.models import ServiceType

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(ROOT_URLCONF="bench.repairs", DEBUG=False, STORAGES=storages):
        store = stores[0]
        client = Client()
        client.force_login(User.objects.get(username="bench-counter-0"), backend="django.contrib.auth.backends.ModelBackend")
        pages = [{"view": "all"}, {"view": "all", "page": "2"}, {"view": "today"}, {"view": "awaiting"}, {"view": "overdue"},
                 {"view": "ready"}, {"status": "in_repair"}, {"q": "0042"}, {"view": "all", "page": "40"}]
        for params in pages:  # warm caches and connections
            client.get("/repairs/", params)
            client.get("/bench-bare/", {"store": store.pk})
        list_samples, bare_samples = [], []
        for _ in range(30):
            for params in pages:
                list_samples += _timed(client, "/repairs/", 1, params)
                bare_samples += _timed(client, "/bench-bare/", 1, {"store": store.pk})
        list_p95 = percentile(list_samples, 95)
        report("repair_list_p95", list_p95, "ms")
        report("repair_list_p50", percentile(list_samples, 50), "ms")

        polish = ServiceType.objects.get(code="polish")

        def intake_data():
            return {
                "submit_token": str(uuid.uuid4()), "phone": "13812345678", "customer_name": "压测顾客", "risks_acknowledged": "on",
                "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "20",
                "items-0-category": "ring", "items-0-material": "au990", "items-0-description": "足金戒指", "items-0-piece_count": "1",
                "items-0-intake_weight": "5.12", "items-0-stone_count": "0", "items-0-job1": str(polish.pk), "items-0-qty1": "1",
            }

        _timed(client, "/repairs/new/", 3, method="post", fresh=intake_data)
        intake = _timed(client, "/repairs/new/", 60, method="post", fresh=intake_data)
        report("repair_intake_p95", percentile(intake, 95), "ms")
        report("repair_intake_p50", percentile(intake, 50), "ms")
        report("repair_list_ratio_to_bare", list_p95 / percentile(bare_samples, 95), "x")
