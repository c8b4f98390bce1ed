"""API shapes of the front desk: separate In and Out schemas, never every column."""

import datetime as dt

from ninja import Field, Schema

from backoffice.frontdesk.choices import (
    CallOutcome,
    ConversationStatus,
    Direction,
    MailboxPurpose,
    MessageStatus,
    RuleField,
    Urgency,
)


class PersonOut(Schema):
    id: int
    full_name: str
    phone_extension: str


class CallIn(Schema):
    direction: Direction = Direction.INCOMING
    started_at: dt.datetime | None = None
    caller_name: str = Field("", max_length=120)
    company: str = Field("", max_length=120)
    number: str = Field("", max_length=32)
    for_person_id: int | None = None
    purpose: str = Field("", max_length=300)
    outcome: CallOutcome = CallOutcome.CONNECTED
    duration_seconds: int | None = Field(None, ge=0)


class CallOut(Schema):
    id: int
    direction: str
    started_at: dt.datetime
    caller_name: str
    company: str
    number: str
    number_e164: str
    for_person: PersonOut | None
    purpose: str
    outcome: str
    duration_seconds: int | None
    pbx_call_id: str | None


class TransferIn(Schema):
    to_id: int
    wanted_id: int | None = None


class TransferOut(Schema):
    id: int
    call_id: int
    from_person: PersonOut | None
    to_person: PersonOut
    at: dt.datetime


class ContactOut(Schema):
    kind: str
    name: str
    url: str
    detail: str


class LookupOut(Schema):
    number: str
    contacts: list[ContactOut]
    recent: list[CallOut]


class AdviceOut(Schema):
    person: PersonOut
    away: bool
    responsible: PersonOut
    offer_substitute: bool


class MessageIn(Schema):
    for_person_id: int
    caller_name: str = Field(max_length=120)
    company: str = Field("", max_length=120)
    callback_number: str = Field("", max_length=32)
    text: str = Field("", max_length=5000)
    urgency: Urgency = Urgency.NORMAL
    callback_by: dt.datetime | None = None
    call_id: int | None = None


class MessageOut(Schema):
    id: int
    for_person: PersonOut
    caller_name: str
    company: str
    callback_number: str
    callback_e164: str
    text: str
    urgency: str
    callback_by: dt.datetime | None
    status: str
    created_at: dt.datetime
    delivered_to_substitute: PersonOut | None


class StatusIn(Schema):
    status: MessageStatus


class PbxAckOut(Schema):
    call_id: int
    outcome: str


class CdrReportOut(Schema):
    created: int
    skipped: int
    errors: list[dict]


class SupplierRefOut(Schema):
    id: int
    name: str


class ConversationOut(Schema):
    id: int
    subject: str
    status: str
    counterpart: str
    assignee: PersonOut | None
    supplier: SupplierRefOut | None
    last_message_at: dt.datetime | None
    mailbox_id: int


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    refused: str


class MailMessageOut(Schema):
    id: int
    direction: str
    from_address: str
    from_name: str
    to: str
    subject: str
    sent_at: dt.datetime | None
    body: str
    problem: str
    message_id: str
    attachments: list[AttachmentOut]


class ConversationDetailOut(ConversationOut):
    messages: list[MailMessageOut]


class ConversationChangeIn(Schema):
    status: ConversationStatus | None = None
    assignee_id: int | None = None


class ReplyIn(Schema):
    body: str = Field(min_length=1, max_length=100_000)


class FaxOut(Schema):
    id: int
    direction: str
    number: str
    number_e164: str
    status: str
    pages: int
    subject: str
    attempts: int
    last_error: str
    transport_ref: str
    created_at: dt.datetime


class FaxIn(Schema):
    number: str = Field(max_length=32)
    subject: str = Field("", max_length=300)
    cover_text: str = Field("", max_length=10_000)
    document_pdf_base64: str | None = Field(None, max_length=28_000_000)


class MailboxOut(Schema):
    """The settings without the password: only whether one is stored."""

    id: int
    name: str
    purpose: str
    address: str
    host: str
    port: int
    use_ssl: bool
    username: str
    password_set: bool
    folder: str
    fax_recipient: PersonOut | None
    active: bool
    last_sync_at: dt.datetime | None
    last_error: str
    failures: int  # failed reads in a row; the poller waits until retry_at before the next one
    retry_at: dt.datetime | None

    @staticmethod
    def resolve_password_set(obj) -> bool:
        return bool(obj.password)


class MailboxIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    purpose: MailboxPurpose = MailboxPurpose.SHARED_INBOX
    address: str = Field(max_length=254)
    host: str = Field(min_length=1, max_length=200)
    port: int = Field(993, ge=1, le=65535)
    use_ssl: bool = True
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=200)
    folder: str = Field("INBOX", min_length=1, max_length=200)
    fax_recipient_id: int | None = None


class MailboxChangeIn(Schema):
    """Only what is sent changes; an empty or missing password keeps the stored one."""

    name: str | None = Field(None, min_length=1, max_length=120)
    purpose: MailboxPurpose | None = None
    address: str | None = Field(None, max_length=254)
    host: str | None = Field(None, min_length=1, max_length=200)
    port: int | None = Field(None, ge=1, le=65535)
    use_ssl: bool | None = None
    username: str | None = Field(None, min_length=1, max_length=200)
    password: str | None = Field(None, max_length=200)
    folder: str | None = Field(None, min_length=1, max_length=200)
    fax_recipient_id: int | None = None
    active: bool | None = None


class ConnectionCheckOut(Schema):
    ok: bool
    message: str
    messages: int | None


class RuleOut(Schema):
    id: int
    position: int
    mailbox_id: int | None
    field: str
    contains: str
    assignee: PersonOut | None
    supplier: SupplierRefOut | None


class RuleIn(Schema):
    mailbox_id: int | None = None
    field: RuleField
    contains: str = Field("", max_length=200)
    assignee_id: int | None = None
    supplier_id: int | None = None


class RuleChangeIn(Schema):
    mailbox_id: int | None = None
    field: RuleField | None = None
    contains: str | None = Field(None, max_length=200)
    assignee_id: int | None = None
    supplier_id: int | None = None


class RuleOrderIn(Schema):
    order: list[int] = Field(max_length=10_000, description="Every rule's id once, the first checked first.")
