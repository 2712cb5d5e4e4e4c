"""Load: a counter's day on the server as deployed, with locust (bench/scenarios/counter_day.py).

`make bench ONLY=load` seeds 8 stores with 5 staff each (40), their customers, open and
ready-for-pickup orders and follow-up calls in the PostgreSQL bench database, starts the desk
as `make run` does (manage.py rundesk: gunicorn sized from the CPU count, one Celery worker,
one beat) on Redis, and runs LOAD_SECONDS (120) of counter work: a quarter of the staff at
work from the start, the rest logging in at once at the shift change, then lists and filters,
search by last four digits, order pages, intake with a photo, quotes and approvals, pickups,
receipt prints, follow-up calls, complaint acknowledgements and trade-in quotes, 1–3 s apart.
Then the same scenario with 10 staff of one store on the embedded set-up (SQLite file,
filesystem broker), LOAD_SQLITE_SECONDS (120; sixty seconds gave seven prints, too few for a p95).

    BENCH load_rps                       requests per second over the run
    BENCH load_pages_p95                 pages (GET, HTML): lists, search, order pages, forms
    BENCH load_posts_p95                 form posts (intake with photo, quote, approval, pickup, call)
    BENCH load_receipt_print_p95         the print click (GET of the receipt PDF)
    BENCH load_p99_during_login_burst    any request but a login, started during the shift change's logins
    BENCH load_login_p95                 the logins themselves (a password check each)
    BENCH load_errors                    failed requests (HTTP errors, a form sent back, an error message)
    BENCH load_web_cpu_per_request       the web processes' CPU time per request, logins included
    BENCH load_web_cpu_share / load_worker_cpu_share   CPU used, in % of one core (on a shared
                                         machine these, not the latencies, say what the day costs)
    BENCH load_machine_busy              the whole machine's CPU in use during the run (locust and
                                         PostgreSQL included), in % of all its cores
    BENCH load_machine_speed             a fixed piece of pure-Python work timed before the run (ms,
                                         lower is faster): compare runs on different machines by it
    BENCH load_locust_cpu_share / load_database_cpu_share   the load generator's and PostgreSQL's
                                         CPU, in % of one core (not the desk's, on the same cores)
    BENCH load_receipts_drawn_ahead / load_receipts_drawn_at_click   receipt PDFs stored during
                                         the run by the worker, and by a print click that came
                                         before the worker was done (those clicks are the slow prints)
    BENCH load_sqlite_errors / load_sqlite_pages_p95 / load_sqlite_receipt_print_p95 (and the rest, load_sqlite_…)

LOAD_USERS=<n> (at most 40) runs the scenario with fewer staff, to find what a machine carries.

Loopback only; every loop is bounded and the run stops by itself. Settings: LOAD_PORT (18017),
LOAD_SQLITE_PORT (18117), LOAD_SECONDS, LOAD_SQLITE_SECONDS, LOAD_SQLITE=0 to skip the SQLite
run, LOAD_POSTGRES=0 to run only that one, LOAD_REDIS_URL (the desk's Redis database, emptied
before and after each run; else database 14 of REDIS_URL's server or of 127.0.0.1:6379),
LOAD_KEEP=<folder> to keep every request's line (samples-<port>.tsv). WEB_WORKERS, WEB_THREADS,
CELERY_CONCURRENCY size the server as they do in production.

More counter work: add a seeder to SEEDERS below (it adds ids to the store's manifest entry) and
an @action to the scenario file.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "bench" / "scenarios" / "counter_day.py"
PASSWORD = "load-pass-2026"
OPEN_ORDERS = 30  # per store: quotes, approvals, receipt prints
READY_ORDERS = 30  # per store: pickups
CUSTOMERS = 150  # per store
FOLLOWUPS = 20  # per store

CASES = 12  # per store: complaints received by phone, waiting for their 24-hour acknowledgement


def _seed_tradein(store, staff, entry) -> None:
    """A published trade-in rule for pure gold (ours) and today's gold price: quotes can be priced."""
    from datetime import date

    from django.utils import timezone

    from tradein.models import MetalPrice, Rule

    Rule.objects.get_or_create(store=store, code="LOAD", category="pure_gold", origin="ours", defaults={
        "name": "负载测试", "status": "published", "valid_from": date(2000, 1, 1), "fee_per_gram": Decimal("20"),
        "labour_mode": "a", "labour_per_gram": Decimal("15")})
    MetalPrice.objects.update_or_create(store=store, date=timezone.localdate(), material="au999",
                                        defaults={"metal": "gold", "price_per_gram": Decimal("612.00")})


