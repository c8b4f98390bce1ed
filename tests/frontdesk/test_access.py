"""Who may open which front-desk page and call which /api/v1/frontdesk/ operation: the full matrix, denial included."""

from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.core.records import create_record
from backoffice.core.roles import ADMINISTRATOR, BACK_OFFICE, OFFICE_MANAGER, ROLES
from backoffice.frontdesk import files, inbox, mailboxes, services
from backoffice.frontdesk.choices import Direction, FaxStatus
from backoffice.frontdesk.models import Fax, Mailbox
from tests.access import EVERYONE, NO_ROLE, Cell, matrix_tests, shared_scenario
from tests.builders import make_employee
from tests.frontdesk.test_inbox import mail

RECEPTION = frozenset({BACK_OFFICE, ADMINISTRATOR})
OVERSIGHT = frozenset({BACK_OFFICE, OFFICE_MANAGER, ADMINISTRATOR})  # see the log, the inbox and faxes
NOBODY = frozenset()
SETS_UP_MAILBOXES = frozenset({ADMINISTRATOR})  # the Back office sees the mailboxes and runs the routing rules


class Scenario:
    """Someone else's call, message, conversation (with an attachment) and fax, which the matrix tries to reach."""

    def __init__(self):
        self.other = make_employee(first_name="Cizí", last_name="Kolegyně", phone_extension="555")
        self.call = services.call_log(actor=None, number="602111222", caller_name="Jan", for_person=self.other)
        self.message = services.message_take(actor=None, for_person=self.other, caller_name="Jan Novák")
        mailbox = create_record(
            Mailbox, name="Info", address="info@firma.cz", host="127.0.0.1", username="info", password="x"
        )
        stored = inbox.store_incoming(
            mailbox,
            mail("Nabídka", attachment=("nabidka.pdf", b"%PDF-1.4 nabidka")),
            uidvalidity=1,
            uid=1,
        )
        self.conversation = stored.conversation
        self.attachment = stored.attachments.get()
        self.fax = create_record(
            Fax,
            direction=Direction.INCOMING,
            number="+420224123456",
            status=FaxStatus.RECEIVED,
            document=files.store("frontdesk/fax", "fax.tif", b"II*\x00"),
            for_person=self.other,
        )
        self.colleague = make_employee(first_name="Ochotný", last_name="Kolega")
        self.mailbox = self.conversation.mailbox
        self.rule = mailboxes.rule_create(actor=None, field="subject", contains="faktura", assignee=self.other)


