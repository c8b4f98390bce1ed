"""API schemas of the reports: the same tables the page shows, with the period they cover."""

import datetime as dt
from typing import Any

from ninja import Schema


class ColumnOut(Schema):
    key: str
    label: str
    kind: str


class TableOut(Schema):
    key: str
    title: str
    columns: list[ColumnOut]
    rows: list[dict[str, Any]]


class ReportOut(Schema):
    report: str
    title: str
    since: dt.date
    until: dt.date
    department: int | None
    tables: list[TableOut]


class ReportKindOut(Schema):
    slug: str
    title: str
