"""What a report hands to its page, its exports and the API: tables of figures and the charts drawn from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backoffice.reports.filters import Period

TEXT, INTEGER, NUMBER, MONEY, HOURS, MONTH, DAY = "text", "integer", "number", "money", "hours", "month", "day"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    heat: bool = False  # a heat map: each number cell also gets a shade 0–5 in row["_shade"][key]


@dataclass
class Series:
    label: str
    data: list[float]
    kind: str = ""  # "" = the chart's own type; "line" over a bar chart
    axis: str = "y"


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # bar, line, doughnut
    labels: list[str]
    series: list[Series]
    stacked: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "labels": self.labels,
            "stacked": self.stacked,
            "series": [{"label": s.label, "data": s.data, "kind": s.kind, "axis": s.axis} for s in self.series],
        }


@dataclass
class Figures:
    slug: str
    title: str
    period: Period
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def shade(value: float, highest: float) -> int:
    """0 (nothing) to 5 (the busiest cell)."""
    if not value or not highest:
        return 0
    return max(1, min(5, round(value / highest * 5)))
