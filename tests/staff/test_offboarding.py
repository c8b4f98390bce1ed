"""Offboarding: notice period by the configured rule, assets returned once, access revoked on the last day,
open work handed over to the successor (every module's handover), documents."""

import datetime as dt

import pytest

from backoffice.core.errors import Conflict, InvalidInput, NotAllowed
from backoffice.core.handover import handovers, open_items_of
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, HR
from backoffice.core.tokens import token_create, user_for_key
from backoffice.equipment import services as equipment
from backoffice.equipment.models import MaintenanceRequest
from backoffice.frontdesk import services as frontdesk
from backoffice.frontdesk.models import PhoneMessage
from backoffice.staff import services
from backoffice.staff.choices import LeavingReason, OffboardingStatus
from backoffice.staff.documents import employment_certificate_pdf
from backoffice.staff.models import AssetReturn, Offboarding, OnboardingTask
from backoffice.staff.notice import NoticeRule
from tests.builders import days, make_employee, make_user
from tests.staff.builders import make_laptop, make_template

pytestmark = pytest.mark.django_db


def test_czech_rule_starts_next_month_and_lasts_two_months():
    rule = NoticeRule()
    assert rule.period_start(dt.date(2026, 3, 15)) == dt.date(2026, 4, 1)
    assert rule.earliest_last_day(dt.date(2026, 3, 15)) == dt.date(2026, 5, 31)
    assert rule.earliest_last_day(dt.date(2026, 12, 31)) == dt.date(2027, 2, 28)
    assert NoticeRule(months=3, starts_next_month=False).earliest_last_day(dt.date(2026, 1, 10)) == dt.date(2026, 4, 9)


@pytest.fixture
def leaver():
    boss = make_user(EMPLOYEE).employee
    person = make_user(EMPLOYEE, manager=boss, start_date=dt.date(2020, 1, 1)).employee
    return person, boss


def test_last_day_inside_the_notice_period_is_refused(leaver):
    person, boss = leaver
    with pytest.raises(InvalidInput) as error:
        services.offboarding_start(
            actor=make_user(HR),
            employee=person,
            reason=LeavingReason.RESIGNATION,
            notice_delivered_on=dt.date(2026, 3, 15),
            last_day=dt.date(2026, 5, 30),
        )
    assert "last_day" in error.value.fields
    assert not Offboarding.objects.exists()
    person.refresh_from_db()
    assert person.end_date is None


def test_notice_rule_is_configurable(leaver, settings):
    person, boss = leaver
    settings.STAFF_NOTICE_MONTHS = 1
    offboarding = services.offboarding_start(
        actor=None,
        employee=person,
        reason=LeavingReason.NOTICE,
        notice_delivered_on=dt.date(2026, 3, 15),
        last_day=dt.date(2026, 4, 30),
    )
    assert offboarding.handover_to == boss


def test_last_day_before_the_start_date_is_refused(leaver):
    person, boss = leaver
    with pytest.raises(InvalidInput) as error:
        services.offboarding_start(
            actor=None, employee=person, reason=LeavingReason.AGREEMENT, last_day=dt.date(2019, 12, 31)
        )
    assert "last_day" in error.value.fields and "start date" in error.value.fields["last_day"][0]
    assert not Offboarding.objects.exists()


def test_someone_must_take_over_the_work():
    loner = make_employee()
    with pytest.raises(InvalidInput) as error:
        services.offboarding_start(actor=None, employee=loner, reason=LeavingReason.AGREEMENT, last_day=days(10))
    assert "handover_to" in error.value.fields


def test_back_office_cannot_offboard(leaver):
    person, boss = leaver
    with pytest.raises(NotAllowed):
        services.offboarding_start(
            actor=make_user(BACK_OFFICE), employee=person, reason=LeavingReason.AGREEMENT, last_day=days(10)
        )


@pytest.fixture
def offboarding(leaver):
    person, boss = leaver
    return services.offboarding_start(actor=None, employee=person, reason=LeavingReason.AGREEMENT, last_day=days(10))


