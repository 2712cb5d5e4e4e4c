"""How many web processes, threads and Celery processes one machine runs, from its CPU count.

Used by `manage.py rundesk` (make run), by gunicorn's config file (production) and by the load
bench, so all three run the same shape. The reasoning is in README.md ("Sizing the server").
WEB_WORKERS, WEB_THREADS and CELERY_CONCURRENCY override the computed numbers.
"""

from __future__ import annotations

import os


def cpu_count() -> int:
    """The CPUs this process may run on (a container's or taskset's limit, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _env_int(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    return int(value) if value else None


def web_workers(cpus: int | None = None) -> int:
    # One process per core: page work is Python holding the GIL, so only processes use both
    # cores; at least two, so one busy or restarting process never stops the desk.
    return _env_int("WEB_WORKERS") or max(2, cpus or cpu_count())


def web_threads() -> int:
    # Threads are where requests wait: on PostgreSQL, Redis, and above all on their turn for a
    # password check (aftersales.hashers). A process serves requests first come, first served
    # from its threads; if a shift change's logins held every thread, pages would queue behind
    # them. 24 leaves threads free for pages while a whole shift's logins wait their turn.
    return _env_int("WEB_THREADS") or 24


def celery_concurrency(cpus: int | None = None) -> int:
    # The worker renders receipts ahead of the click and sends messages: half the cores, so
    # the counter's pages keep the other half (and the worker runs at a lower priority).
    return _env_int("CELERY_CONCURRENCY") or max(1, (cpus or cpu_count()) // 2)


# Password checks one web process runs at a time (see aftersales.hashers).
def hash_slots() -> int:
    return _env_int("LOGIN_HASH_SLOTS") or 1
