"""Demo data: templates, a catalogue whose matrix has expired and expiring items, an offboarding in progress."""

import io

import pytest

from backoffice.core.roles import HR
from backoffice.equipment.demo import build_equipment
from backoffice.people.demo import build_people
from backoffice.staff import matrix
from backoffice.staff.choices import OffboardingStatus, OnboardingStatus, Standing
from backoffice.staff.demo import build_staff
from backoffice.staff.models import DisciplinaryRecord, Offboarding, Onboarding, OnboardingTemplate
from tests.builders import make_user

pytestmark = pytest.mark.django_db


def test_demo_builds_a_lifecycle_to_look_at():
    out = io.StringIO()
    build_people(scale="small", out=out)
    build_equipment(scale="small", out=out)
    build_staff(scale="small", out=out)
    assert OnboardingTemplate.objects.count() == 2
    assert Onboarding.objects.filter(status=OnboardingStatus.OPEN).count() == 1
    offboarding = Offboarding.objects.get(status=OffboardingStatus.OPEN)
    assert offboarding.employee.assets.exists()  # a laptop to return
    assert DisciplinaryRecord.objects.count() == 2
    courses, rows = matrix.matrix(make_user(HR))
    seen = {cell.standing for row in rows for cell in row.cells}
    assert {Standing.VALID, Standing.EXPIRED, Standing.MISSING} <= seen
    assert seen & {Standing.EXPIRING_30, Standing.EXPIRING_60, Standing.EXPIRING_90}
    assert {c.code for c in courses} >= {"BOZP", "PO"}