def _seed_cases(store, staff, entry) -> None:
    """Complaints received this morning, not yet acknowledged: the counter calls the customers back."""
    from django.utils import timezone

    from aftersales import clock
    from tickets import defaults
    from tickets.models import Case, CaseCategory
    from tickets.services import case_create

    defaults.seed()
    category = CaseCategory.objects.filter(is_active=True).order_by("sort").first()
    Case.objects.filter(store=store, description__startswith="负载测试").delete()
    customers = entry["customers"]
    entry["cases"] = [case_create(actor=staff[0], store=store, now=timezone.now(), kind="complaint", channel="hotline", category=category,
                                  description=f"负载测试：戒指表面划痕 {i}", customer=customers[i][0]).number for i in range(CASES)]
    entry["case_expected_by"] = (clock.today(store, timezone.now()) + timedelta(days=3)).isoformat()  # the answer promised


# Seeders for more counter work: fn(store, staff: list[User], entry: dict) -> None, adding what
# the scenario's actions need to the store's manifest entry (e.g. entry["cases"]).
SEEDERS: list[Callable] = [_seed_tradein, _seed_cases]


# --- seeding (runs in the bench process for PostgreSQL, in a child process for SQLite) --------

def seed(*, stores: int, staff_per_store: int, prefix: str = "LD") -> dict:
    from unittest import mock

    from aftersales.documents import tasks as document_tasks
    from repairs import catalogue
    from repairs.models import ServiceType

    catalogue.seed(ServiceType)
    # The seeded orders stand for the morning's, whose receipts were drawn back then: queue no
    # drawing for them (the bench process's broker need not even be the desk's).
    with mock.patch.object(document_tasks.prerender, "delay"):
        return _seed(stores=stores, staff_per_store=staff_per_store, prefix=prefix)


def _seed(*, stores: int, staff_per_store: int, prefix: str) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from aftersales.models import Role, StaffMembership, Store, User
    from customers.models import Customer, FollowUp
    from customers.services import followup_create
    from repairs.models import RepairItem, RepairOrder, ServiceType, Status
    from repairs.services import repair_create

    polish = ServiceType.objects.get(code="polish")
    clean = ServiceType.objects.get(code="clean")
    encoded = make_password(PASSWORD)  # one full-strength hash for every bench account
    today = timezone.localdate()
    manifest = {"password": PASSWORD, "services": {"polish": polish.pk, "clean": clean.pk}, "stores": []}
    for n in range(1, stores + 1):
        store, _ = Store.objects.get_or_create(code=f"{prefix}{n}", defaults={"name": f"负载{n}店", "phone": f"0731-8000 10{n:02d}",
                                                                              "address": f"长沙市测试路 {n} 号"})
        staff = []
        for k in range(1, staff_per_store + 1):
            user, created = User.objects.get_or_create(username=f"{prefix.lower()}{n}-s{k}", defaults={"first_name": f"店员{n}-{k}"})
            if created or user.password != encoded:
                user.password = encoded
                user.save(update_fields=["password"])
            StaffMembership.objects.get_or_create(user=user, store=store, defaults={"role": Role.MANAGER if k == 1 else Role.COUNTER})
            staff.append(user)
        phones = [f"+86139{n:02d}{k:06d}" for k in range(CUSTOMERS)]
        have = set(Customer.objects.filter(phone__in=phones).values_list("phone", flat=True))
        Customer.objects.bulk_create([Customer(name=f"顾客{n}-{i}", phone=p, phone_last4=p[-4:], home_store=store)
                                      for i, p in enumerate(phones) if p not in have])
        customers = list(Customer.objects.filter(phone__in=phones).order_by("pk"))

        def order(i, job, _store=store, _staff=staff, _customers=customers):
            return repair_create(
                actor=_staff[i % len(_staff)], store=_store, customer=_customers[i % len(_customers)], risks_acknowledged=True,
                items=[{"category": "ring", "material": "au999", "description": f"足金戒指 {i}", "intake_weight": Decimal("5.23"),
                        "jobs": [{"service_type": job, "quantity": 1}]}],
            )

        open_orders = [order(i, polish).number for i in range(OPEN_ORDERS)]
        ready = [order(OPEN_ORDERS + i, clean) for i in range(READY_ORDERS)]
        # Straight to "ready" (the workshop's steps are not the counter's load): return weight = intake.
        for o in ready:
            RepairItem.objects.filter(order=o).update(return_weight=Decimal("5.23"))
        RepairOrder.objects.filter(pk__in=[o.pk for o in ready]).update(status=Status.READY, ready_at=timezone.now())
        ready_rows = [[o.number, [[i.pk, "5.23"] for i in o.items.all()]] for o in ready]
        # Calls closed by an earlier run cannot be called again: bench stores' calls start afresh.
        FollowUp.objects.filter(store=store).delete()
        followups = [followup_create(customer=customers[-1 - i], reason="service", due_date=today - timedelta(days=i % 3), store=store,
                                     context="负载测试回访").pk for i in range(FOLLOWUPS)]
        entry = {
            "code": store.code, "staff": [u.username for u in staff],
            "customers": [[c.pk, c.phone_last4] for c in customers],
            "open": open_orders, "ready": ready_rows, "followups": followups,
        }
        for seeder in SEEDERS:
            seeder(store, staff, entry)
        manifest["stores"].append(entry)
    return manifest


