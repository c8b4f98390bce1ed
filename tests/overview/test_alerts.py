"""Alerts: to the person responsible (or their substitute), in the app once, and in one daily e-mail digest."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from backoffice.core.models import Notification, OutboxMessage
from backoffice.core.preferences import preference_update
from backoffice.core.roles import EMPLOYEE, TECHNICIAN
from backoffice.equipment import services as equipment
from backoffice.overview import alerts
from backoffice.overview.models import AlertState
from backoffice.overview.tasks import alerts_and_digest
from backoffice.people import services as people
from backoffice.people.choices import AbsenceKind, Area
from backoffice.supplies import services as supplies
from tests.builders import days, make_user

LATER = dt.timedelta(hours=3)  # the front-desk message's call-back time (in two hours) has passed by then


def open_titles(user) -> list[str]:
    return sorted(alerts.alerts_of(user).values_list("title", flat=True))


@pytest.mark.django_db
def test_each_alert_goes_to_whoever_is_responsible(office):
    result = alerts.alerts_refresh(timezone.now() + LATER)
    warranty_day = (timezone.localdate() + dt.timedelta(days=10)).strftime("%m/%d/%Y")
    assert open_titles(office.manager_user) == [
        f"Warranty of Konica C300 ends on {warranty_day}",
        "Šťastné pero modré is below its reorder point (1 on hand, reorder at 5)",
    ]
    # The message is for Jiří, who is away: his substitute gets the overdue call-back.
    assert [t.split(" (since")[0] for t in open_titles(office.cover_user)] == ["Overdue call-back: Karel Šťastný"]
    assert open_titles(office.away_user) == [] and open_titles(office.bystander_user) == []
    assert (result.open, result.new, result.resolved) == (3, 3, 0)


@pytest.mark.django_db
def test_in_the_app_once_and_then_not_again(office):
    before = Notification.objects.filter(recipient=office.manager_user).count()
    alerts.alerts_refresh()
    mine = Notification.objects.filter(recipient=office.manager_user).order_by("-id")
    assert mine.count() == before + 1
    assert mine[0].title == "2 new alerts" and mine[0].url == "/overview/alerts/"
    assert "below its reorder point" in mine[0].body
    alerts.alerts_refresh()
    assert Notification.objects.filter(recipient=office.manager_user).count() == before + 1
    # The front desk reminds overdue call-backs in the app itself: the overview only puts them in the digest.
    cover_before = Notification.objects.filter(recipient=office.cover_user).count()
    alerts.alerts_refresh(timezone.now() + LATER)
    assert Notification.objects.filter(recipient=office.cover_user).count() == cover_before


@pytest.mark.django_db
def test_a_substitute_receives_the_alerts_of_an_absent_manager(office):
    deputy = make_user(EMPLOYEE, first_name="Zástup", last_name="Vedoucí")
    people.absence_record(
        actor=None, employee=office.manager, kind=AbsenceKind.VACATION, start_date=days(0), end_date=days(2)
    )
    people.substitution_create(
        actor=None,
        absent=office.manager,
        substitute=deputy.employee,
        area=Area.SUPPLIES,
        start_date=days(0),
        end_date=days(2),
    )
    alerts.alerts_refresh()
    assert open_titles(deputy) == ["Šťastné pero modré is below its reorder point (1 on hand, reorder at 5)"]
    # Equipment duties were not handed over: the warranty stays with the manager.
    assert [t[:11] for t in open_titles(office.manager_user)] == ["Warranty of"]


@pytest.mark.django_db
def test_overdue_maintenance_goes_to_the_assigned_technician(office):
    technician = make_user(TECHNICIAN, first_name="Tomáš", last_name="Opravář")
    plan = equipment.plan_create(
        actor=None,
        asset=office.other_asset,
        title="Čištění",
        every_days=90,
        next_due=days(2),
        assignee=technician.employee,
    )
    (request,) = equipment.plans_create_due_requests(actor=None)
    assert request.plan_id == plan.pk
    alerts.alerts_refresh(timezone.now() + dt.timedelta(days=4))
    assert [t.split(":")[0] for t in open_titles(technician)] == [
        "Maintenance overdue since " + days(2).strftime("%m/%d/%Y")
    ]


@pytest.mark.django_db
def test_a_resolved_alert_closes_and_counts_as_new_when_it_comes_back(office):
    alerts.alerts_refresh()
    supplies.stock_receive(actor=None, item=office.item, location=office.location, quantity=Decimal("30"))
    result = alerts.alerts_refresh()
    assert result.resolved == 1
    assert not any("reorder point" in t for t in open_titles(office.manager_user))
    supplies.stock_issue(actor=None, item=office.item, location=office.location, quantity=Decimal("29"))
    assert alerts.alerts_refresh().new == 1
    assert AlertState.objects.filter(key__startswith="supplies.below_reorder_point").count() == 2


def morning_jobs(*modules: str) -> list:
    """The modules' periodic jobs due between 5:00 and 8:00 on a Monday, in the order they run."""
    from huey.contrib.djhuey import HUEY

    due = []
    for minute in range(5 * 60, 8 * 60):
        moment = dt.datetime(2026, 11, 30, minute // 60, minute % 60)
        due += [task for task in HUEY._registry.periodic_tasks if task.validate_datetime(moment)]
    return [task for task in due if task.__module__ in modules]


@pytest.mark.django_db
def test_an_item_below_its_reorder_point_is_told_once_in_the_app_and_once_by_mail(office):
    """Supplies and the overview both used to announce low stock every morning; the overview's alert is the one
    source now: one notification when it first falls low, one line in the digest, nothing else."""
    jobs = morning_jobs("backoffice.supplies.tasks", "backoffice.overview.tasks")
    assert jobs
    for task in jobs:
        task.execute()

    def about_low_stock(text: str) -> bool:
        return "reorder point" in text

    told = Notification.objects.filter(recipient=office.manager_user)
    assert [n.title for n in told if about_low_stock(n.title + n.body)] == ["2 new alerts"]
    mails = OutboxMessage.objects.filter(to=[office.manager_user.email])
    assert [m.subject for m in mails if about_low_stock(m.subject + m.body)] == [
        "Daily digest: 2 things need your attention"
    ]
    before = (told.count(), mails.count())
    for task in jobs:  # once more: still low, yet nothing new in the app and no digest before the interval
        task.execute()
    assert (told.count(), mails.count()) == before


@pytest.mark.django_db
def test_the_digest_is_not_repeated_daily_unless_the_interval_passed(office, settings):
    settings.DIGEST_REPEAT_DAYS = 3
    now = timezone.now()
    alerts.alerts_refresh(now)
    assert alerts.digest_send(now) == 1  # the office manager, with both of her alerts in one e-mail
    assert alerts.digest_send(now + dt.timedelta(days=1)) == 0  # nothing new, interval not passed
    assert alerts.digest_send(now + dt.timedelta(days=3, minutes=1)) == 1  # still open three days later: again


@pytest.mark.django_db
def test_opting_out_stops_the_digest_but_not_the_alerts(office):
    preference_update(actor=office.manager_user, user=office.manager_user, daily_digest=False)
    alerts.alerts_refresh()
    alerts.digest_send()
    assert not OutboxMessage.objects.filter(to=[office.manager_user.email]).exists()
    assert len(open_titles(office.manager_user)) == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_digest_email_per_person_reaches_the_smtp_server(smtp_server):
    from tests.overview.conftest import Office

    office = Office()
    smtp_server.messages.clear()
    with transaction.atomic():
        summary = alerts_and_digest()
    assert summary["digests"] == 1 and summary["open"] == 2
    (received,) = [m for m in smtp_server.messages if m["To"] == office.manager_user.email]
    assert received["Subject"] == "Daily digest: 2 things need your attention"
    text = received.get_payload(decode=True).decode()
    assert "Šťastné pero modré is below its reorder point" in text
    assert "Warranty of Konica C300 ends on" in text
    assert "/profile/" in text  # how to turn it off
    with transaction.atomic():
        assert alerts_and_digest()["digests"] == 0  # the same morning again: nothing twice


@pytest.mark.django_db
def test_an_expiring_training_goes_to_the_holder_and_the_manager_until_renewed(office):
    from backoffice.people import services as people_services
    from backoffice.staff import services as staff

    people_services.employee_update(actor=None, employee=office.bystander_user.employee, manager=office.manager)
    course = staff.course_create(actor=None, code="BOZP", name="Bezpečnost práce", validity_months=12)
    old = staff.certificate_record(
        actor=None, employee=office.bystander_user.employee, course=course, issued_on=days(-350), valid_until=days(15)
    )
    alerts.alerts_refresh()
    expected = f"Bezpečnost práce of Roman Zeman expires on {old.valid_until.strftime('%m/%d/%Y')}"
    assert expected in open_titles(office.bystander_user)
    assert expected in open_titles(office.manager_user)
    staff.certificate_record(
        actor=None, employee=office.bystander_user.employee, course=course, issued_on=days(0), valid_until=days(380)
    )
    alerts.alerts_refresh()
    assert expected not in open_titles(office.bystander_user)
