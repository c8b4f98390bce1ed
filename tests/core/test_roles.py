"""The roles come from data migrations with sensible defaults, and deny by default."""

import pytest
from django.contrib.auth.models import Group

from backoffice.core.roles import ADMINISTRATOR, BACK_OFFICE, EMPLOYEE, HR, ROLES, roles_of
from tests.builders import make_user

pytestmark = pytest.mark.django_db


def perms(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_every_role_exists():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_default_grants():
    assert "people.view_employee" in perms(EMPLOYEE)
    assert "people.add_employee" not in perms(EMPLOYEE)
    assert {"people.add_absence", "people.add_substitution"} <= perms(BACK_OFFICE)
    assert "people.add_employee" not in perms(BACK_OFFICE)
    assert {"people.add_employee", "people.change_employee"} <= perms(HR)
    assert {"people.delete_department", "core.view_auditentry"} <= perms(ADMINISTRATOR)


def test_a_user_without_a_role_may_do_nothing_by_default():
    user = make_user(None)
    assert roles_of(user) == []
    assert not user.get_all_permissions()


def test_roles_are_listed_in_a_stable_order():
    user = make_user(HR)
    user.groups.add(Group.objects.get(name=EMPLOYEE))
    assert roles_of(user) == [HR, EMPLOYEE]


def test_permissions_are_read_in_one_query_per_request(django_assert_num_queries):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=make_user(BACK_OFFICE).pk)  # a fresh object, as in a new request
    with django_assert_num_queries(1):
        assert user.has_perm("people.add_absence")
        assert not user.has_perm("people.add_employee")
        assert user.has_perms(["people.view_employee", "people.add_substitution"])
