"""The call log: fast entry, numbers in E.164, who is calling and their history, transfers with cover offered."""

import pytest

from backoffice.core.errors import InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE
from backoffice.frontdesk import selectors, services
from backoffice.frontdesk.choices import CallOutcome
from backoffice.frontdesk.models import Call, CallTransfer
from tests.builders import make_employee, make_user

pytestmark = pytest.mark.django_db


def test_a_czech_number_is_kept_in_e164_whatever_way_it_was_typed(office):
    for typed in ["602 111 222", "+420 602 111 222", "00420602111222", "602-111-222"]:
        call = services.call_log(actor=office.reception, number=typed, caller_name="Jan Novák")
        assert call.number_e164 == "+420602111222"
    assert Call.objects.filter(number_e164="+420602111222").count() == 4


def test_an_invalid_number_is_refused_with_a_clear_message_and_nothing_is_stored(office):
    with pytest.raises(InvalidInput) as error:
        services.call_log(actor=office.reception, number="12ab", caller_name="Někdo")
    assert "not a valid phone number" in error.value.fields["number"][0]
    assert Call.objects.count() == 0


def test_only_the_back_office_logs_calls(office):
    with pytest.raises(NotAllowed):
        services.call_log(actor=office.bystander_user, number="602111222")


def test_every_call_is_audited(client_for, office):
    client = client_for(None)
    client.force_login(office.reception)
    client.post("/frontdesk/", {"number": "602111222", "caller_name": "Jan", "outcome": "connected", "direction": "in"})
    call = Call.objects.get()
    entry = AuditEntry.objects.get(object_id=str(call.pk), content_type__model="call")
    assert entry.actor == office.reception and entry.after["number_e164"] == "+420602111222"
    assert call.taken_by == office.reception


def test_a_known_number_shows_who_calls_and_their_recent_calls(office):
    make_employee(first_name="Jana", last_name="Procházková", phone="+420 777 123 456")
    for purpose in ["faktura", "objednávka"]:
        services.call_log(actor=office.reception, number="777123456", caller_name="Jana P.", purpose=purpose)
    info = selectors.caller_lookup(office.reception, "777 123 456")
    assert info.number == "+420777123456"
    assert [c.name for c in info.contacts] == ["Jana Procházková"]
    assert [c.purpose for c in info.recent] == ["objednávka", "faktura"]


def test_an_employee_without_the_call_log_sees_no_lookup_history(office):
    services.call_log(actor=office.reception, number="777123456", caller_name="Cizí", for_person=office.absent)
    assert selectors.caller_lookup(office.bystander_user, "777123456").recent == []


def test_the_lookup_page_answers_as_you_type(client_for, office):
    make_employee(first_name="Jana", last_name="Procházková", phone="+420777123456")
    client = client_for(BACK_OFFICE)
    page = client.get("/frontdesk/lookup/?number=777123456", HTTP_HX_REQUEST="true")
    assert page.status_code == 200 and "Jana Procházková" in page.content.decode()
    assert "Not a complete phone number" in client.get("/frontdesk/lookup/?number=77").content.decode()


def test_the_transfer_advice_names_who_covers_for_an_absent_colleague(office, colleague):
    advice = selectors.transfer_advice(office.absent)
    assert advice.away and advice.offer_substitute and advice.responsible == office.substitute
    present = selectors.transfer_advice(colleague)
    assert not present.away and not present.offer_substitute


def test_the_page_offers_the_transfer_to_the_substitute(client_for, office):
    client = client_for(BACK_OFFICE)
    call = services.call_log(actor=office.reception, number="602111222", for_person=office.absent)
    page = client.get(f"/frontdesk/calls/{call.pk}/").content.decode()
    assert "Kateřina Pokorná covers for them" in page
    assert 'data-testid="transfer-to-substitute"' in page
    response = client.post(f"/frontdesk/calls/{call.pk}/transfer/", {"to": office.substitute.pk})
    assert response.status_code == 302
    transfer = CallTransfer.objects.get()
    assert (transfer.from_person, transfer.to_person) == (office.absent, office.substitute)
    call.refresh_from_db()
    assert call.outcome == CallOutcome.TRANSFERRED


