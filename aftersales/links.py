"""Documents one app may link to from another, without the apps importing each other.

Domain apps (repairs, tradein, tickets) never import one another. An app that owns a kind of
document registers it here once (in its AppConfig.ready()); an app that wants to point at one
(a case naming the repair order it is about) looks it up by number through this registry and
keeps only (doc_type, doc_id, number):

    links.register_document(links.Linkable(
        doc_type="repairs.repairorder", label=_("Repair order"),
        lookup=lambda *, user, number: ...,   # -> Doc | None, only what `user` may see
        describe=lambda ids: {...},           # {doc_id: Doc}, for showing stored links
        new_url=lambda *, origin, customer_id: reverse("repairs:intake") + "?…",  # optional
    ))

The other direction ("open a repair for this case") goes through *origins*: the case app
registers a handler for its own records; the repair intake page receives an opaque
`origin=tickets.case:42` and, once the order exists, calls `links.document_created(...)` in its
transaction. The intake page shows `links.describe_origin(...)` and never imports the case app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Doc:
    doc_type: str
    doc_id: int
    number: str
    label: str        # what the counter reads: "HX-R2612-00042 · 王** · 维修中"
    url: str
    store_id: int | None = None
    customer_id: int | None = None


@dataclass(frozen=True)
class Linkable:
    doc_type: str                       # "app_label.model", e.g. "repairs.repairorder"
    label: Any                          # "Repair order" (lazy text)
    lookup: Callable[..., Doc | None]   # (*, user, number) -> Doc | None
    describe: Callable[[list[int]], dict[int, Doc]]
    new_url: Callable[..., str] | None = None  # (*, origin: str, customer_id: int | None) -> URL


@dataclass(frozen=True)
class Origin:
    """Where a new document comes from (a case), as its own app describes it."""

    ref: str          # "tickets.case:42"
    label: str        # "投诉 HX-C2612-00003"
    url: str
    store_id: int | None = None
    customer_id: int | None = None


@dataclass(frozen=True)
class OriginHandler:
    describe: Callable[..., Origin | None]   # (*, user, pk: int) -> Origin | None (not visible: None)
    created: Callable[..., None]             # (*, pk: int, document: Doc, actor) -> None, in the caller's transaction


_documents: dict[str, Linkable] = {}
_origins: dict[str, OriginHandler] = {}


def register_document(linkable: Linkable) -> Linkable:
    _documents[linkable.doc_type] = linkable
    return linkable


def linkables() -> list[Linkable]:
    return list(_documents.values())


def linkable(doc_type: str) -> Linkable | None:
    return _documents.get(doc_type)


def find(*, user, number: str) -> Doc | None:
    """The one document with this exact number that `user` may see, of any registered type."""
    number = (number or "").strip()
    if not number:
        return None
    for spec in _documents.values():
        doc = spec.lookup(user=user, number=number)
        if doc is not None:
            return doc
    return None


def describe(pairs: list[tuple[str, int]]) -> dict[tuple[str, int], Doc]:
    """Current descriptions of stored links, grouped by type (one query per type)."""
    by_type: dict[str, list[int]] = {}
    for doc_type, doc_id in pairs:
        by_type.setdefault(doc_type, []).append(doc_id)
    out: dict[tuple[str, int], Doc] = {}
    for doc_type, ids in by_type.items():
        spec = _documents.get(doc_type)
        if spec is None:
            continue
        for doc_id, doc in spec.describe(ids).items():
            out[(doc_type, doc_id)] = doc
    return out


def new_document_url(doc_type: str, *, origin: str, customer_id: int | None = None) -> str:
    """Where to create a document of `doc_type` that remembers `origin` ("" if it cannot)."""
    spec = _documents.get(doc_type)
    if spec is None or spec.new_url is None:
        return ""
    return spec.new_url(origin=origin, customer_id=customer_id)


def register_origin(kind: str, handler: OriginHandler) -> OriginHandler:
    _origins[kind] = handler
    return handler


def _parse(ref: str) -> tuple[OriginHandler, int] | None:
    kind, _sep, pk = (ref or "").partition(":")
    handler = _origins.get(kind)
    if handler is None or not pk.isdigit():
        return None
    return handler, int(pk)


def describe_origin(ref: str, *, user) -> Origin | None:
    """The origin a page was opened from, if `user` may see it; anything else is None."""
    parsed = _parse(ref)
    if parsed is None:
        return None
    handler, pk = parsed
    return handler.describe(user=user, pk=pk)


def document_created(*, origin: str, document: Doc, actor) -> bool:
    """Tell the origin's app that `document` was created from it (call inside the transaction)."""
    if describe_origin(origin, user=actor) is None:
        return False
    handler, pk = _parse(origin)
    handler.created(pk=pk, document=document, actor=actor)
    return True
