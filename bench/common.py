"""Helpers for benchmarks: percentiles, a printed line format, and a PostgreSQL check."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def report(name: str, value: float, unit: str) -> None:
    print(f"BENCH {name} {value:.3f} {unit}", flush=True)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed_ms(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def require_postgres() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit(
            "this benchmark seeds PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench "
            "(make bench does so when PostgreSQL answers on 127.0.0.1:5432)"
        )
