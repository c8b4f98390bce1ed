"""Helpers every module's page views use: run a service for a form, paginate a list, answer htmx partials."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from backoffice.core.errors import DomainError, NotAllowed

T = TypeVar("T")
PAGE_SIZE = 50


def run_service(form: forms.Form, service: Callable[..., T], **kwargs: Any) -> T | None:
    """Call the service; a domain error becomes form errors next to the fields it names."""
    try:
        return service(**kwargs)
    except NotAllowed:
        raise
    except DomainError as exc:
        placed = False
        for name, messages in exc.fields.items():
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
                placed = True
        if not placed or (exc.fields and exc.message and exc.message != str(exc.default_message)):
            form.add_error(None, exc.message)
        return None


def form_page(request: HttpRequest, form: forms.Form, title: str, *, multipart: bool = False) -> HttpResponse:
    """The plain page of one form: its title, the fields with their errors, Save and Cancel."""
    return render(request, "core/form_page.html", {"form": form, "title": title, "multipart": multipart})


def submitted(
    request: HttpRequest,
    form: forms.Form,
    service: Callable[..., T],
    *,
    then: str | Callable[[T], Any],
    success: str | Callable[[T], str] = "",
    **kwargs: Any,
) -> HttpResponse | None:
    """A valid POST of `form`: run `service(actor=the user, **kwargs, **the form's values)`; when it succeeds, say
    `success` and redirect to the result's page: `then` is its URL name (called with pk=result.pk), or a function of
    the result giving what `redirect` takes. None when the form is to be shown (again), with the service's refusal
    next to the fields it names.

        form = ItemForm(request.POST or None)
        done = submitted(request, form, services.item_create, then="supplies:item_detail", success=_("Item added."))
        return done or form_page(request, form, _("New item"))
    """
    if request.method != "POST" or not form.is_valid():
        return None
    result = run_service(form, service, actor=request.user, **kwargs, **form.cleaned_data)
    if result is None:
        return None
    message = success(result) if callable(success) else success
    if message:
        messages.success(request, message)
    return redirect(then, pk=result.pk) if isinstance(then, str) else redirect(then(result))


def paginate(request: HttpRequest, rows, per_page: int = PAGE_SIZE):
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def list_page(request: HttpRequest, template: str, partial: str, context: dict[str, Any]):
    """Full page, or just the table when htmx asks for it (search as you type, sort, page)."""
    query = request.GET.copy()
    query.pop("page", None)
    context["querystring"] = query.urlencode()
    htmx = getattr(request, "htmx", None)
    wants_partial = bool(htmx) and not htmx.boosted and not htmx.history_restore_request
    response = render(request, partial if wants_partial else template, context)
    patch_vary_headers(response, ("HX-Request",))  # the browser must not reuse a partial as the whole page
    return response