# --- the server and the load -----------------------------------------------------------------

def _python() -> str:
    return sys.executable


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the desk stopped while starting (exit {proc.returncode})")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the desk did not answer {url}/healthz within {timeout:.0f} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def _warm_up(url: str, manifest: dict) -> None:
    """A desk that has been up all day: every web process has drawn a receipt and the pages once
    (fonts, templates, connections). Three clients at once, so every process gets some."""
    import threading

    import requests

    store = manifest["stores"][0]

    def client(username: str, numbers: list[str]) -> None:
        session = requests.Session()
        session.get(f"{url}/login/", timeout=30)
        session.post(f"{url}/login/", data={"username": username, "password": manifest["password"],
                                             "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")}, timeout=30)
        for number in numbers:
            session.get(f"{url}/repairs/{number}/", timeout=30)
            session.get(f"{url}/repairs/{number}/print/receipt/", timeout=30)
            session.get(f"{url}/repairs/?view=all", timeout=30)

    ready = [r[0] for r in store["ready"]]
    threads = [threading.Thread(target=client, args=(store["staff"][i % len(store["staff"])], ready[i * 4:i * 4 + 4])) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)


def _processes():
    """(command name, command line, session id, CPU seconds with reaped children) of every process."""
    tick = os.sysconf("SC_CLK_TCK")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        yield stat[stat.index("(") + 1:stat.rindex(")")], cmdline, int(fields[3]), sum(int(f) for f in fields[11:15]) / tick


def _cpu_seconds(session: int) -> dict[str, float]:
    """CPU time (user + system, with reaped children) of the desk's processes, by role. On a
    shared machine this, not the latency, says what the load costs the server."""
    totals = {"web": 0.0, "worker": 0.0, "beat": 0.0}
    for _name, cmdline, sid, seconds in _processes():
        role = "web" if "gunicorn" in cmdline else "beat" if " beat" in cmdline else "worker" if " worker" in cmdline else None
        if sid == session and role:
            totals[role] += seconds
    return totals