def test_transfers_chain_from_the_last_holder(office, colleague):
    call = services.call_log(actor=office.reception, number="602111222", for_person=office.bystander)
    services.call_transfer(actor=office.reception, call=call, to=colleague)
    services.call_transfer(actor=office.reception, call=call, to=office.substitute)
    pairs = [(t.from_person, t.to_person) for t in call.transfers.all()]
    assert pairs == [(office.bystander, colleague), (colleague, office.substitute)]
    with pytest.raises(InvalidInput) as error:
        services.call_transfer(actor=office.reception, call=call, to=office.substitute)
    assert "already with this person" in error.value.fields["to"][0]


def test_the_quick_form_logs_a_call_and_shows_errors_by_the_field(client_for, office):
    client = client_for(BACK_OFFICE)
    page = client.get("/frontdesk/")
    assert "autofocus" in page.content.decode()
    bad = client.post("/frontdesk/", {"number": "xyz", "caller_name": "A", "outcome": "connected", "direction": "in"})
    assert bad.status_code == 200
    assert "not a valid phone number" in bad.content.decode() and Call.objects.count() == 0
    good = client.post(
        "/frontdesk/",
        {
            "number": "602111222",
            "caller_name": "Jan Novák",
            "outcome": "connected",
            "direction": "in",
            "for_person": office.absent.pk,
            "then": "message",
        },
    )
    call = Call.objects.get()
    assert good.status_code == 302 and good["Location"].endswith(f"/frontdesk/messages/new/?call={call.pk}")


def test_search_finds_calls_by_number_or_by_the_start_of_a_name(office):
    services.call_log(actor=office.reception, number="602111222", caller_name="Jan Novák", company="Stavby")
    services.call_log(actor=office.reception, number="733444555", caller_name="Petra Šťastná", company="Toner")
    rows = Call.objects.all()
    assert [c.caller_name for c in selectors.search_calls(rows, "+420 602 111 222")] == ["Jan Novák"]
    assert [c.caller_name for c in selectors.search_calls(rows, "petra stast")] == ["Petra Šťastná"]
    assert [c.caller_name for c in selectors.calls_of_company(rows, "ton")] == ["Petra Šťastná"]
    assert list(selectors.search_calls(rows, "ton")) == []


def test_a_name_is_found_without_regard_to_diacritics_case_or_word_order(office):
    """Runs in the SQLite and the PostgreSQL pass: keys are folded in Python, never by the database's collation."""
    services.call_log(actor=office.reception, number="602111222", caller_name="Jan Novák")
    services.call_log(actor=office.reception, number="602111223", caller_name="novak petr")
    services.call_log(actor=office.reception, number="602111224", caller_name="Ing. Šárka Nováková")
    services.call_log(actor=office.reception, number="602111225", caller_name="Karel Nový")
    rows = Call.objects.all()

    def found(q: str) -> list[str]:
        return sorted(c.caller_name for c in selectors.search_calls(rows, q))

    assert found("Novák") == ["Ing. Šárka Nováková", "Jan Novák", "novak petr"]
    assert found("novak") == found("NOVÁK") == found("  novák ")
    assert found("Nováková") == found("novakova") == ["Ing. Šárka Nováková"]
    assert found("novák petr") == found("Petr Novak") == ["novak petr"]
    assert found("jan novak") == found("Novák Jan") == ["Jan Novák"]
    assert found("nov") == ["Ing. Šárka Nováková", "Jan Novák", "Karel Nový", "novak petr"]
    assert found("ing sarka") == ["Ing. Šárka Nováková"]
    assert found("novy") == ["Karel Nový"]
    assert found("petr") == ["novak petr"]
    assert found("van") == []  # the start of a word, not anywhere inside it


