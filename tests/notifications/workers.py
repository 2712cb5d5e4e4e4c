"""Real Celery workers for tests: subprocesses on the project's broker and the test database.

The crux is the database. A worker is another process, so it sees only committed rows of a
database it can open: tests use `transactional_db` (rows are committed) and
- on PostgreSQL the worker connects to the test database itself (its NAME inside the test);
- on SQLite the test database is in memory, which no other process can open, so for these tests
  the test's own connection is switched to a migrated file database and the worker opens that.
The broker is the project's own: Redis when REDIS_URL is set, else the filesystem transport.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connections

ROOT = Path(settings.BASE_DIR)
WAIT = 90  # seconds before a waiting test gives up (a loaded 2-core machine is slow to start workers)


def broker_name() -> str:
    return "Redis" if settings.REDIS_URL else "the filesystem broker"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file, made once per session and copied for each worker test."""
    path = tmp_path_factory.mktemp("worker-db") / "template.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DJANGO_SETTINGS_MODULE": "aftersales.settings.test"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    return path


@pytest.fixture
def shared_db(request, transactional_db, tmp_path):
    """A DATABASE_URL for a worker subprocess that points at the database this test uses."""
    conn = connections["default"]
    if conn.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        original = conn
        # A new wrapper, not a renamed one: closing the in-memory connection would destroy the
        # session's test database.
        switched = original.__class__({**original.settings_dict, "NAME": str(path)}, alias="default")
        connections["default"] = switched
        try:
            yield f"sqlite:///{path}"
        finally:
            switched.close()
            connections["default"] = original
        return
    s = conn.settings_dict
    auth = quote(s["USER"] or "") + (":" + quote(s["PASSWORD"]) if s["PASSWORD"] else "")
    yield f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path, name: str):
        self.process, self.log, self.name = process, log, name

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_ready(self) -> None:
        wait_for(lambda: " ready." in self.output(), f"worker {self.name} to start", self)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_worker(shared_db, tmp_path):
    started: list[Worker] = []

    def start(*, queues: list[str], batch_size: int = 10, delay: float = 0.0, trace: Path | None = None) -> Worker:
        name = f"w{len(started)}-{uuid.uuid4().hex[:6]}"
        log = tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "aftersales.settings.test",
            "DATABASE_URL": shared_db,
            "SMS_GATEWAY": "tests.notifications.fakes.SlowDatabaseGateway",
            "SLOW_GATEWAY_DELAY": str(delay),
            "SLOW_GATEWAY_TRACE": str(trace or ""),
            "SWEEP_BATCH_SIZE": str(batch_size),
            "QUIET_HOURS": "",  # the worker's clock ticks on from the test's; these tests make rows due in the past
            "LOG_LEVEL": "INFO",
        }
        if settings.REDIS_URL:
            env["REDIS_URL"] = settings.REDIS_URL
        else:
            env.pop("REDIS_URL", None)
        # tests.testclock runs celery on this run's clock (moved by TEST_NOW, or the real one).
        command = [
            sys.executable, "-m", "tests.testclock", "-m", "celery", "-A", "aftersales", "worker", "-P", "solo", "-Q", ",".join(queues),
            "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO",
        ]
        with log.open("wb") as out:
            # Its own session: a SIGKILL to the group takes the whole worker at once.
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        worker = Worker(process, log, name)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    # The filesystem broker keeps a small exchange table per queue; drop the tests' own.
    for table in (Path(settings.BROKER_DIR) / "control").glob("test-*.exchange"):
        table.unlink(missing_ok=True)


def wait_for(condition, what: str, *workers: Worker, timeout: float = WAIT) -> None:
    """Poll a condition on the database (not a clock: the test waits for a state, not a time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        for w in workers:
            if w.process.poll() is not None and w.process.returncode not in (None, -signal.SIGKILL):
                raise AssertionError(f"worker {w.name} exited with {w.process.returncode}:\n{w.output()[-4000:]}")
        time.sleep(0.1)
    logs = "\n".join(f"--- {w.name}\n{w.output()[-4000:]}" for w in workers)
    raise AssertionError(f"timed out waiting for {what} on {broker_name()}\n{logs}")


def send_sweep(name: str, queue: str) -> None:
    from aftersales.celery import app

    app.send_task("notifications.run_sweep", args=[name], queue=queue)


def new_queue() -> str:
    return f"test-{uuid.uuid4().hex[:10]}"