def test_every_asset_returned_once(offboarding):
    laptop, phone = make_laptop(assignee=offboarding.employee), make_laptop(assignee=offboarding.employee)
    assert set(services.outstanding_assets(offboarding)) == {laptop, phone}
    hr = make_user(HR)
    services.asset_return(actor=hr, offboarding=offboarding, asset=laptop, condition="OK")
    laptop.refresh_from_db()
    assert laptop.assignee is None
    with pytest.raises(InvalidInput) as error:
        services.asset_return(actor=hr, offboarding=offboarding, asset=laptop)
    assert "already returned" in error.value.fields["asset"][0]
    assert AssetReturn.objects.count() == 1
    assert list(services.outstanding_assets(offboarding)) == [phone]
    assert services.checklist(offboarding)["assets"] is False


def test_returning_an_asset_not_assigned_to_the_leaver_is_refused(offboarding):
    other = make_laptop(assignee=make_employee())
    with pytest.raises(InvalidInput):
        services.asset_return(actor=None, offboarding=offboarding, asset=other)
    assert not AssetReturn.objects.exists()


def test_the_job_on_the_last_day_deactivates_the_login_and_hands_over_work(offboarding, leaver):
    person, boss = leaver
    _, key = token_create(user=person.user, name="script")
    it = make_user(BACK_OFFICE).employee
    make_template(owner=person)
    services.onboarding_start(actor=None, employee=make_employee(manager=it))
    asset = make_laptop()
    repair = equipment.request_report(actor=make_user(EMPLOYEE), asset=asset, description="Nejde tisk")
    equipment.request_assign(actor=None, request=repair, assignee=person)
    message = frontdesk.message_take(actor=make_user(BACK_OFFICE), for_person=person, caller_name="Pan Novák")
    assert set(open_items_of(person)) >= {"Onboarding tasks", "Repair requests", "Phone messages"}

    assert services.offboardings_due(on=days(9)) == 0
    assert services.offboardings_due(on=days(10)) == 1
    person.user.refresh_from_db()
    assert not person.user.is_active
    assert user_for_key(key) is None
    assert MaintenanceRequest.objects.get(pk=repair.pk).assignee == boss
    assert PhoneMessage.objects.get(pk=message.pk).for_person == boss
    assert not OnboardingTask.objects.filter(assignee=person, done_at__isnull=True).exists()
    assert open_items_of(person) == {}
    offboarding.refresh_from_db()
    assert offboarding.access_revoked_at and offboarding.handed_over_at


def test_checklist_complete_closes_the_offboarding(offboarding):
    laptop = make_laptop(assignee=offboarding.employee)
    hr = make_user(HR)
    services.asset_return(actor=hr, offboarding=offboarding, asset=laptop)
    with pytest.raises(InvalidInput):
        services.exit_interview_record(actor=hr, offboarding=offboarding, notes="  ")
    services.exit_interview_record(actor=hr, offboarding=offboarding, notes="Odchází za lepší nabídkou.")
    services.employment_certificate_issue(actor=hr, offboarding=offboarding)
    services.access_revoke(actor=hr, offboarding=offboarding)
    offboarding.refresh_from_db()
    assert offboarding.status == OffboardingStatus.OPEN
    services.work_handover(actor=hr, offboarding=offboarding)
    offboarding.refresh_from_db()
    assert offboarding.status == OffboardingStatus.COMPLETED
    with pytest.raises(Conflict):
        services.asset_return(actor=hr, offboarding=offboarding, asset=make_laptop(assignee=offboarding.employee))


def test_employment_certificate_pdf(offboarding):
    pdf = employment_certificate_pdf(offboarding)
    assert pdf.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert offboarding.employee.full_name in text


def test_handover_registry_discovers_module_files():
    keys = set(handovers())
    assert {
        "staff.onboarding_tasks",
        "equipment.requests",
        "equipment.plans",
        "frontdesk.messages",
        "frontdesk.conversations",
        "frontdesk.rules",
    } <= keys