def test_the_call_list_page_and_api_search_names_without_diacritics(client_for, api_for, office):
    services.call_log(actor=office.reception, number="602111222", caller_name="Jan Novák")
    services.call_log(actor=office.reception, number="602111223", caller_name="Petr Svoboda")
    api = api_for(BACK_OFFICE)
    assert [c["caller_name"] for c in api.get("/api/v1/frontdesk/calls?q=novak").json()["items"]] == ["Jan Novák"]
    assert api.get("/api/v1/frontdesk/calls", {"q": "Novák Jan"}).json()["count"] == 1
    page = client_for(BACK_OFFICE).get("/frontdesk/", {"q": "NOVAK"}).content.decode()
    assert "Jan Novák" in page and "Petr Svoboda" not in page


def test_a_changed_name_is_found_by_its_new_keys(office):
    call = services.call_log(actor=office.reception, number="602111222", caller_name="Jan Novák")
    services.call_update(actor=office.reception, call=call, caller_name="Jana Dvořáková")
    rows = Call.objects.all()
    assert list(selectors.search_calls(rows, "novak")) == []
    assert [c.pk for c in selectors.search_calls(rows, "dvorakova")] == [call.pk]


def test_the_api_logs_a_call_and_refuses_bad_input_by_field(api_for, office):
    api = api_for(BACK_OFFICE)
    created = api.post(
        "/api/v1/frontdesk/calls",
        {"number": "602 111 222", "caller_name": "Jan", "for_person_id": office.absent.pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["number_e164"] == "+420602111222"
    for body, field in [
        ({"number": "000"}, "number"),
        ({"number": "602111222", "for_person_id": 999999}, "for_person_id"),
        ({"number": "602111222", "outcome": "exploded"}, "outcome"),
        ({"number": "602111222", "duration_seconds": -5}, "duration_seconds"),
    ]:
        response = api.post("/api/v1/frontdesk/calls", body, content_type="application/json")
        assert response.status_code == 422, body
        assert field in response.json()["fields"], response.json()
    assert Call.objects.count() == 1
    found = api.get("/api/v1/frontdesk/calls?q=602111222").json()
    assert found["count"] == 1
    assert api.get("/api/v1/frontdesk/calls?q=ja").json()["count"] == 1
    assert api.get("/api/v1/frontdesk/calls?q=novak").json()["count"] == 0
    lookup = api.get("/api/v1/frontdesk/lookup?number=602111222").json()
    assert lookup["number"] == "+420602111222" and len(lookup["recent"]) == 1
    assert api.get("/api/v1/frontdesk/lookup?number=abc").status_code == 422
    advice = api.get(f"/api/v1/frontdesk/transfer-advice?employee_id={office.absent.pk}").json()
    assert advice["offer_substitute"] and advice["responsible"]["id"] == office.substitute.pk


def test_an_employee_sees_only_the_calls_that_were_for_them(api_for, office):
    services.call_log(actor=office.reception, number="602111222", for_person=office.bystander)
    services.call_log(actor=office.reception, number="602111223", for_person=office.absent)
    api = api_for(office.bystander_user)
    assert api.get("/api/v1/frontdesk/calls").json()["count"] == 1
    assert api_for(make_user(EMPLOYEE)).get("/api/v1/frontdesk/calls").json()["count"] == 0


@pytest.mark.parametrize(
    "path", ["/api/v1/frontdesk/calls", "/api/v1/frontdesk/messages", "/api/v1/frontdesk/conversations"]
)
def test_list_endpoints_take_the_same_number_of_queries_for_few_or_many_rows(api_for, office, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_for(BACK_OFFICE)
    api.get(path)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(path).status_code == 200
        return len(captured)

    def add(n: int) -> None:
        for _ in range(n):
            services.call_log(actor=None, number="602111222", caller_name="Jan", for_person=office.absent)
            services.message_take(actor=None, for_person=office.absent, caller_name="Jan")

    add(2)
    few = queries()
    add(20)
    assert queries() == few
