"""Pages of the shell: My work, notifications, profile (password, language, API tokens)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from backoffice.core import notifications, preferences, tokens
from backoffice.core.middleware import LANGUAGE_KEY
from backoffice.core.mywork import work_for
from backoffice.core.pages import paginate, run_service
from backoffice.core.roles import ROLE_LABELS, roles_of


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=100)


class PreferenceForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    daily_digest = forms.BooleanField(
        label=gettext_lazy("Send me the daily e-mail digest"),
        required=False,
        help_text=gettext_lazy("A morning e-mail with what needs attention."),
    )


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
    preference = preferences.preference_of(request.user)
    return render(
        request,
        "core/profile.html",
        {
            "form": form,
            "preference_form": PreferenceForm(
                initial={"language": preferences.language_of(request.user), "daily_digest": preference.daily_digest},
                prefix="preference",
            ),
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


@login_required
@require_POST
def preferences_save(request):
    form = PreferenceForm(request.POST, prefix="preference")
    if form.is_valid():
        preference = preferences.preference_update(
            actor=request.user,
            user=request.user,
            language=form.cleaned_data["language"],
            daily_digest=form.cleaned_data["daily_digest"],
        )
        request.session[LANGUAGE_KEY] = preference.language
        translation.activate(preference.language)
        messages.success(request, _("Your preferences were saved."))
        response = redirect("core:profile")
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)  # the saved choice holds on every device
        return response
    messages.error(request, _("Choose one of the offered languages."))
    return redirect("core:profile")


@require_POST
def set_language(request):
    """Django's language switch; for a signed-in person the choice is also kept as their preference, so
    notifications and e-mails reach them in it too."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in preferences.LANGUAGE_CODES:
        preferences.preference_update(actor=request.user, user=request.user, language=language)
        request.session[LANGUAGE_KEY] = language
    return response