PAGES = [
    Cell("GET", lambda s: "/frontdesk/", OVERSIGHT, url_name="frontdesk:calls"),
    Cell("GET", lambda s: "/frontdesk/lookup/?number=602111222", RECEPTION, url_name="frontdesk:lookup"),
    Cell("GET", lambda s: f"/frontdesk/advice/?for_person={s.other.pk}", RECEPTION, url_name="frontdesk:advice"),
    Cell("GET", lambda s: f"/frontdesk/calls/{s.call.pk}/", OVERSIGHT, url_name="frontdesk:call_detail"),
    Cell(
        "POST",
        lambda s: f"/frontdesk/calls/{s.call.pk}/transfer/",
        RECEPTION,
        url_name="frontdesk:call_transfer",
        payload=lambda s, u: {"to": s.other.pk},
    ),
    Cell("GET", lambda s: "/frontdesk/calls/import/", RECEPTION, url_name="frontdesk:cdr_import"),
    Cell("GET", lambda s: "/frontdesk/messages/", EVERYONE, url_name="frontdesk:messages"),
    Cell("GET", lambda s: "/frontdesk/messages/new/", RECEPTION, url_name="frontdesk:message_create"),
    Cell("GET", lambda s: f"/frontdesk/messages/{s.message.pk}/", RECEPTION, url_name="frontdesk:message_detail"),
    Cell(
        "POST",
        lambda s: f"/frontdesk/messages/{s.message.pk}/status/",
        RECEPTION,
        url_name="frontdesk:message_status",
        payload=lambda s, u: {"status": "read"},
    ),
    Cell("GET", lambda s: "/frontdesk/directory/", EVERYONE, url_name="frontdesk:directory"),
    Cell("GET", lambda s: "/frontdesk/inbox/", EVERYONE, url_name="frontdesk:conversations"),
    Cell(
        "GET",
        lambda s: f"/frontdesk/inbox/{s.conversation.pk}/",
        OVERSIGHT,
        url_name="frontdesk:conversation_detail",
    ),
    Cell(
        "POST",
        lambda s: f"/frontdesk/inbox/{s.conversation.pk}/reply/",
        OVERSIGHT,
        url_name="frontdesk:conversation_reply",
        payload=lambda s, u: {"body": "Děkujeme."},
    ),
    Cell(
        "POST",
        lambda s: f"/frontdesk/inbox/{s.conversation.pk}/change/",
        OVERSIGHT,
        url_name="frontdesk:conversation_change",
        payload=lambda s, u: {"status": "closed"},
    ),
    Cell(
        "GET",
        lambda s: f"/frontdesk/inbox/attachments/{s.attachment.pk}/",
        OVERSIGHT,
        url_name="frontdesk:attachment_download",
    ),
    Cell("GET", lambda s: "/frontdesk/inbox/mailboxes/", RECEPTION, url_name="frontdesk:mailboxes"),
    Cell("GET", lambda s: "/frontdesk/inbox/mailboxes/new/", SETS_UP_MAILBOXES, url_name="frontdesk:mailbox_create"),
    Cell(
        "GET", lambda s: f"/frontdesk/inbox/mailboxes/{s.mailbox.pk}/", RECEPTION, url_name="frontdesk:mailbox_detail"
    ),
    Cell(
        "GET",
        lambda s: f"/frontdesk/inbox/mailboxes/{s.mailbox.pk}/edit/",
        SETS_UP_MAILBOXES,
        url_name="frontdesk:mailbox_edit",
    ),
    Cell(
        "POST",
        lambda s: f"/frontdesk/inbox/mailboxes/{s.mailbox.pk}/active/",
        SETS_UP_MAILBOXES,
        url_name="frontdesk:mailbox_set_active",
        payload=lambda s, u: {"active": "0"},
    ),
    Cell(
        "POST",
        lambda s: f"/frontdesk/inbox/mailboxes/{s.mailbox.pk}/test/",
        SETS_UP_MAILBOXES,
        url_name="frontdesk:mailbox_test",
    ),
    Cell("GET", lambda s: "/frontdesk/inbox/rules/", RECEPTION, url_name="frontdesk:rules"),
    Cell("GET", lambda s: "/frontdesk/inbox/rules/new/", RECEPTION, url_name="frontdesk:rule_create"),
    Cell("GET", lambda s: f"/frontdesk/inbox/rules/{s.rule.pk}/edit/", RECEPTION, url_name="frontdesk:rule_edit"),
    Cell("GET", lambda s: f"/frontdesk/inbox/rules/{s.rule.pk}/delete/", RECEPTION, url_name="frontdesk:rule_delete"),
    Cell("POST", lambda s: f"/frontdesk/inbox/rules/{s.rule.pk}/delete/", RECEPTION, url_name="frontdesk:rule_delete"),
    Cell(
        "POST",
        lambda s: f"/frontdesk/inbox/rules/{s.rule.pk}/move/",
        RECEPTION,
        url_name="frontdesk:rule_move",
        payload=lambda s, u: {"direction": "down"},
    ),
    Cell("GET", lambda s: "/frontdesk/fax/", EVERYONE, url_name="frontdesk:faxes"),
    Cell("GET", lambda s: "/frontdesk/fax/new/", RECEPTION, url_name="frontdesk:fax_create"),
    Cell("GET", lambda s: f"/frontdesk/fax/{s.fax.pk}/", OVERSIGHT, url_name="frontdesk:fax_detail"),
    Cell("GET", lambda s: f"/frontdesk/fax/{s.fax.pk}/document/", OVERSIGHT, url_name="frontdesk:fax_document"),
]

