"""Receipt PDF: time per render of a 3-item Chinese receipt in a warm process, and memory growth.

The first figures need no database: the receipt is rendered from plain data
(aftersales.documents.samples). `receipt_pdf_real_order_*` then go through the real adaptor
(repairs.documents.receipt_data) for a 3-item order with photos and a signature, made in a
transaction that is rolled back (files in a temporary MEDIA_ROOT): reading the order + rendering,
and serving the stored copy of an unchanged order.
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
    real_order()


class _Rollback(Exception):
    pass


def real_order() -> None:
    import tempfile
    from decimal import Decimal

    from django.db import transaction
    from django.test import TestCase, override_settings

    from aftersales.documents import rendering
    from aftersales.documents.services import document_get_or_render
    from repairs import documents
    from repairs.models import ItemPhoto

    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        try:
            with transaction.atomic():
                # Files are written when their transaction commits (aftersales/files.py); this one is
                # rolled back at the end, so run the writes as a commit would.
                with TestCase.captureOnCommitCallbacks(execute=True):
                    order = _seed_order(Decimal)
                timed, served = [], []
                for i in range(WARMUP + TIMED):
                    start = time.perf_counter()
                    fresh = documents.printable_orders().get(pk=order.pk)
                    rendering.render_document("receipt", documents.receipt_data(fresh))
                    if i >= WARMUP:
                        timed.append((time.perf_counter() - start) * 1000)
                fresh = documents.printable_orders().get(pk=order.pk)
                with TestCase.captureOnCommitCallbacks(execute=True):
                    document_get_or_render(kind="receipt", subject=fresh, data=documents.receipt_data(fresh), actor=None)
                for _ in range(TIMED):
                    start = time.perf_counter()
                    fresh = documents.printable_orders().get(pk=order.pk)
                    document_get_or_render(kind="receipt", subject=fresh, data=documents.receipt_data(fresh), actor=None).read()
                    served.append((time.perf_counter() - start) * 1000)
                report("receipt_pdf_real_order_p50", percentile(timed, 50), "ms")
                report("receipt_pdf_real_order_p95", percentile(timed, 95), "ms")
                report("receipt_stored_copy_p50", percentile(served, 50), "ms")
                # The private storage's location is fixed at import: remove the files made here.
                for photo in ItemPhoto.objects.filter(item__order=order):
                    photo.image.delete(save=False)
                order.intake_signature.delete(save=False)
                raise _Rollback
        except _Rollback:
            pass


def _seed_order(Decimal):
    import io

    from PIL import Image

    from aftersales.documents import samples
    from aftersales.models import Store
    from customers.models import Customer
    from repairs import catalogue, services
    from repairs.models import ServiceType

    catalogue.seed(ServiceType)
    store = Store.objects.create(code="BNCH9", name="黄兴店（基准）", address="长沙市黄兴南路步行街 88 号", phone="0731-8888 1001")
    customer = Customer.objects.create(name="王小红", phone="+8613912345678", phone_last4="5678", home_store=store)
    png = io.BytesIO()
    Image.open(io.BytesIO(samples.sample_signature())).convert("RGBA").save(png, "PNG")
    import base64

    signature = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()

    def job(code):
        return {"service_type": ServiceType.objects.get(code=code), "quantity": 1}

    items = [
        {"category": "bangle", "material": "au999", "hallmark": "足金999", "description": "古法足金手镯，龙凤纹", "intake_weight": Decimal("32.47"),
         "condition_notes": "外圈有多处划痕，开口处轻微变形", "scratches": True, "photos": [samples.sample_photo()], "jobs": [job("reshape"), job("polish")]},
        {"category": "ring", "material": "pt950", "hallmark": "Pt950", "description": "铂金钻戒，六爪镶，主石 0.30 克拉", "intake_weight": Decimal("4.06"),
         "stone_count": 7, "missing_stones": True, "photos": [samples.sample_photo((170, 170, 180))], "jobs": [job("replace-stone")]},
        {"category": "necklace", "material": "pearl", "description": "淡水珍珠项链，约 45 厘米", "intake_weight": Decimal("28.90"),
         "condition_notes": "线已断，珠子 52 粒，已清点装袋", "jobs": [job("restring")]},
    ]
    return services.repair_create(actor=None, store=store, customer=customer, items=items, risks_acknowledged=True,
                                  deposit=Decimal("50"), deposit_method="cash", signature_data_url=signature)


if __name__ == "__main__":
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings.base")
    import django

    django.setup()
    main()
