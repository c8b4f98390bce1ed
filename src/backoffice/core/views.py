"""Pages of the shell: My work, notifications, profile (password, language, API tokens)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backoffice.core import notifications, tokens
from backoffice.core.mywork import work_for
from backoffice.core.pages import paginate, run_service
from backoffice.core.roles import ROLE_LABELS, roles_of


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=100)


@login_required
def my_work(request):
    items = work_for(request.user)
    return render(
        request,
        "core/my_work.html",
        {
            "own": [i for i in items if not i.on_behalf_of],
            "covered": [i for i in items if i.on_behalf_of],
        },
    )


@login_required
def notification_list(request):
    page = paginate(request, notifications.notifications_for(request.user))
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_mark_read(request):
    notifications.mark_read(user=request.user)
    return redirect("core:notifications")


@login_required
def profile(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        created = run_service(form, tokens.token_create, user=request.user, name=form.cleaned_data["name"])
        if created is not None:
            new_key = created[1]
            form = TokenForm()
    return render(
        request,
        "core/profile.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": tokens.tokens_of(request.user),
            "roles": [ROLE_LABELS[r] for r in roles_of(request.user)],
        },
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    tokens.token_revoke(user=request.user, token_id=pk)
    messages.success(request, _("The token was revoked."))
    return redirect("core:profile")