API = "/api/v1/frontdesk"
API_CELLS = [
    Cell("GET", lambda s: f"{API}/calls", EVERYONE, operation="GET /api/v1/frontdesk/calls"),
    Cell(
        "POST",
        lambda s: f"{API}/calls",
        RECEPTION,
        operation="POST /api/v1/frontdesk/calls",
        payload=lambda s, u: {"number": "602111222", "for_person_id": s.other.pk},
    ),
    Cell("GET", lambda s: f"{API}/calls/{s.call.pk}", OVERSIGHT, operation="GET /api/v1/frontdesk/calls/{call_id}"),
    Cell(
        "POST",
        lambda s: f"{API}/calls/{s.call.pk}/transfer",
        RECEPTION,
        operation="POST /api/v1/frontdesk/calls/{call_id}/transfer",
        payload=lambda s, u: {"to_id": s.colleague.pk},
    ),
    Cell("GET", lambda s: f"{API}/lookup?number=602111222", RECEPTION, operation="GET /api/v1/frontdesk/lookup"),
    Cell(
        "GET",
        lambda s: f"{API}/transfer-advice?employee_id={s.other.pk}",
        RECEPTION,
        operation="GET /api/v1/frontdesk/transfer-advice",
    ),
    Cell("GET", lambda s: f"{API}/messages", EVERYONE, operation="GET /api/v1/frontdesk/messages"),
    Cell(
        "POST",
        lambda s: f"{API}/messages",
        RECEPTION,
        operation="POST /api/v1/frontdesk/messages",
        payload=lambda s, u: {"for_person_id": s.other.pk, "caller_name": "Jana"},
    ),
    Cell(
        "GET",
        lambda s: f"{API}/messages/{s.message.pk}",
        RECEPTION,
        operation="GET /api/v1/frontdesk/messages/{message_id}",
    ),
    Cell(
        "POST",
        lambda s: f"{API}/messages/{s.message.pk}/status",
        RECEPTION,
        operation="POST /api/v1/frontdesk/messages/{message_id}/status",
        payload=lambda s, u: {"status": "read"},
    ),
    # Only the PBX, with the shared secret, may post events: a login or token is no use here.
    Cell(
        "POST",
        lambda s: f"{API}/pbx/events",
        NOBODY,
        operation="POST /api/v1/frontdesk/pbx/events",
        payload=lambda s, u: {"call_id": "1", "event": "ringing", "timestamp": "2026-11-27T09:00:00Z"},
        special={role: 401 for role in [*ROLES, NO_ROLE]},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/pbx/cdr",
        RECEPTION,
        operation="POST /api/v1/frontdesk/pbx/cdr",
        payload=lambda s, u: {"file": SimpleUploadedFile("Master.csv", b"")},
        form=True,  # an upload, not JSON
    ),
    Cell("GET", lambda s: f"{API}/conversations", EVERYONE, operation="GET /api/v1/frontdesk/conversations"),
    Cell(
        "GET",
        lambda s: f"{API}/conversations/{s.conversation.pk}",
        OVERSIGHT,
        operation="GET /api/v1/frontdesk/conversations/{conversation_id}",
    ),
    Cell(
        "PATCH",
        lambda s: f"{API}/conversations/{s.conversation.pk}",
        OVERSIGHT,
        operation="PATCH /api/v1/frontdesk/conversations/{conversation_id}",
        payload=lambda s, u: {"status": "waiting"},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/conversations/{s.conversation.pk}/reply",
        OVERSIGHT,
        operation="POST /api/v1/frontdesk/conversations/{conversation_id}/reply",
        payload=lambda s, u: {"body": "Děkujeme."},
    ),
    Cell("GET", lambda s: f"{API}/mailboxes", RECEPTION, operation="GET /api/v1/frontdesk/mailboxes"),
    Cell(
        "POST",
        lambda s: f"{API}/mailboxes",
        SETS_UP_MAILBOXES,
        operation="POST /api/v1/frontdesk/mailboxes",
        payload=lambda s, u: {
            "name": "Faktury",
            "address": "faktury@firma.cz",
            "host": "imap.firma.cz",
            "username": "faktury",
            "password": "Heslo-123",
        },
    ),
    Cell(
        "GET",
        lambda s: f"{API}/mailboxes/{s.mailbox.pk}",
        RECEPTION,
        operation="GET /api/v1/frontdesk/mailboxes/{mailbox_id}",
    ),
    Cell(
        "PATCH",
        lambda s: f"{API}/mailboxes/{s.mailbox.pk}",
        SETS_UP_MAILBOXES,
        operation="PATCH /api/v1/frontdesk/mailboxes/{mailbox_id}",
        payload=lambda s, u: {"active": False},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/mailboxes/{s.mailbox.pk}/test",
        SETS_UP_MAILBOXES,
        operation="POST /api/v1/frontdesk/mailboxes/{mailbox_id}/test",
    ),
    Cell("GET", lambda s: f"{API}/rules", RECEPTION, operation="GET /api/v1/frontdesk/rules"),
    Cell(
        "POST",
        lambda s: f"{API}/rules",
        RECEPTION,
        operation="POST /api/v1/frontdesk/rules",
        payload=lambda s, u: {"field": "subject", "contains": "reklamace", "assignee_id": s.other.pk},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/rules/order",
        RECEPTION,
        operation="POST /api/v1/frontdesk/rules/order",
        payload=lambda s, u: {"order": [s.rule.pk]},
    ),
    Cell("GET", lambda s: f"{API}/rules/{s.rule.pk}", RECEPTION, operation="GET /api/v1/frontdesk/rules/{rule_id}"),
    Cell(
        "PATCH",
        lambda s: f"{API}/rules/{s.rule.pk}",
        RECEPTION,
        operation="PATCH /api/v1/frontdesk/rules/{rule_id}",
        payload=lambda s, u: {"contains": "objednavka"},
    ),
    Cell(
        "DELETE",
        lambda s: f"{API}/rules/{s.rule.pk}",
        RECEPTION,
        operation="DELETE /api/v1/frontdesk/rules/{rule_id}",
        ok=frozenset({204}),
    ),
    Cell("GET", lambda s: f"{API}/faxes", EVERYONE, operation="GET /api/v1/frontdesk/faxes"),
    Cell(
        "POST",
        lambda s: f"{API}/faxes",
        RECEPTION,
        operation="POST /api/v1/frontdesk/faxes",
        payload=lambda s, u: {"number": "224123456", "cover_text": "Objednávka"},
    ),
    Cell("GET", lambda s: f"{API}/faxes/{s.fax.pk}", OVERSIGHT, operation="GET /api/v1/frontdesk/faxes/{fax_id}"),
]


scenario = shared_scenario(Scenario, files=True)  # files: the conversation's attachment and the fax document

test_pages, test_api, test_every_page_is_in_the_matrix, test_every_api_operation_is_in_the_matrix = matrix_tests(
    pages=PAGES, api_cells=API_CELLS, namespaces={"frontdesk"}, api="/api/v1/frontdesk/"
)
