"""The second factor of a log-in: an authenticator app (TOTP). Who needs one, enrolling and removing it, checking
a code with throttling, and what a half-finished log-in (password only) may still reach.

Bearer API tokens are machine credentials and are not asked for a code: only browser sessions are."""

from __future__ import annotations

import base64
import binascii
import math
import secrets
from dataclasses import dataclass

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP

from backoffice.core.audit import record_change, snapshot
from backoffice.core.errors import Conflict, InvalidInput
from backoffice.core.models import AuditEntry, AuthenticatorApp
from backoffice.core.roles import SECOND_FACTOR_ROLES

PENDING_KEY = "backoffice_second_factor_key"  # the secret being enrolled, kept server-side until confirmed
ENROL = "enrol"
VERIFY = "verify"
KEY_BYTES = 20


def required_for(user: AbstractBaseUser) -> bool:
    """Whether this person's roles need a second factor (and the installation asks for it)."""
    if not settings.REQUIRE_SECOND_FACTOR or not user.is_authenticated:
        return False
    return user.groups.filter(name__in=SECOND_FACTOR_ROLES).exists()


def app_of(user: AbstractBaseUser) -> AuthenticatorApp | None:
    if not user.is_authenticated:
        return None
    return AuthenticatorApp.objects.filter(user=user, confirmed=True).order_by("-id").first()


def next_step(user: AbstractBaseUser) -> str | None:
    """For a session that has not passed the second factor: ENROL, VERIFY, or None when none is needed.

    One query: whether the person has an authenticator app and whether a role of theirs needs one.
    """
    apps = AuthenticatorApp.objects.filter(user=OuterRef("pk"), confirmed=True)
    roles = Group.objects.filter(user=OuterRef("pk"), name__in=SECOND_FACTOR_ROLES)
    found = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(has_app=Exists(apps), required=Exists(roles))
        .values("has_app", "required")
        .first()
    ) or {}
    if found.get("has_app"):
        return VERIFY
    if found.get("required") and settings.REQUIRE_SECOND_FACTOR:
        return ENROL
    return None


def is_verified(request: HttpRequest) -> bool:
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def pending_step(request: HttpRequest) -> str | None:
    """What a signed-in browser session still has to do before it may see anything: ENROL, VERIFY or None."""
    if not hasattr(request, "_second_factor_step"):
        user = request.user
        step = None
        if user.is_authenticated and not is_verified(request):
            step = next_step(user)
        request._second_factor_step = step
    return request._second_factor_step


# --- enrolling ------------------------------------------------------------------------------------------------


def enrolment_key(request: HttpRequest) -> str:
    """The secret offered for enrolment (hex), the same on every reload until it is confirmed or abandoned."""
    key = request.session.get(PENDING_KEY)
    if not key:
        key = secrets.token_hex(KEY_BYTES)
        request.session[PENDING_KEY] = key
    return key


def manual_key(key_hex: str) -> str:
    """The secret as people type it into an authenticator app: base32 in groups of four."""
    text = base64.b32encode(binascii.unhexlify(key_hex)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def setup_url(user: AbstractBaseUser, key_hex: str) -> str:
    """The otpauth:// address the QR code carries."""
    return AuthenticatorApp(user=user, key=key_hex).config_url


def _matching_step(key_hex: str, code: str) -> int | None:
    """The time step a code belongs to (now, or one step either side), or None when it is wrong."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = TOTP(binascii.unhexlify(key_hex))
    if not totp.verify(int(code), tolerance=1):
        return None
    return totp.t()


def authenticator_enrol(*, actor: AbstractBaseUser, key: str, code: str) -> AuthenticatorApp:
    """Confirm the app that shows `code` for `key` as the person's second factor; it replaces any earlier one."""
    step = _matching_step(key, code)
    if step is None:
        raise InvalidInput(fields={"code": [_("The code is not right. Type the six digits the app shows now.")]})
    with transaction.atomic():
        for earlier in AuthenticatorApp.objects.select_for_update().filter(user=actor):
            before = snapshot(earlier)
            earlier_id = earlier.pk
            earlier.delete()
            earlier.pk = earlier_id
            record_change(earlier, AuditEntry.Action.DELETE, before=before, reason="replaced by a new app")
        app = AuthenticatorApp.objects.create(
            user=actor, name=_("Authenticator app"), key=key, confirmed=True, last_t=step, created_at=timezone.now()
        )
        record_change(app, AuditEntry.Action.CREATE, reason="second factor enrolled")
    return app


def authenticator_remove(*, actor: AbstractBaseUser) -> None:
    """Remove one's own authenticator app; refused where a role needs one (set up a new one to replace it)."""
    if required_for(actor):
        raise Conflict(_("Your role needs a second factor, so it cannot be removed. Set up a new app to replace it."))
    with transaction.atomic():
        for app in AuthenticatorApp.objects.select_for_update().filter(user=actor):
            before = snapshot(app)
            app_id = app.pk
            app.delete()
            app.pk = app_id
            record_change(app, AuditEntry.Action.DELETE, before=before, reason="second factor removed")


# --- checking a code at log-in ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    passed: bool
    wait_seconds: int = 0  # refused without checking: too soon after a wrong code
    locked_out: bool = False  # too many wrong codes: the log-in is blocked like after wrong passwords


def code_check(request: HttpRequest, code: str) -> CodeCheck:
    """Check the code of the signed-in person's app; a wrong one is audited and counts as a failed log-in.

    Two brakes: the app itself refuses codes for 1, 2, 4 … seconds after each wrong one (kept with the app, so a
    fresh password log-in does not lift it), and wrong codes count towards the same lock as wrong passwords.
    """
    user = request.user
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        return CodeCheck(passed=False, locked_out=True)
    app = app_of(user)
    if app is None:
        return CodeCheck(passed=False)
    allowed, details = app.verify_is_allowed()
    if not allowed:
        wait = (details["locked_until"] - timezone.now()).total_seconds()
        return CodeCheck(passed=False, wait_seconds=max(1, math.ceil(wait)))
    verified = django_otp.verify_token(user, app.persistent_id, (code or "").strip().replace(" ", ""))
    if verified is not None:
        django_otp.login(request, verified)
        request.session.cycle_key()  # a new session id for the now fully signed-in session
        request.session.pop(PENDING_KEY, None)
        full_login_succeeded(request, user)
        return CodeCheck(passed=True)
    app.refresh_from_db()
    record_change(app, AuditEntry.Action.UPDATE, reason="wrong second-factor code")
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return CodeCheck(passed=False, locked_out=bool(getattr(request, "axes_locked_out", False)))


def enrolled_at_login(request: HttpRequest, app: AuthenticatorApp) -> None:
    """Enrolling proves the code as well: the session counts as verified with the new app."""
    django_otp.login(request, app)
    request.session.cycle_key()
    request.session.pop(PENDING_KEY, None)
    full_login_succeeded(request, request.user)


def full_login_succeeded(request: HttpRequest, user: AbstractBaseUser) -> None:
    """The failed log-ins of this person from this address are forgotten only once the whole log-in succeeded."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.reset_attempts(username=user.get_username(), ip_address=request.axes_ip_address)
