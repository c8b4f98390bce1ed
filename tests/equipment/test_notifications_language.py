"""Repair notifications speak the recipient's language, not the language of whoever moved the repair along."""

import pytest
from django.utils import translation

from backoffice.core.models import OutboxMessage
from backoffice.core.roles import EMPLOYEE, TECHNICIAN
from backoffice.equipment import services
from backoffice.equipment.choices import RequestStatus
from tests.builders import make_user_speaking, notification_titles
from tests.equipment.conftest import make_asset, make_toner

pytestmark = pytest.mark.django_db


def speaking(language: str, role=EMPLOYEE, **values):
    return make_user_speaking(language, role, **values)


def subjects(user) -> list[str]:
    return [m.subject for m in OutboxMessage.objects.filter(to=[user.email]).order_by("id")]


def test_an_english_technician_moves_a_czech_reporters_repair_and_the_reporter_reads_czech():
    reporter, assignee = speaking("cs"), speaking("cs", TECHNICIAN)
    technician = speaking("en", TECHNICIAN)
    asset = make_asset(manufacturer="Sharp", model_name="MX-3570N")
    with translation.override("cs"):
        request = services.request_report(actor=reporter, asset=asset, description="Tiskárna netiskne")
    with translation.override("en"):  # the technician's request runs in English
        services.request_assign(actor=technician, request=request, assignee=assignee.employee)
        services.request_move(actor=technician, request=request, status=RequestStatus.IN_PROGRESS)
        services.request_move(
            actor=technician, request=request, status=RequestStatus.RESOLVED, resolution="Vyměněn válec"
        )
        services.request_reopen(actor=technician, request=request, reason="Znovu se zasekává papír")
    expected = [
        "Vaše hlášení závady (Sharp MX-3570N) bylo přijato",
        f"Vaše hlášení závady (Sharp MX-3570N) bylo přiděleno: {assignee.employee.full_name}",
        "Práce na zařízení Sharp MX-3570N byly zahájeny",
        "Závada zařízení Sharp MX-3570N byla vyřešena",
        "Hlášení závady (Sharp MX-3570N) bylo znovu otevřeno",
    ]
    assert notification_titles(reporter) == expected
    assert subjects(reporter) == expected
    assert notification_titles(assignee) == ["Byla vám přidělena oprava: Sharp MX-3570N"] * 2
    assert subjects(assignee) == ["Byla vám přidělena oprava: Sharp MX-3570N"] * 2


def test_a_czech_technician_moves_an_english_reporters_repair_and_the_reporter_reads_english():
    reporter, assignee = speaking("en"), speaking("en", TECHNICIAN)
    technician = speaking("cs", TECHNICIAN)
    asset = make_asset(manufacturer="Sharp", model_name="MX-3570N")
    with translation.override("en"):
        request = services.request_report(actor=reporter, asset=asset, description="Paper jam")
    with translation.override("cs"):
        services.request_assign(actor=technician, request=request, assignee=assignee.employee)
        services.request_move(actor=technician, request=request, status=RequestStatus.IN_PROGRESS)
    expected = [
        "Your fault report about Sharp MX-3570N was received",
        f"Your fault report about Sharp MX-3570N was assigned to {assignee.employee.full_name}",
        "Work on Sharp MX-3570N has started",
    ]
    assert notification_titles(reporter) == expected
    assert subjects(reporter) == expected
    assert notification_titles(assignee) == subjects(assignee) == ["Repair of Sharp MX-3570N is assigned to you"]


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("cs", "V zařízení Sharp MX-3570N dochází {toner} (zbývá část)"),
        ("en", "{toner} is running low in Sharp MX-3570N (some remaining)"),
    ],
)
def test_a_low_consumable_is_told_in_the_keepers_language_whatever_the_worker_speaks(language, title):
    keeper = speaking(language)
    toner = make_toner()
    link = services.consumable_link_create(
        actor=None, manufacturer="Sharp", model_name="MX-3570N", item=toner, match="Magenta Toner", low_percent=20
    )
    asset = make_asset(manufacturer="Sharp", model_name="MX-3570N", assignee=keeper.employee)
    with translation.override("en" if language == "cs" else "cs"):  # the poll runs in the other language
        services.consumable_running_low(asset=asset, link=link, level=-3, max_capacity=100)
    expected = title.format(toner=toner.name)
    assert notification_titles(keeper) == [expected]
    assert subjects(keeper) == [expected]


def test_only_the_reporter_is_told_about_their_own_report():
    reporter, bystander = speaking("cs"), speaking("en")
    asset = make_asset()
    with translation.override("en"):
        services.request_report(actor=reporter, asset=asset, description="Nesvítí displej")
    assert notification_titles(bystander) == [] and subjects(bystander) == []
    assert len(notification_titles(reporter)) == 1