def _machine_ticks() -> tuple[int, int]:
    """(busy, all) CPU ticks of the whole machine since boot (/proc/stat): how saturated it was,
    locust, PostgreSQL and everything else included."""
    try:
        fields = [int(f) for f in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


def _database_cpu_seconds() -> float:
    """CPU time of the PostgreSQL server's processes on this machine (0 where it runs elsewhere or
    is not readable): the database's share of the machine during the run."""
    return sum(seconds for name, _cmdline, _sid, seconds in _processes() if name == "postgres")


def machine_speed_ms() -> float:
    """A fixed piece of pure-Python work (the kind a page is made of), timed on this machine:
    the same code measured 1.7× slower on one 2-core machine than on another, so latencies
    from different machines are compared through this figure, not as they are."""
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        total = 0
        for i in range(2_000_000):
            total += i % 7
        best = min(best, (time.process_time() - start) * 1000)
    return best


def run_load(*, env: dict, port: int, users: int, seconds: int, manifest: dict, workdir: Path) -> tuple[list[dict], dict]:
    """Start the desk, run the scenario, stop everything; the request samples and the desk's CPU seconds."""
    # As `make run` does: the pages need the collected, hashed static files.
    subprocess.run([_python(), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=600)
    manifest_file = workdir / "manifest.json"
    manifest_file.write_text(json.dumps(manifest))
    samples_file = workdir / "samples.tsv"
    url = f"http://127.0.0.1:{port}"
    with open(workdir / "desk.log", "wb") as log, open(workdir / "locust.log", "wb") as locust_log:
        if env.get("REDIS_URL"):
            _empty_queue(env["REDIS_URL"])
        desk = subprocess.Popen([_python(), "manage.py", "rundesk", "--bind", f"127.0.0.1:{port}", "--quiet",
                                 "--schedule", str(workdir / "celerybeat-schedule")], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_healthy(url, desk)
            _warm_up(url, manifest)
            cpu_before = _cpu_seconds(desk.pid)
            machine_before = _machine_ticks()
            scenario_env = {**env, "LOAD_MANIFEST": str(manifest_file), "LOAD_SAMPLES": str(samples_file), "LOAD_USERS": str(users)}
            locust_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            database_before = _database_cpu_seconds()
            locust_started = time.time()
            subprocess.run(
                [_python(), "-m", "locust", "-f", str(SCENARIO), "--headless", "--host", url, "-u", str(users), "-r", str(users),
                 "-t", f"{seconds}s", "--stop-timeout", "10", "--only-summary", "--loglevel", "WARNING"],
                cwd=ROOT, env=scenario_env, timeout=seconds + 120, stdout=locust_log, stderr=subprocess.STDOUT, check=False,
            )
            locust_after = resource.getrusage(resource.RUSAGE_CHILDREN)
            database_cpu = _database_cpu_seconds() - database_before
            time.sleep(3)  # the worker finishes what the last requests queued
            cpu = {role: spent - cpu_before[role] for role, spent in _cpu_seconds(desk.pid).items()}
            busy, total = (after - before for after, before in zip(_machine_ticks(), machine_before, strict=True))
            cpu["machine_busy"] = busy / max(1, total)
            cpu["locust"] = (locust_after.ru_utime + locust_after.ru_stime) - (locust_before.ru_utime + locust_before.ru_stime)
            cpu["database"] = database_cpu
            cpu["drawn_ahead"], cpu["drawn_at_click"] = _receipts_drawn(env, since=locust_started)
        finally:
            _stop(desk)
            if env.get("REDIS_URL"):
                _empty_queue(env["REDIS_URL"])
    if desk.returncode not in (0, -signal.SIGTERM):
        tail = (workdir / "desk.log").read_text(errors="replace").splitlines()[-30:]
        print("# the desk stopped with an error; its log ends:\n" + "\n".join("#   " + line for line in tail), flush=True)
    if not samples_file.exists():
        tail = (workdir / "locust.log").read_text(errors="replace").splitlines()[-30:]
        raise SystemExit("locust recorded nothing; its log ends:\n" + "\n".join(tail))
    if os.environ.get("LOAD_KEEP"):  # every request's line, for a closer look (start, name, kind, ms, ok, error)
        Path(os.environ["LOAD_KEEP"]).mkdir(parents=True, exist_ok=True)
        (Path(os.environ["LOAD_KEEP"]) / f"samples-{port}.tsv").write_text(samples_file.read_text())
    rows = []
    for line in samples_file.read_text().splitlines():
        start, name, kind, ms, ok, error = line.split("\t")
        rows.append({"start": float(start), "name": name, "kind": kind, "ms": float(ms), "ok": ok == "1", "error": error})
    return rows, cpu


def _receipts_drawn(env: dict, *, since: float) -> tuple[int, int]:
    """Receipt versions stored during the run: by the worker ahead of the click, and by a print
    click that came before the worker was done (it drew the receipt itself: the slow prints)."""
    code = ("import datetime, json; from aftersales.documents.models import StoredDocument as D; "
            f"q = D.objects.filter(kind='receipt', created_at__gte=datetime.datetime.fromtimestamp({since}, datetime.timezone.utc)); "
            "print(json.dumps([q.filter(created_by__isnull=True).count(), q.filter(created_by__isnull=False).count()]))")
    done = subprocess.run([_python(), "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    try:
        ahead, at_click = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        print(f"# could not count the stored receipts: {done.stderr.strip()[-300:]}", flush=True)
        return -1, -1
    return ahead, at_click


# --- figures ---------------------------------------------------------------------------------

def summarise(rows: list[dict], cpu: dict, *, prefix: str, seconds: int) -> None:
    from bench.common import percentile, report

    def ms(kind=None, name=None, when=None):
        return [r["ms"] for r in rows if (kind is None or r["kind"] == kind) and (name is None or r["name"] == name)
                and (when is None or when(r))]

    burst = [r for r in rows if r["name"] == "login (shift change)"]
    errors = [r for r in rows if not r["ok"]]
    if prefix == "load":
        report("load_rps", len(rows) / seconds, "req/s")
        if burst:
            start = min(r["start"] for r in burst)
            end = max(r["start"] + r["ms"] / 1000 for r in burst)
            during = ms(when=lambda r: r["kind"] != "login" and start <= r["start"] <= end)
            report("load_p99_during_login_burst", percentile(during, 99), "ms")
            print(f"# shift change: {len(burst)} logins from +{start - rows[0]['start']:.1f} s, {end - start:.1f} s long; "
                  f"{len(during)} other requests in that window", flush=True)
        report("load_login_p95", percentile(ms(kind="login"), 95), "ms")
        report("load_posts_p95", percentile(ms(kind="post"), 95), "ms")
    # What the day costs the server, whatever else the machine runs: web CPU per request
    # (logins included), and the worker's CPU (receipts drawn ahead, messages).
    report(f"{prefix}_web_cpu_per_request", cpu["web"] * 1000 / max(1, len(rows)), "ms")
    report(f"{prefix}_web_cpu_share", cpu["web"] / seconds * 100, "%core")
    report(f"{prefix}_worker_cpu_share", (cpu["worker"] + cpu["beat"]) / seconds * 100, "%core")
    # Near 100 % the machine is saturated: every latency then is mostly a wait for a core.
    report(f"{prefix}_machine_busy", cpu["machine_busy"] * 100, "%")
    # The load generator and the database on the same cores: what a real desk's tablets and a
    # separate database server would not take from the app.
    report(f"{prefix}_locust_cpu_share", cpu["locust"] / seconds * 100, "%core")
    if prefix == "load":  # the embedded set-up's database is the desk's own file (its CPU is the desk's)
        report(f"{prefix}_database_cpu_share", cpu["database"] / seconds * 100, "%core")
    report(f"{prefix}_pages_p95", percentile(ms(kind="page"), 95), "ms")
    report(f"{prefix}_receipt_print_p95", percentile(ms(kind="print"), 95), "ms")
    # A print whose receipt the worker had not stored yet draws it at the click (0.15-0.4 s of
    # CPU): the print p95 is mostly whether the worker kept up.
    report(f"{prefix}_receipts_drawn_ahead", cpu["drawn_ahead"], "count")
    report(f"{prefix}_receipts_drawn_at_click", cpu["drawn_at_click"], "count")
    print(f"# {len(ms(kind='print'))} print clicks; {cpu['drawn_at_click']} of them found no stored receipt and drew it",
          flush=True)
    report(f"{prefix}_errors" if prefix == "load" else "load_sqlite_errors", len(errors), "count")
    print(f"# {'request':<28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}", flush=True)
    for name in sorted({r["name"] for r in rows}):
        sample = ms(name=name)
        failed = sum(1 for r in rows if r["name"] == name and not r["ok"])
        print(f"# {name:<28} {len(sample):>5} {percentile(sample, 50):>8.0f} {percentile(sample, 95):>8.0f} "
              f"{percentile(sample, 99):>8.0f} {max(sample):>8.0f} {failed:>6}", flush=True)
    for error in sorted({(r['name'], r['error']) for r in errors})[:10]:
        print(f"# error: {error[0]}: {error[1][:160]}", flush=True)


def _bench_redis_url() -> str:
    """The bench desk's own Redis database (LOAD_REDIS_URL; else REDIS_URL's server, database 14),
    emptied before and after each run: a worker that was behind when the last run stopped left
    its queue there, and the next run's worker would start by drawing that run's receipts."""
    from urllib.parse import urlsplit, urlunsplit

    url = os.environ.get("LOAD_REDIS_URL") or urlunsplit(
        urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")._replace(path="/14"))
    return url


def _empty_queue(redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    left = client.llen("celery")
    client.flushdb()
    client.close()
    if left:
        print(f"# emptied the bench's queue: {left} tasks left by a run that stopped before its worker was done", flush=True)


def _load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _base_env(workdir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    media = workdir / "media"
    media.mkdir(exist_ok=True)
    env.update({"DJANGO_SETTINGS_MODULE": "aftersales.settings.base", "MEDIA_ROOT": str(media), "DJANGO_DEBUG": "false",
                "PUBLIC_BASE_URL": "http://127.0.0.1", "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)})
    return env


def main() -> None:
    from django.conf import settings

    from bench.common import report, require_postgres

    require_postgres()
    if os.environ.get("LOAD_POSTGRES", "1") == "0":  # the embedded set-up's run alone
        report("load_machine_speed", machine_speed_ms(), "ms")
        sqlite_run()
        return
    seconds = int(os.environ.get("LOAD_SECONDS", "120"))
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        workdir = Path(tmp)
        started = time.monotonic()
        manifest = seed(stores=8, staff_per_store=5)
        print(f"# seeded 8 stores × 5 staff in {time.monotonic() - started:.0f} s", flush=True)
        env = _base_env(workdir)
        env["REDIS_URL"] = _bench_redis_url()
        db = settings.DATABASES["default"]
        env.setdefault("DATABASE_URL", f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}")
        print(f"# load average before: {_load_average()} ({os.cpu_count()} CPUs)", flush=True)
        report("load_machine_speed", machine_speed_ms(), "ms")
        users = int(os.environ.get("LOAD_USERS", "40"))
        if users != 40:
            print(f"# LOAD_USERS={users}: not the issue's 40 staff; for finding what this machine carries", flush=True)
        rows, cpu = run_load(env=env, port=int(os.environ.get("LOAD_PORT", "18017")), users=min(users, 40), seconds=seconds,
                             manifest=manifest, workdir=workdir)
        print(f"# load average after: {_load_average()}", flush=True)
        summarise(rows, cpu, prefix="load", seconds=seconds)
    if os.environ.get("LOAD_SQLITE", "1") != "0":
        sqlite_run()


def sqlite_run() -> None:
    """The same scenario, 10 staff of one store, on the embedded set-up (SQLite, filesystem broker)."""
    seconds = int(os.environ.get("LOAD_SQLITE_SECONDS", "120"))
    with tempfile.TemporaryDirectory(prefix="load-sqlite-") as tmp:
        workdir = Path(tmp)
        env = _base_env(workdir)
        env.update({"DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}", "REDIS_URL": "", "CELERY_BROKER_DIR": str(workdir / "broker")})
        subprocess.run([_python(), "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=600)
        manifest_file = workdir / "seed.json"
        subprocess.run([_python(), str(Path(__file__)), "--seed", str(manifest_file), "--stores", "1", "--staff", "10"],
                       cwd=ROOT, env=env, check=True, timeout=600)
        manifest = json.loads(manifest_file.read_text())
        print(f"# SQLite: load average before: {_load_average()}", flush=True)
        rows, cpu = run_load(env=env, port=int(os.environ.get("LOAD_SQLITE_PORT", "18117")), users=10, seconds=seconds,
                             manifest=manifest, workdir=workdir)
        print(f"# SQLite: load average after: {_load_average()}", flush=True)
        summarise(rows, cpu, prefix="load_sqlite", seconds=seconds)


if __name__ == "__main__":
    import argparse

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings.base")
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", help="only seed, writing the manifest to this file")
    parser.add_argument("--stores", type=int, default=8)
    parser.add_argument("--staff", type=int, default=5)
    args = parser.parse_args()
    import django

    django.setup()
    if args.seed:
        Path(args.seed).write_text(json.dumps(seed(stores=args.stores, staff_per_store=args.staff)))
    else:
        main()
