"""API schemas of the overview."""

import datetime as dt

from ninja import Schema


class SearchHitOut(Schema):
    title: str
    url: str
    detail: str = ""


class SearchGroupOut(Schema):
    kind: str
    label: str
    hits: list[SearchHitOut]
    more_url: str = ""


class SearchOut(Schema):
    q: str
    groups: list[SearchGroupOut]


class TodayRowOut(Schema):
    text: str
    url: str = ""
    note: str = ""
    badge: str = ""
    urgent: bool = False


class TodaySectionOut(Schema):
    key: str
    title: str
    total: int
    rows: list[TodayRowOut]
    more_url: str = ""


class TodayOut(Schema):
    day: dt.date
    sections: list[TodaySectionOut]


class AlertOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    first_seen_at: dt.datetime
