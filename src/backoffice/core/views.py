"""Pages of the shell: My work, notifications, profile (password, language, API tokens, second factor), and the
second step of logging in (enrol or verify an authenticator app)."""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from backoffice.core import notifications, preferences, second_factor, tokens
from backoffice.core.errors import DomainError
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


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
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
            "authenticator": second_factor.app_of(request.user),
            "authenticator_required": second_factor.required_for(request.user),
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
    signed_in = request.user.is_authenticated and second_factor.pending_step(request) is None
    if signed_in and language in preferences.LANGUAGE_CODES:
        preferences.preference_update(actor=request.user, user=request.user, language=language)
        request.session[LANGUAGE_KEY] = language
    return response


def _next_url(request, default: str) -> str:
    """Where to go after the second step: the page first asked for, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return resolve_url(default)


@login_required
def second_factor_verify(request):
    """The second step of logging in: the code from the person's authenticator app."""
    step = second_factor.pending_step(request)
    if step is None:
        return redirect(_next_url(request, settings.LOGIN_REDIRECT_URL))
    if step == second_factor.ENROL:
        return redirect(f"{resolve_url('core:second_factor_enrol')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = second_factor.code_check(request, form.cleaned_data["code"])
        if result.passed:
            return redirect(_next_url(request, settings.LOGIN_REDIRECT_URL))
        if result.locked_out:
            logout(request)
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        if result.wait_seconds:
            message = _("Too many wrong codes in a row. Wait {seconds} s, then type the code the app shows then.")
            form.add_error("code", message.format(seconds=result.wait_seconds))
        else:
            form.add_error("code", _("The code is not right. Type the six digits the app shows now."))
    return render(request, "registration/second_factor_verify.html", {"form": form, "next": _next_url(request, "/")})


@login_required
def second_factor_enrol(request):
    """Set up an authenticator app: a QR code (or the key typed by hand), confirmed with a code it shows.

    Someone who already has an app must pass it first (else a stolen password would be enough to replace it).
    """
    if second_factor.pending_step(request) == second_factor.VERIFY:
        return redirect(f"{resolve_url('core:second_factor_verify')}?{request.GET.urlencode()}")
    key = second_factor.enrolment_key(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        app = run_service(form, second_factor.authenticator_enrol, actor=request.user, key=key, code=code)
        if app is not None:
            second_factor.enrolled_at_login(request, app)
            messages.success(request, _("Your authenticator app is set up. Log-ins will ask for its code."))
            return redirect(_next_url(request, "core:profile"))
    address = second_factor.setup_url(request.user, key)
    return render(
        request,
        "registration/second_factor_enrol.html",
        {
            "form": form,
            "qr": segno.make(address, error="m").svg_data_uri(scale=5, border=2),
            "manual_key": second_factor.manual_key(key),
            "required": second_factor.required_for(request.user),
            "replacing": second_factor.app_of(request.user) is not None,
            "next": _next_url(request, "core:profile"),
        },
    )


@login_required
@require_POST
def second_factor_remove(request):
    try:
        second_factor.authenticator_remove(actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your authenticator app was removed. Log-ins no longer ask for a code."))
    return redirect("core:profile")
