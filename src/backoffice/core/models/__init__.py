from backoffice.core.models.audit import AuditEntry
from backoffice.core.models.base import ArchivableModel, TimeStampedModel
from backoffice.core.models.notifications import Notification
from backoffice.core.models.outbox import OutboxMessage
from backoffice.core.models.preferences import Preference
from backoffice.core.models.second_factor import AuthenticatorApp
from backoffice.core.models.tokens import ApiToken

__all__ = [
    "ApiToken",
    "ArchivableModel",
    "AuditEntry",
    "AuthenticatorApp",
    "Notification",
    "OutboxMessage",
    "Preference",
    "TimeStampedModel",
]
