"""Document numbers: store code, kind, year and month, and a counter, e.g. HX-R2611-00042."""

from __future__ import annotations

from django.db import transaction

from aftersales import clock

from .models import DocumentSequence, Store


@transaction.atomic
def next_number(*, store: Store, kind: str) -> str:
    period = clock.today().strftime("%y%m")
    DocumentSequence.objects.get_or_create(store=store, kind=kind, period=period)
    seq = DocumentSequence.objects.select_for_update().get(store=store, kind=kind, period=period)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{store.code}-{kind}{period}-{seq.last:05d}"
