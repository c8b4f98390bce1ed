"""Demo data: a year of repair history, but a new user is not greeted by dozens of stale notifications."""

import io

import pytest

from backoffice.core.models import Notification
from backoffice.equipment.choices import RequestStatus
from backoffice.equipment.demo import build_equipment
from backoffice.equipment.models import MaintenanceRequest
from backoffice.people.demo import build_people

pytestmark = pytest.mark.django_db


def test_history_is_read_and_only_the_new_fault_is_news():
    build_people(scale="small", out=io.StringIO())
    build_equipment(scale="small", out=io.StringIO())
    assert MaintenanceRequest.objects.filter(status=RequestStatus.RESOLVED).count() >= 3  # a year of repairs
    unread = Notification.objects.filter(read_at__isnull=True)
    assert Notification.objects.filter(read_at__isnull=False).count() >= 3  # the history's notifications, read
    assert unread.count() <= 5, list(unread.values_list("title", flat=True))
    assert unread.filter(recipient__username="zamestnanec").count() == 1  # "your report was received"
