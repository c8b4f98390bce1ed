"""Log-in and permissions. Django's ModelBackend asks two queries for a user's permissions; one does."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

CACHE = "_backoffice_perm_cache"


class RoleBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, CACHE):
            rows = Permission.objects.all()
            if not user_obj.is_superuser:
                rows = rows.filter(Q(user=user_obj) | Q(group__user=user_obj))
            names = rows.values_list("content_type__app_label", "codename").distinct()
            setattr(user_obj, CACHE, {f"{app}.{codename}" for app, codename in names})
        return getattr(user_obj, CACHE)
