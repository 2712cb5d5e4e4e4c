"""Where the repairs app keeps its files (photos, signatures), for the core's orphan sweep."""

from __future__ import annotations

from aftersales import files

from .models import ItemPhoto, Quote, RepairOrder


def _photos(names: list[str]) -> set[str]:
    return set(ItemPhoto.objects.filter(image__in=names).values_list("image", flat=True))


def _signatures(names: list[str]) -> set[str]:
    return (set(RepairOrder.objects.filter(intake_signature__in=names).values_list("intake_signature", flat=True))
            | set(Quote.objects.filter(signature__in=names).values_list("signature", flat=True)))


def _storage():
    return ItemPhoto._meta.get_field("image").storage  # the private storage the file fields write to


def register() -> None:
    files.register_place("repairs.photos", storage=_storage, prefix="repairs/photos", referenced=_photos)
    files.register_place("repairs.signatures", storage=_storage, prefix="repairs/signatures", referenced=_signatures)
