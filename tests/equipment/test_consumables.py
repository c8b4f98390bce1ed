"""Consumables: a model's supply items; a device reporting one low tells its keeper and asks supplies for a refill."""

import pytest

from backoffice.core.errors import InvalidInput
from backoffice.core.models import Notification
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE
from backoffice.equipment import polling, services
from backoffice.supplies.models import SupplyRequest
from tests.builders import make_user
from tests.equipment.conftest import make_asset, make_toner

pytestmark = pytest.mark.django_db
SHARP = "sharp-mx-3570n"


def test_a_low_toner_tells_the_keeper_once_and_asks_supplies_for_a_refill(snmp_agent):
    keeper = make_user(EMPLOYEE, first_name="Marta", last_name="Tisková")
    toner = make_toner()
    services.consumable_link_create(
        actor=make_user(BACK_OFFICE),
        manufacturer="Sharp",
        model_name="MX-3570N",
        item=toner,
        match="Magenta Toner",
        low_percent=20,
    )
    services.consumable_link_create(
        actor=None,
        manufacturer="Sharp",
        model_name="MX-3570N",
        item=make_toner("Toner azurový"),
        match="Cyan Toner",
        low_percent=20,
    )
    sharp = make_asset(
        manufacturer="Sharp",
        model_name="MX-3570N",
        serial_number="6509415X00",
        assignee=keeper.employee,
        ip_address="127.0.0.1",
        snmp_port=snmp_agent.port,
        snmp_version="2c",
        snmp_community=SHARP,
    )
    polling.assets_poll(actor=None, assets=[sharp])
    polling.assets_poll(actor=None, assets=[sharp])
    titles = list(Notification.objects.filter(recipient=keeper).values_list("title", flat=True))
    # magenta is at 19 %, cyan at 55 %: only magenta is low, and it is told once
    assert titles == [f"{toner.name} is running low in Sharp MX-3570N (19 %)"]
    request = SupplyRequest.objects.get()
    assert request.item == toner and request.requester == keeper.employee and "6509415X00" in request.note


def test_duplicate_links_and_archived_items_are_refused():
    toner = make_toner()
    services.consumable_link_create(actor=None, manufacturer="Sharp", model_name="MX", item=toner, match="Black Toner")
    with pytest.raises(InvalidInput) as caught:
        services.consumable_link_create(
            actor=None, manufacturer="sharp", model_name="mx", item=toner, match="black toner"
        )
    assert "match" in caught.value.fields


def test_consumables_over_the_api_and_pages(api_for, client_for):
    toner = make_toner()
    api = api_for(BACK_OFFICE)
    created = api.post(
        "/api/v1/equipment/consumables",
        {"manufacturer": "Brother", "model_name": "MFC-L2710DW", "item_id": toner.pk, "match": "Black Toner"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["item"] == toner.name
    unknown = api.post(
        "/api/v1/equipment/consumables",
        {"manufacturer": "Brother", "model_name": "X", "item_id": 999999, "match": "Drum"},
        content_type="application/json",
    )
    assert unknown.status_code == 422 and "item_id" in unknown.json()["fields"]
    asset = make_asset(manufacturer="Brother", model_name="MFC-L2710DW")
    page = client_for(BACK_OFFICE).get(f"/equipment/{asset.pk}/")
    assert toner.name in page.content.decode()
    assert client_for(BACK_OFFICE).get("/equipment/consumables/").status_code == 200
