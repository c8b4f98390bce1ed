"""Mailboxes and routing rules managed in the product's own pages and API: the password never shown back, a
connection test against the real Dovecot that says what is wrong, deactivation, rules in their order; bad input
refused by field with nothing written."""

from __future__ import annotations

import pytest

from backoffice.core.models import AuditEntry
from backoffice.core.records import archive_record, create_record
from backoffice.core.roles import ADMINISTRATOR, BACK_OFFICE, EMPLOYEE
from backoffice.frontdesk import inbox, mailboxes
from backoffice.frontdesk.models import Conversation, Mailbox, RoutingRule
from backoffice.supplies.models import Supplier
from tests.builders import make_employee
from tests.frontdesk.test_inbox import mail
from tests.peers import free_port

pytestmark = pytest.mark.django_db
API = "/api/v1/frontdesk"
SECRET = "Tajne-heslo-schranky-7"


def form_data(**values) -> dict:
    data = {
        "name": "Info",
        "purpose": "inbox",
        "address": "info@firma.cz",
        "host": "imap.firma.cz",
        "port": 993,
        "use_ssl": "on",
        "username": "info",
        "password": SECRET,
        "folder": "INBOX",
        "fax_recipient": "",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def make_mailbox(**values) -> Mailbox:
    settings = {"name": "Info", "address": "info@firma.cz", "host": "127.0.0.1", "username": "info", "password": SECRET}
    settings.update(values)
    return mailboxes.mailbox_create(actor=None, **settings)


# --- mailboxes: pages ---------------------------------------------------------------------------


def test_an_administrator_adds_and_edits_a_mailbox_and_the_password_never_comes_back(client_for):
    client = client_for(ADMINISTRATOR)
    assert 'type="password"' in client.get("/frontdesk/inbox/mailboxes/new/").content.decode()
    created = client.post("/frontdesk/inbox/mailboxes/new/", form_data())
    assert created.status_code == 302, created.context["form"].errors
    box = Mailbox.objects.get()
    assert (box.host, box.password, box.active) == ("imap.firma.cz", SECRET, True)
    for url in ("/frontdesk/inbox/mailboxes/", f"/frontdesk/inbox/mailboxes/{box.pk}/", created["Location"]):
        assert SECRET not in client.get(url).content.decode()
    edit_page = client.get(f"/frontdesk/inbox/mailboxes/{box.pk}/edit/").content.decode()
    assert SECRET not in edit_page and "leave empty to keep" in edit_page

    kept = client.post(f"/frontdesk/inbox/mailboxes/{box.pk}/edit/", form_data(password="", host="mail.firma.cz"))
    assert kept.status_code == 302
    box.refresh_from_db()
    assert (box.host, box.password) == ("mail.firma.cz", SECRET)
    client.post(f"/frontdesk/inbox/mailboxes/{box.pk}/edit/", form_data(password="Nove-heslo-8", host="mail.firma.cz"))
    box.refresh_from_db()
    assert box.password == "Nove-heslo-8"
    history = client.get(f"/frontdesk/inbox/mailboxes/{box.pk}/").content.decode()
    assert "password changed" in history and "Nove-heslo-8" not in history and "mail.firma.cz" in history
    for entry in AuditEntry.objects.filter(content_type__model="mailbox"):
        assert SECRET not in str(entry.before) + str(entry.after)
        assert "Nove-heslo-8" not in str(entry.before) + str(entry.after)


def test_a_mailbox_and_a_rule_changed_in_the_django_admin_are_audited_without_the_password():
    from django.contrib.auth import get_user_model
    from django.test import Client

    superuser = get_user_model().objects.create_superuser("root-admin", "root@firma.cz", "Dlouhe-heslo-1234")
    client = Client()
    client.force_login(superuser)
    box = make_mailbox()
    changed = client.post(
        f"/admin/frontdesk/mailbox/{box.pk}/change/",
        {**form_data(host="mail.firma.cz", password=""), "use_ssl": "on", "active": "on"},
    )
    assert changed.status_code == 302, changed.content[:2000]
    entry = AuditEntry.objects.filter(content_type__model="mailbox", object_id=str(box.pk)).latest("id")
    assert (entry.action, entry.actor, entry.reason) == (AuditEntry.Action.UPDATE, superuser, "in the admin")
    assert entry.after["host"] == "mail.firma.cz" and SECRET not in str(entry.before) + str(entry.after)

    rule = mailboxes.rule_create(actor=None, mailbox=box, field="subject", contains="faktura", assignee=make_employee())
    assert client.post(f"/admin/frontdesk/routingrule/{rule.pk}/delete/", {"post": "yes"}).status_code == 302
    deleted = AuditEntry.objects.get(content_type__model="routingrule", object_id=str(rule.pk), action="delete")
    assert deleted.before["contains"] == "faktura"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"host": "imap.firma.cz/inbox"}, "host"),
        ({"host": "imap firma"}, "host"),
        ({"port": 70000}, "port"),
        ({"address": "not-an-address"}, "address"),
        ({"password": ""}, "password"),
        ({"folder": "  "}, "folder"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_mailbox_settings_are_refused_by_field_and_nothing_is_written(client_for, values, field):
    client = client_for(ADMINISTRATOR)
    answer = client.post("/frontdesk/inbox/mailboxes/new/", form_data(**values))
    assert answer.status_code == 200
    assert field in answer.context["form"].errors, answer.context["form"].errors
    assert not Mailbox.objects.exists()


def test_a_name_taken_by_another_mailbox_is_refused_and_the_edit_is_not_saved(client_for):
    make_mailbox(name="Info")
    other = make_mailbox(name="Faktury", address="faktury@firma.cz")
    client = client_for(ADMINISTRATOR)
    answer = client.post(f"/frontdesk/inbox/mailboxes/{other.pk}/edit/", form_data(name="Info", host="jiny.firma.cz"))
    assert answer.status_code == 200 and "name" in answer.context["form"].errors
    other.refresh_from_db()
    assert (other.name, other.host) == ("Faktury", "127.0.0.1")


def test_the_back_office_sees_the_mailboxes_but_cannot_change_them(client_for):
    box = make_mailbox()
    client = client_for(BACK_OFFICE)
    page = client.get("/frontdesk/inbox/mailboxes/").content.decode()
    assert "Info" in page and "New mailbox" not in page
    detail = client.get(f"/frontdesk/inbox/mailboxes/{box.pk}/").content.decode()
    assert "Test the connection" not in detail and SECRET not in detail
    assert client.post(f"/frontdesk/inbox/mailboxes/{box.pk}/edit/", form_data(host="x.cz")).status_code == 403
    assert client.post(f"/frontdesk/inbox/mailboxes/{box.pk}/active/", {"active": "0"}).status_code == 403
    box.refresh_from_db()
    assert (box.host, box.active) == ("127.0.0.1", True)


def test_the_menu_offers_mailboxes_and_rules_only_to_those_who_may_see_them(client_for):
    shown = client_for(BACK_OFFICE).get("/frontdesk/inbox/").content.decode()
    assert "/frontdesk/inbox/mailboxes/" in shown and "/frontdesk/inbox/rules/" in shown
    hidden = client_for(EMPLOYEE).get("/frontdesk/inbox/").content.decode()
    assert "/frontdesk/inbox/mailboxes/" not in hidden and "/frontdesk/inbox/rules/" not in hidden


# --- the connection test and deactivation against the real Dovecot -------------------------------------


def test_the_connection_test_says_what_works_and_what_is_wrong(dovecot, client_for):
    dovecot.append("info", mail("První"), mail("Druhý"))
    box = make_mailbox(host="127.0.0.1", port=dovecot.port, use_ssl=False, password=dovecot.password)
    client = client_for(ADMINISTRATOR)

    def tested(**changes) -> str:
        mailboxes.mailbox_update(actor=None, mailbox=box, **changes)
        answer = client.post(f"/frontdesk/inbox/mailboxes/{box.pk}/test/", follow=True)
        return answer.content.decode()

    assert "The connection works: INBOX holds 2 messages." in tested()
    assert "The server refused the user name or password." in tested(password="spatne-heslo")
    assert "the folder Archiv does not exist" in tested(password=dovecot.password, folder="Archiv")
    assert "check whether the server expects SSL" in tested(folder="INBOX", use_ssl=True)
    closed = free_port()
    assert f"does not accept connections on port {closed}" in tested(use_ssl=False, port=closed)
    assert "cannot be found" in tested(port=dovecot.port, host="neexistuje.invalid")
    box.refresh_from_db()
    assert not Conversation.objects.exists() and box.last_uid == 0  # a test fetches nothing


def test_a_deactivated_mailbox_is_not_read_until_activated_again(dovecot, client_for, media):
    box = make_mailbox(host="127.0.0.1", port=dovecot.port, use_ssl=False, password=dovecot.password)
    dovecot.append("info", mail("Čeká"))
    client = client_for(ADMINISTRATOR)
    client.post(f"/frontdesk/inbox/mailboxes/{box.pk}/active/", {"active": "0"})
    box.refresh_from_db()
    assert not box.active
    assert "deactivated" in client.get("/frontdesk/inbox/mailboxes/").content.decode()
    assert inbox.sync_all() == 0
    client.post(f"/frontdesk/inbox/mailboxes/{box.pk}/active/", {"active": "1"})
    assert inbox.sync_all() == 1
    assert Conversation.objects.get().subject == "Čeká"


# --- mailboxes: API ------------------------------------------------------------------------------------


def test_the_api_creates_changes_and_tests_a_mailbox_without_ever_answering_the_password(dovecot, api_for):
    api = api_for(ADMINISTRATOR)
    created = api.post(
        f"{API}/mailboxes",
        {
            "name": "Info",
            "address": "info@firma.cz",
            "host": "127.0.0.1",
            "port": dovecot.port,
            "use_ssl": False,
            "username": "info",
            "password": dovecot.password,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["password_set"] is True and "password" not in body
    pk = body["id"]
    changed = api.patch(f"{API}/mailboxes/{pk}", {"folder": "INBOX", "password": ""}, content_type="application/json")
    assert changed.status_code == 200
    assert Mailbox.objects.get(pk=pk).password == dovecot.password
    check = api.post(f"{API}/mailboxes/{pk}/test").json()
    assert check == {"ok": True, "message": "The connection works: INBOX holds 0 messages.", "messages": 0}
    api.patch(f"{API}/mailboxes/{pk}", {"password": "jine-heslo"}, content_type="application/json")
    check = api.post(f"{API}/mailboxes/{pk}/test").json()
    assert check["ok"] is False and "refused the user name or password" in check["message"]
    off = api.patch(f"{API}/mailboxes/{pk}", {"active": False}, content_type="application/json").json()
    assert off["active"] is False
    for text in (api.get(f"{API}/mailboxes").content, api.get(f"{API}/mailboxes/{pk}").content):
        assert dovecot.password.encode() not in text and b"jine-heslo" not in text


def test_bad_mailbox_input_over_the_api_names_the_field_and_writes_nothing(api_for):
    api = api_for(ADMINISTRATOR)
    good = {"name": "Info", "address": "info@firma.cz", "host": "imap.firma.cz", "username": "i", "password": "p"}
    for bad, field in [({"address": "nope"}, "address"), ({"host": "http://imap.firma.cz"}, "host")]:
        answer = api.post(f"{API}/mailboxes", {**good, **bad}, content_type="application/json")
        assert answer.status_code == 422 and field in answer.json()["fields"], answer.content
    assert api.post(f"{API}/mailboxes", {**good, "port": 0}, content_type="application/json").status_code == 422
    assert not Mailbox.objects.exists()
    box = make_mailbox()
    answer = api.patch(f"{API}/mailboxes/{box.pk}", {"name": None}, content_type="application/json")
    assert answer.status_code == 422 and "name" in answer.json()["fields"]
    gone = archive_record(make_employee(first_name="Odešlá", last_name="Kolegyně"))
    answer = api.patch(
        f"{API}/mailboxes/{box.pk}", {"fax_recipient_id": gone.pk, "host": "x.cz"}, content_type="application/json"
    )
    assert answer.status_code == 422 and "fax_recipient_id" in answer.json()["fields"]
    box.refresh_from_db()
    assert (box.name, box.host) == ("Info", "127.0.0.1")


# --- routing rules ---------------------------------------------------------------------------------


def test_the_back_office_adds_edits_orders_and_deletes_rules_and_the_order_decides(dovecot, client_for, media):
    box = make_mailbox(host="127.0.0.1", port=dovecot.port, use_ssl=False, password=dovecot.password)
    jana = make_employee(first_name="Jana", last_name="Dvořáková")
    petr = make_employee(first_name="Petr", last_name="Král")
    client = client_for(BACK_OFFICE)
    assert client.get("/frontdesk/inbox/rules/new/").status_code == 200
    for contains, person in (("faktura", jana), ("stavby.cz", petr)):
        field = "subject" if contains == "faktura" else "sender"
        answer = client.post(
            "/frontdesk/inbox/rules/new/", {"field": field, "contains": contains, "assignee": person.pk, "mailbox": ""}
        )
        assert answer.status_code == 302, answer.context["form"].errors
    by_subject, by_sender = RoutingRule.objects.order_by("position")
    listed = client.get("/frontdesk/inbox/rules/").content.decode()
    assert listed.index("faktura") < listed.index("stavby.cz")

    client.post(f"/frontdesk/inbox/rules/{by_sender.pk}/move/", {"direction": "up"})  # the sender rule first now
    assert list(RoutingRule.objects.values_list("pk", flat=True)) == [by_sender.pk, by_subject.pk]
    dovecot.append("info", mail("Faktura 12", sender="Jan Novák <jan@stavby.cz>"))
    inbox.sync_mailbox(box)
    assert Conversation.objects.get().assignee == petr

    edited = client.post(
        f"/frontdesk/inbox/rules/{by_sender.pk}/edit/",
        {"field": "sender", "contains": "toner.cz", "assignee": petr.pk, "mailbox": box.pk},
    )
    assert edited.status_code == 302
    by_sender.refresh_from_db()
    assert (by_sender.contains, by_sender.mailbox) == ("toner.cz", box)
    assert "faktura" in client.get(f"/frontdesk/inbox/rules/{by_subject.pk}/delete/").content.decode()
    assert RoutingRule.objects.filter(pk=by_subject.pk).exists()  # asking is not deleting
    client.post(f"/frontdesk/inbox/rules/{by_subject.pk}/delete/")
    assert list(RoutingRule.objects.all()) == [by_sender]
    deleted = AuditEntry.objects.get(content_type__model="routingrule", action=AuditEntry.Action.DELETE)
    assert deleted.object_id == str(by_subject.pk)


def test_bad_rules_are_refused_by_field_and_nothing_is_written(client_for):
    person = make_employee(first_name="Jana", last_name="Dvořáková")
    gone = archive_record(make_employee(first_name="Odešlý", last_name="Kolega"))
    supplier = create_record(Supplier, name="Papírna", email="info@papirna.cz")
    client = client_for(BACK_OFFICE)
    cases = [
        ({"field": "subject", "contains": "x", "assignee": person.pk, "supplier": supplier.pk}, None),
        ({"field": "subject", "contains": "x"}, None),
        ({"field": "subject", "contains": "  ", "assignee": person.pk}, None),
        ({"field": "subject", "contains": "x", "assignee": gone.pk}, "assignee"),
        ({"field": "anywhere", "contains": "x", "assignee": person.pk}, "field"),
    ]
    for data, field in cases:
        answer = client.post("/frontdesk/inbox/rules/new/", data)
        assert answer.status_code == 200, data
        errors = answer.context["form"].errors
        assert (field in errors) if field else errors.get("__all__"), (data, errors)
    assert not RoutingRule.objects.exists()
    sender_only = client.post(
        "/frontdesk/inbox/rules/new/", {"field": "sender", "contains": "", "supplier": supplier.pk}
    )
    assert sender_only.status_code == 302  # a supplier's own addresses: no text needed
    assert RoutingRule.objects.get().supplier == supplier


def test_rules_over_the_api_in_order_and_bad_input(api_for):
    person = make_employee(first_name="Jana", last_name="Dvořáková")
    api = api_for(BACK_OFFICE)
    ids = []
    for word in ("faktura", "objednavka", "reklamace"):
        answer = api.post(
            f"{API}/rules",
            {"field": "subject", "contains": word, "assignee_id": person.pk},
            content_type="application/json",
        )
        assert answer.status_code == 201, answer.content
        ids.append(answer.json()["id"])
    reordered = api.post(f"{API}/rules/order", {"order": ids[::-1]}, content_type="application/json")
    assert [r["contains"] for r in reordered.json()] == ["reklamace", "objednavka", "faktura"]
    for bad in ({"order": ids[:2]}, {"order": [*ids, ids[0]]}, {"order": [*ids, 999999]}):
        answer = api.post(f"{API}/rules/order", bad, content_type="application/json")
        assert answer.status_code == 422 and "order" in answer.json()["fields"]
    assert [r["contains"] for r in api.get(f"{API}/rules").json()] == ["reklamace", "objednavka", "faktura"]

    answer = api.patch(f"{API}/rules/{ids[0]}", {"supplier_id": 999999}, content_type="application/json")
    assert answer.status_code == 422 and "supplier_id" in answer.json()["fields"]
    answer = api.patch(f"{API}/rules/{ids[0]}", {"assignee_id": None}, content_type="application/json")
    assert answer.status_code == 422  # a rule must lead somewhere
    assert RoutingRule.objects.get(pk=ids[0]).assignee == person
    answer = api.post(f"{API}/rules", {"field": "subject", "contains": "x"}, content_type="application/json")
    assert answer.status_code == 422
    assert api.delete(f"{API}/rules/{ids[1]}").status_code == 204
    assert RoutingRule.objects.count() == 2
