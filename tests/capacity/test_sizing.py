"""The server's shape from the CPU count, and password checks queued at full strength."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, identify_hasher, make_password

from aftersales import hashers, sizing


def test_sizes_follow_the_cpu_count(monkeypatch):
    for name in ("WEB_WORKERS", "WEB_THREADS", "CELERY_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    assert (sizing.web_workers(1), sizing.web_workers(2), sizing.web_workers(8)) == (2, 2, 8)
    assert sizing.web_threads() == 24
    assert (sizing.celery_concurrency(1), sizing.celery_concurrency(2), sizing.celery_concurrency(8)) == (1, 1, 4)
    monkeypatch.setenv("WEB_WORKERS", "3")
    monkeypatch.setenv("CELERY_CONCURRENCY", "2")
    assert sizing.web_workers(8) == 3 and sizing.celery_concurrency(8) == 2


def test_gunicorn_config_uses_threads_and_the_sizing(monkeypatch):
    import runpy

    monkeypatch.delenv("WEB_WORKERS", raising=False)
    conf = runpy.run_path("aftersales/gunicorn_conf.py")
    assert conf["worker_class"] == "gthread"
    assert conf["workers"] == sizing.web_workers() and conf["threads"] == sizing.web_threads()


def test_each_web_process_hands_the_interpreter_between_threads_every_millisecond():
    """A request thread back from PostgreSQL waits at most ~1 ms for the interpreter, not 5."""
    import runpy
    import sys

    conf = runpy.run_path("aftersales/gunicorn_conf.py")
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        conf["post_fork"](None, None)
        assert sys.getswitchinterval() == pytest.approx(0.001)
    finally:
        sys.setswitchinterval(before)


def test_gunicorn_config_leaves_the_settings_module_to_the_wsgi_file():
    """Loading the config must not import the aftersales package: its Celery app would default
    DJANGO_SETTINGS_MODULE to the development settings in front of aftersales.wsgi's production."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    probe = ("import os, runpy, sys; c = runpy.run_path('aftersales/gunicorn_conf.py'); "
             "print(c['workers'] >= 2, 'aftersales' in sys.modules, os.environ.get('DJANGO_SETTINGS_MODULE'))")
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "False", "None"]


def test_production_hasher_keeps_djangos_strength(settings):
    from aftersales.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    encoded = make_password("counter-demo-1")
    hasher = identify_hasher(encoded)
    assert isinstance(hasher, hashers.QueuedPBKDF2PasswordHasher)
    assert encoded.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")
    assert check_password("counter-demo-1", encoded) and not check_password("wrong", encoded)
    # A hash made by Django's own hasher checks with ours, and the other way round.
    plain = PBKDF2PasswordHasher().encode("x-pass-1", "salt1234salt")
    assert hashers.QueuedPBKDF2PasswordHasher().verify("x-pass-1", plain)


def test_one_process_hashes_one_password_at_a_time(monkeypatch):
    running, peak, lock = 0, 0, threading.Lock()

    def slow_encode(self, password, salt, iterations=None):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return "pbkdf2_sha256$1$salt$x"

    monkeypatch.setattr(PBKDF2PasswordHasher, "encode", slow_encode)
    threads = [threading.Thread(target=hashers.QueuedPBKDF2PasswordHasher().encode, args=("pw", "salt")) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak == 1


def test_password_checks_run_at_a_lower_priority_than_pages():
    import os
    import sys

    if not sys.platform.startswith("linux"):
        return  # per-thread priority is a Linux feature; elsewhere the checks are only queued
    here = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    hashing = hashers._hashing.submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())).result()
    assert hashing == here + hashers.HASH_NICENESS or hashing == 19
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == here
