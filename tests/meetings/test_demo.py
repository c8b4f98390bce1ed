"""Demo data: a few meetings between demo employees, inside their free time; a generic subject works."""

import io

import pytest

from backoffice.meetings.choices import MeetingStatus
from backoffice.meetings.demo import MEETINGS, build_meetings
from backoffice.meetings.models import Meeting
from backoffice.people.demo import build_people
from tests.builders import make_employee
from tests.meetings.builders import at, book

pytestmark = pytest.mark.django_db


def test_demo_books_meetings_that_do_not_overlap_for_anyone():
    build_people(scale="small", out=io.StringIO())
    out = io.StringIO()
    build_meetings(scale="small", out=out)
    meetings = list(Meeting.objects.filter(status=MeetingStatus.BOOKED).prefetch_related("participants"))
    assert len(meetings) == len(MEETINGS)
    for one in meetings:
        for other in meetings:
            if one.pk < other.pk and set(one.participants.all()) & set(other.participants.all()):
                assert one.end <= other.start or other.end <= one.start


def test_a_meeting_can_be_about_any_record():
    person, candidate_record = make_employee(), make_employee()
    meeting = book([person], at(2027, 2, 1, 9), subject=candidate_record)
    fresh = Meeting.objects.get(pk=meeting.pk)
    assert fresh.subject == candidate_record
    assert Meeting.objects.filter(subject_id=str(candidate_record.pk)).count() == 1
