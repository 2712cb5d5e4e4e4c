"""Reports and board tiles that apps plug into the core; the core never imports a domain app.

An app registers from its own module (e.g. repairs/reports.py), in its AppConfig.ready():

    registry.register_tiles(TileGroup(key="repairs", counts=repair_counts, tiles=[
        Tile(key="repairs.today", label=_("Today's intake"), url=lambda store_id: ...),
        ...]))
    registry.register_report(Report(key="repairs", title=_("Repairs"), build=build, order=20,
                                    filters=("period", "store"), records=records))

`TileGroup.counts(store_ids, now)` answers {tile key: {store_id: Count}} for every store at once
with a few GROUP BY store_id queries: the board costs the same number of queries for one store
as for forty. `Report.build(query)` answers a `Result` (headline figures and tables); every
table is drawn as a chart with the same numbers in the table under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# --- the "today" board ----------------------------------------------------------------------

COUNTER = "counter"   # every desk role sees these
MANAGER = "manager"   # store and chain managers see these too


@dataclass(frozen=True)
class Count:
    n: int
    note: str = ""        # e.g. "oldest: 12 days"
    worst: bool = False   # set when the number is a problem (overdue, past target): shown in red


@dataclass(frozen=True)
class Tile:
    key: str
    label: Any
    url: Callable[[int], str]     # the filtered list behind the number, for one store
    audience: str = COUNTER
    alarm: bool = False           # a non-zero count is a problem (overdue...): ranks the chain's rows
    order: int = 100


@dataclass(frozen=True)
class TileGroup:
    key: str
    counts: Callable[[list[int], datetime], dict[str, dict[int, Count]]]
    tiles: tuple[Tile, ...]


_tile_groups: dict[str, TileGroup] = {}


def register_tiles(group: TileGroup) -> TileGroup:
    _tile_groups[group.key] = group
    return group


def tile_groups() -> list[TileGroup]:
    return list(_tile_groups.values())


def tiles() -> list[Tile]:
    return sorted((t for g in _tile_groups.values() for t in g.tiles), key=lambda t: (t.order, t.key))


# --- reports --------------------------------------------------------------------------------

TEXT, INT, PCT, MONEY, DECIMAL, DAYS, GRAMS = "text", "int", "pct", "money", "decimal", "days", "grams"


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    kind: str = INT


@dataclass
class Table:
    key: str
    title: Any
    columns: list[Column]
    rows: list[dict]                  # values by column key; "_url": the list behind the row
    chart: str | None = "bar"         # "bar", "line", "pie" or None (table only)
    series: tuple[str, ...] = ()      # the columns drawn (default: the first numeric one)
    note: Any = ""
    stack: bool = False

    @property
    def label_key(self) -> str:
        return self.columns[0].key

    @property
    def drawn(self) -> list[Column]:
        if self.series:
            return [c for c in self.columns if c.key in self.series]
        return [c for c in self.columns[1:] if c.kind != TEXT][:1]


@dataclass
class Figure:
    label: Any
    value: Any
    kind: str = INT
    url: str = ""
    note: Any = ""


@dataclass
class Result:
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


@dataclass(frozen=True)
class Records:
    """The rows behind a report, for the streamed export: header labels and an iterator of tuples."""

    columns: list[Column]
    rows: Iterable[tuple]


@dataclass(frozen=True)
class Report:
    key: str
    title: Any
    build: Callable[..., Result]
    order: int = 100
    description: Any = ""
    # Which filters the report understands besides period and store.
    filters: tuple[str, ...] = ()
    # {filter: [(value, label), ...]} for the filter form (called per request: lists are chain-edited).
    choices: Callable[[], dict[str, list[tuple[str, str]]]] | None = None
    records: Callable[..., Records] | None = None
    in_monthly: bool = True


_reports: dict[str, Report] = {}


def register_report(report: Report) -> Report:
    _reports[report.key] = report
    return report


def reports() -> list[Report]:
    return sorted(_reports.values(), key=lambda r: (r.order, r.key))


def get_report(key: str) -> Report | None:
    return _reports.get(key)
