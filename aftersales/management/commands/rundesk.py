"""Serve the desk on one machine: gunicorn, one Celery worker and exactly one beat.

Ctrl-C (or SIGTERM) stops all three; if one of them dies, the others are stopped too.
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and one Celery beat until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--concurrency", type=int, default=2)

    def handle(self, *args, bind, web_workers, concurrency, **options):
        bin_dir = Path(sys.executable).parent
        commands = {
            "web": [str(bin_dir / "gunicorn"), "aftersales.wsgi_local:application", "--bind", bind,
                    "--workers", str(web_workers), "--access-logfile", "-"],
            "worker": [str(bin_dir / "celery"), "-A", "aftersales", "worker", "-l", "INFO",
                       "--concurrency", str(concurrency), "-n", "worker@%h"],
            "beat": [str(bin_dir / "celery"), "-A", "aftersales", "beat", "-l", "INFO",
                     "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME],
        }
        procs = {name: subprocess.Popen(cmd, cwd=settings.BASE_DIR) for name, cmd in commands.items()}
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(self.style.SUCCESS(f"Serving on http://{bind}/ with a Celery worker and one beat. Ctrl-C stops all of them."))
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
