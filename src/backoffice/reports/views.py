"""Report pages: the list of reports a user may open, each report with its charts and tables, and its files."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from backoffice.core.errors import InvalidInput
from backoffice.reports import exports
from backoffice.reports.filters import PeriodForm, period_from
from backoffice.reports.selectors import REPORTS, ReportKind, report_figures, reports_for


def _kind(request, slug: str) -> ReportKind:
    kind = REPORTS.get(slug)
    if kind is None:
        raise Http404
    if not kind.allowed(request.user):
        raise PermissionDenied
    return kind


@login_required
def index(request):
    kinds = reports_for(request.user)
    if not kinds:
        raise PermissionDenied
    return render(request, "reports/index.html", {"kinds": kinds})


@login_required
def report(request, slug: str):
    kind = _kind(request, slug)
    form = PeriodForm(request.GET or None, user=request.user)
    context = {"kind": kind, "kinds": reports_for(request.user), "form": form, "figures": None}
    try:
        period = period_from(request.GET, request.user)
    except InvalidInput:
        form.is_valid()  # shows each error by its field
        return render(request, "reports/report.html", context, status=422)
    figures = report_figures(request.user, slug, period)
    context.update(
        figures=figures,
        charts=[
            {"id": f"chart-{c.key}", "data_id": f"chart-{c.key}-data", "data": c.as_json()} for c in figures.charts
        ],
        query=urlencode(period.as_query()),
        formats=exports.FORMATS,
    )
    return render(request, "reports/report.html", context)


@login_required
def export(request, slug: str, fmt: str):
    kind = _kind(request, slug)
    if fmt not in exports.FORMATS:
        raise Http404
    try:
        period = period_from(request.GET, request.user)
    except InvalidInput:
        return redirect(f"{reverse(f'reports:{kind.slug}')}?{request.GET.urlencode()}")
    content, mimetype = exports.export(report_figures(request.user, kind.slug, period), fmt)
    response = HttpResponse(content, content_type=mimetype)
    name = f"{kind.slug}-{period.since:%Y%m%d}-{period.until:%Y%m%d}.{fmt}"
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response
