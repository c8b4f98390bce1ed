"""Demo data: a month of calls and messages, a mailbox with conversations (one from a linked supplier), faxes."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from backoffice.core.records import create_record
from backoffice.frontdesk import selectors
from backoffice.frontdesk.demo import build_frontdesk
from backoffice.frontdesk.models import Call, Conversation, Fax, PhoneMessage
from backoffice.people.demo import build_people
from backoffice.supplies.models import Supplier

pytestmark = pytest.mark.django_db


def test_the_small_demo_has_a_month_of_calls_an_inbox_and_faxes():
    out = io.StringIO()
    build_people(scale="small", out=out)
    create_record(Supplier, name="Papírna Hradec", email="info@papirna.cz")  # what the supplies demo makes
    build_frontdesk(scale="small", out=out)
    assert Call.objects.filter(started_at__lt=timezone.now() - dt.timedelta(days=28)).exists()
    assert Call.objects.count() > 300 and PhoneMessage.objects.count() == 8
    assert Conversation.objects.filter(messages__isnull=False).distinct().count() >= 3
    linked = Conversation.objects.get(supplier__isnull=False)
    assert linked.assignee is not None  # whoever handles supplies
    assert Fax.objects.exists()
    someone = Call.objects.exclude(name_alt_key="").first()
    surname = someone.caller_name.split()[-1]
    assert someone in selectors.search_calls(Call.objects.all(), surname.upper())
