"""Onboarding: tasks from the template, routed to whoever handles the duty now; equipment handed over; reminders."""

import datetime as dt

import pytest

from backoffice.core.errors import Conflict, InvalidInput, NotAllowed
from backoffice.core.models import Notification
from backoffice.core.mywork import work_for
from backoffice.core.roles import BACK_OFFICE, EMPLOYEE, HR
from backoffice.people import services as people
from backoffice.people.choices import AbsenceKind, Area
from backoffice.staff import services
from backoffice.staff.choices import OnboardingStatus, TaskKind
from backoffice.staff.models import Onboarding, OnboardingTask
from tests.builders import days, make_department, make_employee, make_user
from tests.staff.builders import make_laptop, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    it = make_user(BACK_OFFICE).employee
    boss = make_user(EMPLOYEE).employee
    hire = make_employee(manager=boss, start_date=days(5), job_title="Účetní")
    return it, boss, hire


def test_start_creates_tasks_routed_now_with_due_dates(team):
    it, boss, hire = team
    make_template(owner=it)
    onboarding = services.onboarding_start(actor=make_user(HR), employee=hire)
    tasks = {t.title: t for t in onboarding.tasks.all()}
    assert tasks["Založit účet"].assignee == it
    assert tasks["Založit účet"].due_date == days(3)
    assert tasks["Seznámit s týmem"].assignee == boss
    assert tasks["Seznámit s týmem"].due_date == days(6)
    assert Notification.objects.filter(recipient=it.user, title__contains="2 tasks").exists()


def test_task_goes_to_the_substitute_when_the_owner_is_away(team):
    it, boss, hire = team
    cover = make_user(BACK_OFFICE).employee
    make_template(owner=it)
    people.absence_record(actor=None, employee=it, kind=AbsenceKind.VACATION, start_date=days(-1), end_date=days(3))
    people.substitution_create(
        actor=None, absent=it, substitute=cover, area=Area.EQUIPMENT, start_date=days(-1), end_date=days(3)
    )
    onboarding = services.onboarding_start(actor=None, employee=hire)
    assert {t.assignee for t in onboarding.tasks.filter(area=Area.EQUIPMENT)} == {cover}


def test_the_most_specific_template_is_chosen(team):
    it, boss, hire = team
    department = make_department()
    people.employee_update(actor=None, employee=hire, department=department)
    make_template(owner=it, name="Obecná")
    specific = make_template(owner=it, name="Účtárna", department=department)
    assert services.onboarding_start(actor=None, employee=hire).template == specific


def test_second_open_onboarding_is_refused(team):
    it, boss, hire = team
    make_template(owner=it)
    services.onboarding_start(actor=None, employee=hire)
    with pytest.raises(InvalidInput) as error:
        services.onboarding_start(actor=None, employee=hire)
    assert "employee" in error.value.fields
    assert Onboarding.objects.count() == 1


def test_employee_without_permission_cannot_start(team):
    it, boss, hire = team
    with pytest.raises(NotAllowed):
        services.onboarding_start(actor=make_user(EMPLOYEE), employee=hire)


def test_equipment_task_hands_the_laptop_over_and_completion_closes(team):
    it, boss, hire = team
    make_template(owner=it)
    onboarding = services.onboarding_start(actor=None, employee=hire)
    laptop = make_laptop()
    equipment_task = onboarding.tasks.get(kind=TaskKind.EQUIPMENT)
    with pytest.raises(InvalidInput) as error:
        services.onboarding_task_complete(actor=it.user, task=equipment_task)
    assert "asset" in error.value.fields
    services.onboarding_task_complete(actor=it.user, task=equipment_task, asset=laptop)
    laptop.refresh_from_db()
    assert laptop.assignee == hire
    with pytest.raises(Conflict):
        services.onboarding_task_complete(actor=it.user, task=equipment_task, asset=laptop)
    for task in onboarding.tasks.filter(done_at__isnull=True):
        services.onboarding_task_complete(actor=None, task=task)
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.COMPLETED


def test_an_asset_of_someone_else_cannot_be_handed_over(team):
    it, boss, hire = team
    make_template(owner=it)
    onboarding = services.onboarding_start(actor=None, employee=hire)
    laptop = make_laptop(assignee=boss)
    task = onboarding.tasks.get(kind=TaskKind.EQUIPMENT)
    with pytest.raises(InvalidInput) as error:
        services.onboarding_task_complete(actor=it.user, task=task, asset=laptop)
    assert "asset" in error.value.fields
    task.refresh_from_db()
    laptop.refresh_from_db()
    assert task.done_at is None and laptop.assignee == boss


def test_only_the_responsible_colleague_or_staff_may_complete(team):
    it, boss, hire = team
    make_template(owner=it)
    onboarding = services.onboarding_start(actor=None, employee=hire)
    task = onboarding.tasks.get(title="Seznámit s týmem")
    with pytest.raises(NotAllowed):
        services.onboarding_task_complete(actor=make_user(EMPLOYEE), task=task)
    services.onboarding_task_complete(actor=boss.user, task=task)
    assert OnboardingTask.objects.get(pk=task.pk).done_by == boss.user


def test_tasks_are_on_my_work_of_the_assignee(team):
    it, boss, hire = team
    make_template(owner=it)
    services.onboarding_start(actor=None, employee=hire)
    titles = [item.title for item in work_for(boss.user)]
    assert any("Seznámit s týmem" in title and hire.full_name in title for title in titles)
    assert not any("Založit účet" in title for title in titles)


def test_overdue_tasks_are_reminded_once_a_day(team):
    it, boss, hire = team
    make_template(owner=it)
    people.employee_update(actor=None, employee=hire, start_date=days(-10))
    services.onboarding_start(actor=None, employee=hire)
    before = Notification.objects.filter(title__startswith="Overdue").count()
    assert services.remind_overdue_tasks() == 3
    assert services.remind_overdue_tasks() == 0
    assert Notification.objects.filter(title__startswith="Overdue").count() == before + 3
    assert services.remind_overdue_tasks(on=days(1)) == 3


def test_onboarding_start_signature_for_recruitment(team):
    it, boss, hire = team
    onboarding = services.onboarding_start(actor=None, employee=hire, template=None)
    assert onboarding.tasks.count() == 0 and onboarding.start_date == hire.start_date
    assert isinstance(onboarding.start_date, dt.date)


def test_task_notifications_speak_each_assignees_own_language(team):
    from django.utils import translation

    from backoffice.core.preferences import preference_update

    it, boss, hire = team
    preference_update(actor=it.user, user=it.user, language="cs")
    make_template(owner=it)
    people.employee_update(actor=None, employee=hire, start_date=days(-10))
    with translation.override("en"):  # HR works in English
        services.onboarding_start(actor=make_user(HR), employee=hire)
        services.remind_overdue_tasks()
    assert Notification.objects.filter(recipient=it.user, title__startswith="Nástup ").exists()
    assert Notification.objects.filter(recipient=it.user, title__startswith="Úkol nástupu po termínu").exists()
    assert Notification.objects.filter(recipient=boss.user, title__startswith="Overdue onboarding task").exists()
