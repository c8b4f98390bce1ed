"""Money written as the reader's language writes it, and messages that are whole sentences (no translated status
word put into another sentence)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from backoffice.core.errors import InvalidInput
from backoffice.core.roles import BACK_OFFICE
from backoffice.equipment import services, snmp
from backoffice.equipment.money import format_money
from tests.equipment.conftest import make_asset


def test_english_money_has_the_currency_first_and_a_decimal_point():
    with translation.override("en"):
        assert format_money(Decimal("1234.5")) == "CZK\xa01,234.50"
        assert format_money(0) == "CZK\xa00.00"
        assert format_money(Decimal("1234567.891"), "EUR") == "EUR\xa01,234,567.89"
        assert format_money(None) == ""


def test_czech_money_groups_thousands_with_a_non_breaking_space_and_a_decimal_comma():
    with translation.override("cs"):
        assert "1\xa0234,50" in format_money(Decimal("1234.5"))
        assert "1\xa0234\xa0567,00" in format_money(1234567)


def test_the_template_filter():
    template = Template("{% load equipment_money %}{{ price|money }}")
    with translation.override("en"):
        assert template.render(Context({"price": Decimal("84500")})) == "CZK\xa084,500.00"


@pytest.mark.django_db
def test_the_asset_card_shows_the_price_as_money(client_for):
    asset = make_asset(purchase_price=Decimal("84500.00"))
    page = client_for(BACK_OFFICE).get(f"/equipment/{asset.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "84500.00 CZK" not in page
    assert "CZK\xa084,500.00" in page


@pytest.mark.django_db
def test_a_refused_status_change_is_one_whole_sentence():
    request = services.request_report(actor=None, asset=make_asset(), description="Nejde to.")
    expected = {
        "closed": "Only a resolved request can be closed.",
        "in_progress": "Only an assigned request, or one waiting for parts or the vendor, can be started.",
        "waiting": "Only an assigned request or one in progress can wait for parts or the vendor.",
        "new": "The request already has this status.",
        "assigned": "A request is assigned by choosing a colleague or a vendor, not by a change of status.",
    }
    with translation.override("en"):
        for status, sentence in expected.items():
            with pytest.raises(InvalidInput) as caught:
                services.request_move(actor=None, request=request, status=status)
            assert caught.value.fields["status"] == [sentence]


def test_levels_with_a_special_capacity_are_whole_phrases():
    with translation.override("en"):
        assert snmp.level_text(100, -2) == "100 (capacity unknown)"
        assert snmp.level_text(7, -1) == "7 (capacity given as “other”)"
        assert snmp.level_text(7, -3) == "7 (capacity given as “some remaining”)"
        assert snmp.level_text(5, 0) == "5 of 0"
