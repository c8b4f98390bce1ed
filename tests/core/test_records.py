"""The shared writes: an update saves every real change, even one the audit trail must not show."""

import pytest

from backoffice.core.models import AuditEntry
from backoffice.core.records import update_record
from backoffice.core.roles import EMPLOYEE
from tests.builders import make_department, make_user

pytestmark = pytest.mark.django_db


def test_a_change_only_to_an_unaudited_field_is_saved_and_the_value_stays_out_of_the_audit():
    user = make_user(EMPLOYEE)
    entries = AuditEntry.objects.count()
    update_record(user, password="pbkdf2_sha256$1$salt$new-hash", reason="password changed")
    user.refresh_from_db()
    assert user.password == "pbkdf2_sha256$1$salt$new-hash"
    assert AuditEntry.objects.count() == entries + 1
    assert "new-hash" not in str(AuditEntry.objects.latest("id").__dict__)


def test_setting_the_same_values_writes_nothing():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    employee = make_user(EMPLOYEE).employee
    department = employee.department
    entries = AuditEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:  # compared without loading anything
        update_record(employee, department=department, first_name=employee.first_name)
    assert [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))] == []
    assert AuditEntry.objects.count() == entries


def test_a_relation_change_is_saved():
    employee = make_user(EMPLOYEE).employee
    other = make_department()
    update_record(employee, department=other)
    employee.refresh_from_db()
    assert employee.department_id == other.pk
