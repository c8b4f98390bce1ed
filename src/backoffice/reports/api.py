"""/api/v1/reports/: thin adapters over the reports selectors; the same figures as the pages."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from backoffice.core.errors import NotAllowed
from backoffice.core.schemas import ERRORS
from backoffice.reports.figures import Figures
from backoffice.reports.filters import period_from
from backoffice.reports.schemas import ReportKindOut, ReportOut
from backoffice.reports.selectors import REPORTS, report_figures, reports_for

router = Router(tags=["reports"])


class PeriodIn(Schema):
    since: dt.date | None = None
    until: dt.date | None = None
    department: int | None = None


def _value(value):
    if isinstance(value, Decimal):
        return str(value)
    return value


def _out(figures: Figures) -> dict:
    return {
        "report": figures.slug,
        "title": figures.title,
        "since": figures.period.since,
        "until": figures.period.until,
        "department": figures.period.department.pk if figures.period.department else None,
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
                "rows": [{c.key: _value(row.get(c.key)) for c in table.columns} for row in table.rows],
            }
            for table in figures.tables
        ],
    }


def _report(request: HttpRequest, slug: str, filters: PeriodIn) -> dict:
    if not REPORTS[slug].allowed(request.user):
        raise NotAllowed()
    params = {key: value for key, value in filters.dict().items() if value is not None}
    return _out(report_figures(request.user, slug, period_from(params, request.user)))


@router.get("", response={200: list[ReportKindOut], **ERRORS})
def report_list(request):
    """The reports this user may see."""
    return [{"slug": kind.slug, "title": str(kind.title)} for kind in reports_for(request.user)]


@router.get("/supplies", response={200: ReportOut, **ERRORS})
def supplies_report(request, filters: Query[PeriodIn]):
    """Supplies issued per month and department: number of issues, quantity and cost."""
    return _report(request, "supplies", filters)


@router.get("/equipment", response={200: ReportOut, **ERRORS})
def equipment_report(request, filters: Query[PeriodIn]):
    """Equipment downtime (hours, outages) and pages printed per month, per model, and the assets down longest."""
    return _report(request, "equipment", filters)


@router.get("/calls", response={200: ReportOut, **ERRORS})
def calls_report(request, filters: Query[PeriodIn]):
    """Calls per day, and per week day and hour (the heat map)."""
    return _report(request, "calls", filters)


@router.get("/hiring", response={200: ReportOut, **ERRORS})
def hiring_report(request, filters: Query[PeriodIn]):
    """Applications received and how far they got (the funnel); hires and the days each took (HR only)."""
    return _report(request, "hiring", filters)


@router.get("/training", response={200: ReportOut, **ERRORS})
def training_report(request, filters: Query[PeriodIn]):
    """Mandatory trainings per department and course: valid, expiring, expired, missing, as of the period's end."""
    return _report(request, "training", filters)
