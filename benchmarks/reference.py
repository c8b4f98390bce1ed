"""Reference views: the least Django can do for the same answer, to measure the framework floor against.

They pass through the same middleware as the product's views but skip authentication, django-ninja, schemas and
pagination. A scenario reports its figures as a share of its reference's, measured in the same run.
"""

from django.http import JsonResponse

from backoffice.people.models import Employee

PAGE = 50


def employee_rows(request):
    """50 active employees in the model's default order (the API's default order too): id, names, e-mail."""
    rows = Employee.objects.filter(archived_at__isnull=True).order_by(*Employee._meta.ordering)
    return JsonResponse({"items": list(rows.values("id", "first_name", "last_name", "email")[:PAGE])})
