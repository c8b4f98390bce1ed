"""Setting up the shared inbox: mailboxes (their password kept encrypted and never shown back), a connection test
that says plainly what is wrong, and the routing rules with their order."""

from __future__ import annotations

import contextlib
import re
import socket
import ssl
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from backoffice.core.audit import record_change, snapshot
from backoffice.core.errors import InvalidInput
from backoffice.core.models import AuditEntry
from backoffice.core.permissions import ensure
from backoffice.core.records import create_record, update_record
from backoffice.frontdesk.choices import MailboxPurpose, RuleField
from backoffice.frontdesk.models import Mailbox, RoutingRule
from backoffice.people.models import Employee
from backoffice.supplies.models import Supplier

Actor = AbstractBaseUser | None

MAILBOX_FIELDS = {
    "name",
    "purpose",
    "address",
    "host",
    "port",
    "use_ssl",
    "username",
    "password",
    "folder",
    "fax_recipient",
}
RULE_FIELDS = {"mailbox", "field", "contains", "assignee", "supplier"}
CONNECTION_FIELDS = {"host", "port", "use_ssl", "username", "password", "folder"}
TEST_TIMEOUT_S = 10  # a person waits for the answer: shorter than the poller's timeout
# a host name or an IPv4/IPv6 address, nothing else (no scheme, path, port or spaces)
HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
)
IPV6 = re.compile(r"^[0-9A-Fa-f:.]+$")


