"""The product's URLconf with the reference views in front of it, under /bench/ (a prefix the product never uses)."""

from django.urls import path

from backoffice.urls import urlpatterns as product_urlpatterns
from benchmarks import reference

urlpatterns = [
    path("bench/reference/employees", reference.employee_rows, name="bench-reference-employees"),
    *product_urlpatterns,
]
