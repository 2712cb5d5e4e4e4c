"""Receipt PDF: time per render of a 3-item Chinese receipt in a warm process, and memory growth.

No database: the receipt is rendered from plain data (aftersales.documents.samples).
"""

from __future__ import annotations

import gc
import time

from bench.common import percentile, report

WARMUP = 5
TIMED = 50
LEAK_RUNS = 500


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    from aftersales.documents import rendering, samples

    data = samples.sample_receipt(items=3)
    for _ in range(WARMUP):
        rendering.render_document("receipt", data)
    samples_ms, cpu_ms = [], []
    for _ in range(TIMED):
        wall, cpu = time.perf_counter(), time.process_time()
        pdf = rendering.render_document("receipt", data)
        samples_ms.append((time.perf_counter() - wall) * 1000)
        cpu_ms.append((time.process_time() - cpu) * 1000)
    report("receipt_pdf_p50", percentile(samples_ms, 50), "ms")
    report("receipt_pdf_p95", percentile(samples_ms, 95), "ms")
    # CPU time of this process: what the render costs when the machine is not shared.
    report("receipt_pdf_cpu_p50", percentile(cpu_ms, 50), "ms")
    report("receipt_pdf_bytes", len(pdf), "bytes")

    gc.collect()
    before = _rss_mb()
    for i in range(LEAK_RUNS):
        # A different order number each time, as at the counter (new barcode and QR code).
        rendering.render_document("receipt", samples.sample_receipt(items=3, number=f"HX-R2611-{i:05d}"))
    gc.collect()
    report("receipt_pdf_rss_growth_500", _rss_mb() - before, "MB")


if __name__ == "__main__":
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings.base")
    import django

    django.setup()
    main()