def _only(values: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    unknown = set(values) - allowed
    if unknown:
        raise InvalidInput(fields={name: [_("This field cannot be set here.")] for name in sorted(unknown)})
    return values


def _check_mailbox(values: dict[str, Any]) -> dict[str, Any]:
    """Trimmed values; the problems a model validation would not name clearly, by field."""
    for name in ("name", "address", "host", "username", "folder"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    errors: dict[str, list[str]] = {}
    host = values.get("host")
    if host is not None and host and not (HOST.match(host) or (":" in host and IPV6.match(host))):
        errors["host"] = [_("Enter the server's name or IP address only, e.g. imap.example.com.")]
    port = values.get("port")
    if port is not None and not 1 <= int(port) <= 65535:
        errors["port"] = [_("A port is a number from 1 to 65535.")]
    if "folder" in values and not values["folder"]:
        errors["folder"] = [_("Enter the folder to read, usually INBOX.")]
    person = values.get("fax_recipient")
    if person is not None and person.archived_at is not None:
        errors["fax_recipient"] = [_("This person no longer works here.")]
    if errors:
        raise InvalidInput(fields=errors)
    return values


def mailbox_create(*, actor: Actor, **values: Any) -> Mailbox:
    """A mailbox the poller reads; its password is required and stored encrypted."""
    ensure(actor, "frontdesk.add_mailbox")
    _only(values, MAILBOX_FIELDS)
    if not values.get("password"):
        raise InvalidInput(fields={"password": [_("Enter the mailbox password.")]})
    values.setdefault("folder", "INBOX")
    values.setdefault("purpose", MailboxPurpose.SHARED_INBOX)
    return create_record(Mailbox, **_check_mailbox(values))


def mailbox_update(*, actor: Actor, mailbox: Mailbox, **changes: Any) -> Mailbox:
    """Change the settings; an empty or missing password keeps the stored one (it is never shown to be edited)."""
    ensure(actor, "frontdesk.change_mailbox")
    _only(changes, MAILBOX_FIELDS)
    password = changes.pop("password", None) or ""
    changes = _check_mailbox(changes)
    if password and password != mailbox.password:
        changes["password"] = password
    if any(getattr(mailbox, name) != value for name, value in changes.items() if name in CONNECTION_FIELDS):
        changes.update(failures=0, retry_at=None)  # new settings are tried at the next poll, not after the back-off
    # The audit trail never holds a password (core.audit); update_record still saves a change to it alone.
    return update_record(mailbox, reason="password changed" if "password" in changes else "", **changes)


def mailbox_set_active(*, actor: Actor, mailbox: Mailbox, active: bool) -> Mailbox:
    """Deactivate (the poller stops reading it; its conversations stay) or activate again (read at the next poll)."""
    ensure(actor, "frontdesk.change_mailbox")
    if active:
        return update_record(mailbox, active=True, failures=0, retry_at=None)
    return update_record(mailbox, active=False)


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str
    messages: int | None = None  # how many messages the folder holds, when it could be read


def _connection_problem(exc: BaseException, mailbox: Mailbox) -> str:
    from imapclient.exceptions import IMAPClientError, LoginError

    where = {"host": mailbox.host, "port": mailbox.port}
    if isinstance(exc, LoginError):
        return _("The server refused the user name or password.")
    if isinstance(exc, socket.gaierror):
        return _("The server %(host)s cannot be found; check its name.") % where
    if isinstance(exc, ConnectionRefusedError):
        return _("%(host)s does not accept connections on port %(port)s; check the port.") % where
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return _("%(host)s did not answer on port %(port)s in time; check the name, the port and the firewall.") % where
    if isinstance(exc, ssl.SSLError):
        return (
            _("The secure connection to %(host)s failed; check whether the server expects SSL on port %(port)s.")
            % where
        )
    if isinstance(exc, IMAPClientError):
        return _("The server answered with an error: %(error)s") % {"error": str(exc)[:200]}
    if isinstance(exc, OSError):
        return _("%(host)s cannot be reached: %(error)s") % {**where, "error": str(exc)[:200]}
    return _("The connection failed: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"[:200]}


def mailbox_test_connection(*, actor: Actor, mailbox: Mailbox) -> ConnectionCheck:
    """Log in with the stored settings and open the folder, read-only; nothing is fetched or stored."""
    ensure(actor, "frontdesk.change_mailbox")
    from imapclient import IMAPClient
    from imapclient.exceptions import IMAPClientError

    try:
        client = IMAPClient(mailbox.host, port=mailbox.port, ssl=mailbox.use_ssl, timeout=TEST_TIMEOUT_S)
    except Exception as exc:  # noqa: BLE001 — every failure is an answer for the person testing
        return ConnectionCheck(False, _connection_problem(exc, mailbox))
    try:
        client.login(mailbox.username, mailbox.password)
        try:
            info = client.select_folder(mailbox.folder, readonly=True)
        except IMAPClientError:
            return ConnectionCheck(
                False, _("The login worked, but the folder %(folder)s does not exist.") % {"folder": mailbox.folder}
            )
        count = int(info.get(b"EXISTS", 0))
        return ConnectionCheck(
            True,
            _("The connection works: %(folder)s holds %(count)s messages.")
            % {"folder": mailbox.folder, "count": count},
            count,
        )
    except Exception as exc:  # noqa: BLE001
        return ConnectionCheck(False, _connection_problem(exc, mailbox))
    finally:
        with contextlib.suppress(Exception):
            client.logout()


# --- routing rules ------------------------------------------------------------------------------


def _check_rule(values: dict[str, Any]) -> dict[str, Any]:
    if isinstance(values.get("contains"), str):
        values["contains"] = values["contains"].strip()
    errors: dict[str, list[str]] = {}
    if "field" in values and values["field"] not in RuleField.values:
        errors["field"] = [_("Choose whether the sender or the subject is looked at.")]
    assignee: Employee | None = values.get("assignee")
    if assignee is not None and assignee.archived_at is not None:
        errors["assignee"] = [_("This person no longer works here.")]
    supplier: Supplier | None = values.get("supplier")
    if supplier is not None and supplier.archived_at is not None:
        errors["supplier"] = [_("This supplier is archived.")]
    if errors:
        raise InvalidInput(fields=errors)
    return values


def rule_create(*, actor: Actor, **values: Any) -> RoutingRule:
    """A new rule, checked after the existing ones."""
    ensure(actor, "frontdesk.add_routingrule")
    _only(values, RULE_FIELDS)
    last = RoutingRule.objects.aggregate(last=Max("position"))["last"] or 0
    return create_record(RoutingRule, position=last + 10, **_check_rule(values))


def rule_update(*, actor: Actor, rule: RoutingRule, **changes: Any) -> RoutingRule:
    ensure(actor, "frontdesk.change_routingrule")
    _only(changes, RULE_FIELDS)
    return update_record(rule, **_check_rule(changes))


def rule_delete(*, actor: Actor, rule: RoutingRule) -> None:
    """Conversations it routed keep their assignee; only future mail is no longer matched by it."""
    ensure(actor, "frontdesk.delete_routingrule")
    with transaction.atomic():
        record_change(rule, AuditEntry.Action.DELETE, before=snapshot(rule))
        rule.delete()


def rules_reorder(*, actor: Actor, order: list[int]) -> list[RoutingRule]:
    """Put the rules in this order (ids, first checked first); every rule must be listed once."""
    ensure(actor, "frontdesk.change_routingrule")
    with transaction.atomic():
        rules = {rule.pk: rule for rule in RoutingRule.objects.select_for_update().order_by("position", "id")}
        if len(order) != len(set(order)) or set(order) != set(rules):
            raise InvalidInput(fields={"order": [_("List every routing rule exactly once.")]})
        for index, pk in enumerate(order, start=1):
            if rules[pk].position != index * 10:
                update_record(rules[pk], position=index * 10, reason="rules reordered")
    return [rules[pk] for pk in order]


def rule_move(*, actor: Actor, rule: RoutingRule, up: bool) -> list[RoutingRule]:
    """One place earlier or later in the order."""
    ensure(actor, "frontdesk.change_routingrule")
    order = list(RoutingRule.objects.order_by("position", "id").values_list("pk", flat=True))
    at = order.index(rule.pk)
    other = at - 1 if up else at + 1
    if 0 <= other < len(order):
        order[at], order[other] = order[other], order[at]
    return rules_reorder(actor=actor, order=order)
