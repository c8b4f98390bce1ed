"""The roles of the back office, as Django groups. Data migrations create them and grant defaults;
an administrator may change the grants afterwards."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ADMINISTRATOR = "Administrator"
BACK_OFFICE = "Back office"
OFFICE_MANAGER = "Office manager"
HR = "HR"
INTERVIEWER = "Interviewer"
TECHNICIAN = "Technician"
EMPLOYEE = "Employee"

# Roles that see personnel files or everything: their logins need a second factor (BACKOFFICE_REQUIRE_2FA).
SECOND_FACTOR_ROLES = [ADMINISTRATOR, HR]

ROLES = [ADMINISTRATOR, BACK_OFFICE, OFFICE_MANAGER, HR, INTERVIEWER, TECHNICIAN, EMPLOYEE]
ROLE_LABELS = {
    ADMINISTRATOR: _("Administrator"),
    BACK_OFFICE: _("Back office"),
    OFFICE_MANAGER: _("Office manager"),
    HR: _("HR"),
    INTERVIEWER: _("Interviewer"),
    TECHNICIAN: _("Technician"),
    EMPLOYEE: _("Employee"),
}


def create_roles(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def grant(apps, grants: dict[str, list[str]], *, all_of_apps: list[str] = ()) -> None:
    """Grant "app_label.codename" permissions to roles inside a data migration.

    Permissions are normally created after migrations; this creates them first so a migration can use them.
    The Administrator role also receives every permission of `all_of_apps`.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in grants.items():
        group = Group.objects.get(name=role)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    if all_of_apps:
        admin = Group.objects.get(name=ADMINISTRATOR)
        admin.permissions.add(*Permission.objects.filter(content_type__app_label__in=all_of_apps))


def roles_of(user) -> list[str]:
    if not user.is_authenticated:
        return []
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in ROLES if role in names]
