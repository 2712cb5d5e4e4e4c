"""The global search box: each app registers a provider; one exact hit opens the record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    kind: str          # shown as a badge, e.g. "维修单"
    label: str         # what the counter reads
    url: str
    exact: bool = False  # a scanned or typed document number that matches exactly


Provider = Callable[..., list[Hit]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def search(*, user, query: str, limit: int = 20) -> list[Hit]:
    query = (query or "").strip()
    if not query:
        return []
    hits: list[Hit] = []
    for provider in _providers:
        hits.extend(provider(user=user, query=query, limit=limit))
    hits.sort(key=lambda h: not h.exact)
    return hits[:limit]
