"""The public careers pages: open positions and the application form (no login; honeypot; rate limited)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from backoffice.core.pages import run_service
from backoffice.recruitment import selectors, services
from backoffice.recruitment.forms import CareersForm


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def position_list(request):
    return render(request, "careers/position_list.html", {"positions": selectors.open_positions()})


def position_apply(request, pk: int):
    position = get_object_or_404(selectors.open_positions(), pk=pk)
    form = CareersForm(request.POST or None, request.FILES or None, retention_days=services.RETENTION_DAYS)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:
            # A bot filled in the hidden field: it is told "thank you" and nothing is kept.
            return redirect("careers:thanks")
        if services.careers_rate_exceeded(_address(request)):
            form.add_error(None, _("Too many applications from your address in the last hour; please try again later."))
            return render(request, "careers/apply.html", {"position": position, "form": form}, status=429)
        upload = data["resume"]
        application = run_service(
            form,
            services.careers_apply,
            position=position,
            address=_address(request),
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            resume=(upload.name, upload.read()),
            keep_for_future=data["keep_for_future"],
        )
        if application is not None:
            return redirect("careers:thanks")
    if request.method == "POST":
        status = 422
    return render(request, "careers/apply.html", {"position": position, "form": form}, status=status)


def thanks(request):
    return render(request, "careers/thanks.html", {"title": _("Thank you")})
