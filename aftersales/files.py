"""Files written after the transaction commits, and a daily sweep of files no row refers to.

A service that stores a photo, a signature or a PDF gives the row its file name at once and
writes the bytes with transaction.on_commit: a transaction that rolls back (a bad item after the
photos, a duplicate form) leaves no file behind. Everything goes through Django's storage API.

    files.save_after_commit(photo, "image", content)       # photo.image.name set; bytes on commit
    files.write_after_commit(default_storage, name, data)  # a name the caller chose (a stored PDF)

Apps say where their files live and which names their rows hold (in AppConfig.ready):

    files.register_place("repairs.photos", storage=private_storage, prefix="repairs/photos",
                         referenced=lambda names: set(ItemPhoto.objects.filter(image__in=names).values_list("image", flat=True)))

The daily sweep ("aftersales.orphan_files") deletes files under each place that no row refers
to and that are older than ORPHAN_AGE (so a write whose row is still being committed is safe).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .notifications import sweeps

logger = logging.getLogger(__name__)

ORPHAN_AGE = timedelta(days=1)
SWEEP = "aftersales.orphan_files"
BATCH = 500


def write_after_commit(storage: Storage, name: str, content: bytes, *, on_renamed: Callable[[str], None] | None = None) -> None:
    """Write `content` under `name` once the current transaction commits (at once outside one).

    If the storage had to choose another name (the name was taken), `on_renamed(saved)` lets the
    caller point its row at the file actually written.
    """
    def write() -> None:
        if storage.exists(name):  # written already (a callback run twice): the names are unique
            return
        saved = storage.save(name, ContentFile(content))
        if saved != name and on_renamed is not None:
            on_renamed(saved)

    # robust: the row is committed already; a storage failure is logged, not turned into a 500.
    transaction.on_commit(write, robust=True)


def save_after_commit(instance: models.Model, field_name: str, content: ContentFile) -> str:
    """Set instance.<field_name> to its final name (saved with the row) and write the bytes on commit."""
    field = instance._meta.get_field(field_name)
    name = field.generate_filename(instance, content.name)
    setattr(instance, field.attname, name)
    content.seek(0)
    data = content.read()

    def renamed(saved: str) -> None:
        setattr(instance, field.attname, saved)
        if instance.pk is not None:
            type(instance)._base_manager.filter(pk=instance.pk).update(**{field.attname: saved})

    write_after_commit(field.storage, name, data, on_renamed=renamed)
    return name


# --- where files live, and the orphan sweep ------------------------------------------------------

@dataclass(frozen=True)
class Place:
    name: str
    storage: Callable[[], Storage]
    prefix: str
    referenced: Callable[[list[str]], set[str]]


_places: dict[str, Place] = {}


def register_place(name: str, *, storage: Storage | Callable[[], Storage], prefix: str,
                   referenced: Callable[[list[str]], set[str]]) -> None:
    get_storage = storage if callable(storage) and not isinstance(storage, Storage) else (lambda: storage)
    _places[name] = Place(name=name, storage=get_storage, prefix=prefix.strip("/"), referenced=referenced)


def places() -> list[Place]:
    return list(_places.values())


def _walk(storage: Storage, path: str) -> Iterator[str]:
    try:
        directories, names = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in names:
        yield f"{path}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}")


def _batches(names: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for name in names:
        batch.append(name)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def remove_orphans(*, now: datetime) -> int:
    """Delete the files no row refers to, older than ORPHAN_AGE; return how many were deleted."""
    cutoff = now - ORPHAN_AGE
    deleted = 0
    for place in places():
        storage = place.storage()
        for batch in _batches(_walk(storage, place.prefix)):
            kept = place.referenced(batch)
            for name in batch:
                if name in kept or storage.get_modified_time(name) > cutoff:
                    continue
                storage.delete(name)
                deleted += 1
                logger.info("deleted orphan file %s (%s)", name, place.name)
    return deleted


@sweeps.task(name=SWEEP, label=_("Remove files no record refers to"))
def sweep_orphans(*, now: datetime) -> int:
    return remove_orphans(now=now)
