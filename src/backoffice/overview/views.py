"""Pages of the overview: Today, the global search, one's own open alerts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from backoffice.core.pages import paginate
from backoffice.overview.alerts import alerts_of
from backoffice.overview.search import MAX_LENGTH, global_search
from backoffice.overview.today import today_for


@login_required
def today(request):
    return render(
        request,
        "overview/today.html",
        {"sections": today_for(request.user), "day": timezone.localdate(), "alerts": alerts_of(request.user)[:10]},
    )


@login_required
def search(request):
    # "find" is the box in the menu (named apart from the pages' own "q" filters it sits beside).
    q = (request.GET.get("q") or request.GET.get("find") or "").strip()[:MAX_LENGTH]
    return render(request, "overview/search.html", {"q": q, "groups": global_search(request.user, q) if q else []})


@login_required
def alert_list(request):
    return render(request, "overview/alerts.html", {"page": paginate(request, alerts_of(request.user))})
