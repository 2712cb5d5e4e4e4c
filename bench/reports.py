"""Reports and the home board at chain scale on PostgreSQL: 1,000,000 repair orders (the seed of
bench/repairs.py, plus repair jobs) and 200,000 cases (the seed of bench/cases.py, plus root
causes, resolution times and ratings) over 10 stores, then measures:

  BENCH report_complaints_p95   the complaint report page, a store manager's 12 months, with filters
  BENCH report_repairs_p95      the repairs report page (incl. what the policy costs), 12 months
  BENCH home_board_p95          the home page board: counter, store manager and chain manager (10 rows)
  BENCH report_monthly_pdf      one store's monthly PDF: every report's figures, SVG charts, WeasyPrint, stored

BENCH_SCALE=0.1 seeds a tenth (100,000 orders, 20,000 cases) on a busy machine; the scale is printed.
"""

from __future__ import annotations

import os
import time

from django.db import connection

from bench.common import percentile, report, require_postgres

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
CASES = int(200_000 * SCALE)
FREE_EVERY = 10  # one order in ten has a job the policy made free


def seed_jobs(stores) -> None:
    from repairs.models import RepairJob, ServiceType

    ids = [s.pk for s in stores]
    if RepairJob.objects.filter(item__order__store_id__in=ids, item__order__number__contains="-B").exists():
        print("# reusing seeded repair jobs", flush=True)
        return
    from bench.repairs import _insert_select

    polish = ServiceType.objects.get(code="polish")
    started = time.perf_counter()
    rules = "ARRAY['warranty_12m', 'lifetime_clean', 'goodwill']"
    with connection.cursor() as cur:
        cur.execute(_insert_select("repairs_repairjob", RepairJob, {
            "item_id": "i.id", "service_type_id": str(polish.pk), "job_type": f"'{polish.job_type}'", "price_rule": f"'{polish.price_rule}'",
            "quantity": "1", "refused": "false",
            "outcome": f"CASE WHEN i.order_id %% {FREE_EVERY} = 0 THEN 'free' ELSE 'standard' END",
            "price": f"CASE WHEN i.order_id %% {FREE_EVERY} = 0 THEN 0 ELSE {polish.price} END",
            "decision": f"CASE WHEN i.order_id %% {FREE_EVERY} = 0 THEN jsonb_build_object('outcome', 'free', 'rule_code', "
                        f"({rules})[1 + (i.order_id / {FREE_EVERY}) %% 3]) ELSE jsonb_build_object('outcome', 'standard') END",
        }, "repairs_repairitem i JOIN repairs_repairorder o ON o.id = i.order_id WHERE o.store_id = ANY(%s) AND o.number LIKE 'BN%%-B%%'"), [ids])
        cur.execute("ANALYZE repairs_repairjob")
    print(f"# seeded repair jobs in {time.perf_counter() - started:.1f} s", flush=True)


def seed_cases() -> None:
    """The 200,000 cases of bench/cases.py, then what the complaint report reads besides: root
    causes of justified complaints, resolution times that differ, a few reopened, ratings."""
    import bench.cases as cases_bench
    from bench.repairs import _insert_select
    from tickets.models import Case, Rating, RootCause

    cases_bench.CASES = CASES
    cases_bench.CUSTOMERS = max(1000, int(50_000 * SCALE))
    stores = cases_bench.seed()
    ids = [s.pk for s in stores]
    seeded = Case.objects.filter(store_id__in=ids, number__contains="-K")
    if seeded.filter(root_cause__isnull=False).exists():
        print("# reusing the complaint report's additions to the seeded cases", flush=True)
        return
    started = time.perf_counter()
    causes = "ARRAY[" + ",".join(str(pk) for pk in RootCause.objects.order_by("pk").values_list("pk", flat=True)) + "]"
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE tickets_case SET resolved_at = received_at + (id %% 9 + 1) * interval '11 hours', "
            "reopen_count = CASE WHEN id %% 50 = 0 THEN 1 ELSE 0 END "
            "WHERE store_id = ANY(%s) AND number LIKE 'BN%%-K%%' AND resolved_at IS NOT NULL", [ids])
        cur.execute(
            f"UPDATE tickets_case SET justified = (id %% 3 <> 0), root_cause_id = CASE WHEN id %% 3 <> 0 THEN "
            f"({causes})[1 + (id * 7) %% array_length({causes}, 1)] END "
            "WHERE store_id = ANY(%s) AND number LIKE 'BN%%-K%%' AND status = 'closed' AND kind = 'complaint'", [ids])
        cur.execute("DELETE FROM tickets_rating WHERE case_id IN (SELECT id FROM tickets_case WHERE store_id = ANY(%s) AND number LIKE 'BN%%-K%%')", [ids])
        cur.execute(_insert_select("tickets_rating", Rating, {
            "case_id": "c.id", "score": "1 + c.id %% 5", "comment": "''", "at": "c.resolved_at",
        }, "tickets_case c WHERE c.store_id = ANY(%s) AND c.number LIKE 'BN%%-K%%' AND c.resolved_at IS NOT NULL AND c.id %% 4 = 0"), [ids])
        cur.execute("ANALYZE tickets_case; ANALYZE tickets_rating")
    print(f"# complaint report additions to the seeded cases in {time.perf_counter() - started:.1f} s", flush=True)


