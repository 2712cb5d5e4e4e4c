"""The "today" board of the home page: each role's counts, each number opening its list.

Counts come from the registered tile groups, each a few GROUP BY store_id queries over every
store the user sees at once, so a chain manager's forty rows cost what one store's board costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aftersales import roles
from aftersales.models import Role, Store

from . import registry
from .registry import Count, Tile


@dataclass
class Cell:
    tile: Tile
    count: Count
    url: str


@dataclass
class Row:
    store: Store
    cells: list[Cell]

    @property
    def alarms(self) -> int:
        return sum(c.count.n for c in self.cells if c.tile.alarm)

    @property
    def total(self) -> int:
        return sum(c.count.n for c in self.cells)


def audience(user, store) -> str | None:
    if store is None:
        return None
    return registry.MANAGER if roles.has_role(user, store, Role.MANAGER) else registry.COUNTER


def visible_tiles(level: str) -> list[Tile]:
    return [t for t in registry.tiles() if level == registry.MANAGER or t.audience == registry.COUNTER]


def counts(store_ids: list[int], now: datetime) -> dict[str, dict[int, Count]]:
    out: dict[str, dict[int, Count]] = {}
    if not store_ids:
        return out
    for group in registry.tile_groups():
        out.update(group.counts(store_ids, now))
    return out


def rows(stores: list[Store], tiles: list[Tile], now: datetime) -> list[Row]:
    found = counts([s.pk for s in stores], now)
    zero = Count(0)
    result = []
    for store in stores:
        cells = [Cell(tile=t, count=found.get(t.key, {}).get(store.pk, zero), url=t.url(store.pk)) for t in tiles]
        result.append(Row(store=store, cells=cells))
    return result


def chain_rows(user, now: datetime) -> tuple[list[Tile], list[Row]]:
    """One row per store, worst first: most alarms (overdue, past target...), then most work."""
    tiles = visible_tiles(registry.MANAGER)
    stores = list(roles.stores(user).order_by("code"))
    found = rows(stores, tiles, now)
    found.sort(key=lambda r: (-r.alarms, -r.total, r.store.code))
    return tiles, found


def store_board(user, store: Store, now: datetime) -> tuple[list[Tile], Row | None]:
    level = audience(user, store)
    if level is None:
        return [], None
    tiles = visible_tiles(level)
    return tiles, rows([store], tiles, now)[0]
