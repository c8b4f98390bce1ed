"""A person's authenticator app (TOTP, RFC 6238) as the second factor of their log-in."""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class AuthenticatorApp(TOTPDevice):
    """django-otp's TOTP device under the back office's name; its shared secret never enters the audit trail."""

    audit_redacted = frozenset({"key"})  # see core.audit.snapshot

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return str(_("Authenticator app of {user}")).format(user=self.user.get_username())
