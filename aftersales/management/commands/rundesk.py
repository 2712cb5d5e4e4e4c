"""Serve the desk on one machine: gunicorn, one Celery worker and exactly one beat.

Sized from the CPU count like production (aftersales.sizing, aftersales/gunicorn_conf.py).
Ctrl-C (or SIGTERM) stops all three; if one of them dies, the others are stopped too.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from aftersales import sizing

# The worker's renders and sweeps yield the CPU to the counter's pages.
WORKER_NICENESS = 5


def _lower_priority() -> None:
    os.nice(WORKER_NICENESS)


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and one Celery beat until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--web-workers", type=int, default=None, help="gunicorn processes (default: one per CPU, at least 2)")
        parser.add_argument("--threads", type=int, default=None, help="threads per gunicorn process (default 24)")
        parser.add_argument("--concurrency", type=int, default=None, help="Celery worker processes (default: half the CPUs)")
        parser.add_argument("--quiet", action="store_true", help="no access log (load tests)")
        parser.add_argument("--schedule", default=settings.CELERY_BEAT_SCHEDULE_FILENAME, help="beat's schedule file")

    def handle(self, *args, bind, web_workers, threads, concurrency, quiet, schedule, **options):
        Path(schedule).parent.mkdir(parents=True, exist_ok=True)
        bin_dir = Path(sys.executable).parent
        web_workers = web_workers or sizing.web_workers()
        threads = threads or sizing.web_threads()
        concurrency = concurrency or sizing.celery_concurrency()
        web = [str(bin_dir / "gunicorn"), "aftersales.wsgi_local:application", "-c", str(settings.BASE_DIR / "aftersales" / "gunicorn_conf.py"),
               "--bind", bind, "--workers", str(web_workers), "--threads", str(threads)]
        commands = {
            "web": web if quiet else [*web, "--access-logfile", "-"],
            "worker": [str(bin_dir / "celery"), "-A", "aftersales", "worker", "-l", "WARNING" if quiet else "INFO",
                       "--concurrency", str(concurrency), "-n", "worker@%h"],
            "beat": [str(bin_dir / "celery"), "-A", "aftersales", "beat", "-l", "WARNING" if quiet else "INFO",
                     "--schedule", schedule],
        }
        procs = {
            name: subprocess.Popen(cmd, cwd=settings.BASE_DIR, preexec_fn=_lower_priority if name == "worker" else None)
            for name, cmd in commands.items()
        }
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(self.style.SUCCESS(
            f"Serving on http://{bind}/ ({web_workers} web processes × {threads} threads) with a Celery worker "
            f"({concurrency} processes) and one beat. Ctrl-C stops all of them."))
        failed = None
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    failed = name
                    stopping = True
            time.sleep(0.5)
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if failed:
            self.stderr.write(f"{failed} stopped unexpectedly; the others were stopped too.")
            sys.exit(1)