def _timed(client, url: str, params: dict) -> float:
    start = time.perf_counter()
    response = client.get(url, params)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"bench: GET {url} {params} answered {response.status_code}")
    return elapsed


def main() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import timezone

    import bench.repairs as repairs_bench
    from aftersales.models import Role, StaffMembership, User
    from aftersales.policy.deadlines import add_months
    from aftersales.reports.monthly import monthly_report_build

    require_postgres()
    call_command("migrate", verbosity=0)
    repairs_bench.ORDERS = int(1_000_000 * SCALE)
    repairs_bench.CUSTOMERS = max(1000, int(100_000 * SCALE))
    print(f"# scale {SCALE}: {repairs_bench.ORDERS} repair orders, {CASES} cases", flush=True)
    stores = repairs_bench.seed()
    seed_jobs(stores)
    seed_cases()
    from repairs.reports import policy_cost_refresh

    started = time.perf_counter()
    groups = policy_cost_refresh()
    print(f"# policy-cost roll-up: {groups} store-months folded in {time.perf_counter() - started:.1f} s", flush=True)
    with connection.cursor() as cur:
        for table in ("repairs_repairorder", "repairs_repairitem", "repairs_repairjob", "tickets_case", "tickets_rating"):  # one statement each: VACUUM is never in a transaction
            cur.execute(f"VACUUM ANALYZE {table}")

    def account(name, role, store_list):
        user, created = User.objects.get_or_create(username=name)
        if created:
            user.set_password("bench-pw-1")
            user.save()
        for s in store_list:
            StaffMembership.objects.get_or_create(user=user, store=s, defaults={"role": role})
        return user

    store = stores[0]
    manager = account("bench-manager-0", Role.MANAGER, [store])
    counter = User.objects.get(username="bench-counter-0")
    chain = account("bench-chain", Role.CHAIN_MANAGER, [store])

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(DEBUG=False, STORAGES=storages):
        def client_for(user):
            c = Client()
            c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            return c

        boss = client_for(manager)
        complaint_params = [{"store": store.pk}, {"store": store.pk, "category": "product_quality"}, {"store": store.pk, "channel": "hotline"},
                            {"store": store.pk, "urgency": "urgent"}, {"store": store.pk, "start": "2026-01", "end": "2026-06"}]
        for p in complaint_params:
            _timed(boss, "/reports/complaints/", p)
        samples = [_timed(boss, "/reports/complaints/", p) for _ in range(6) for p in complaint_params]
        report("report_complaints_p95", percentile(samples, 95), "ms")
        report("report_complaints_p50", percentile(samples, 50), "ms")

        repair_params = [{"store": store.pk}, {"store": store.pk, "start": "2026-06", "end": "2026-11"}]
        for p in repair_params:
            _timed(boss, "/reports/repairs/", p)
        samples = [_timed(boss, "/reports/repairs/", p) for _ in range(10) for p in repair_params]
        report("report_repairs_p95", percentile(samples, 95), "ms")
        report("report_repairs_p50", percentile(samples, 50), "ms")

        boards = [client_for(counter), boss, client_for(chain)]
        for c in boards:
            _timed(c, "/", {})
        samples = [_timed(c, "/", {}) for _ in range(15) for c in boards]
        report("home_board_p95", percentile(samples, 95), "ms")
        report("home_board_p50", percentile(samples, 50), "ms")

        # The worker that builds the PDFs is a warm process: one month first (fonts, WeasyPrint),
        # then a month not built before (a stored copy of identical data would make it free).
        from aftersales.documents.models import StoredDocument
        from aftersales.reports.models import MonthlyReport

        now = timezone.now()
        last = add_months(timezone.localdate(now).replace(day=1), -1)
        MonthlyReport.objects.filter(store=store).update(document=None)
        StoredDocument.objects.filter(kind="monthly_report", store=store).delete()
        monthly_report_build(store=store, month=add_months(last, -1), actor=None, now=now)
        start = time.perf_counter()
        monthly_report_build(store=store, month=last, actor=None, now=now)
        report("report_monthly_pdf", time.perf_counter() - start, "s")
