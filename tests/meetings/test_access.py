"""Who may open which meetings page and call which API operation: the full matrix, denial included."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.core.roles import ADMINISTRATOR, BACK_OFFICE, HR, INTERVIEWER, OFFICE_MANAGER
from backoffice.meetings import services
from backoffice.meetings.choices import FeedKind
from backoffice.meetings.models import CalendarFeed
from tests.access import ANONYMOUS, EVERYONE, Cell, matrix_tests, shared_scenario
from tests.builders import make_employee
from tests.meetings.builders import at, book, reply_to

BOOK = frozenset({ADMINISTRATOR, HR, INTERVIEWER, BACK_OFFICE, OFFICE_MANAGER})
SEE_ALL = frozenset({ADMINISTRATOR, HR})
NOBODY = frozenset()


class Scenario:
    """A meeting of two other people with a candidate, an offer to another candidate, someone's calendar feed."""

    def __init__(self):
        self.a = make_employee(first_name="Hana", last_name="Dvořáková")
        self.b = make_employee(first_name="Petr", last_name="Svoboda")
        self.meeting = book([self.a, self.b], at(2027, 2, 1, 10), guests=[("Karel Uchazeč", "karel@example.com")])
        self.offer = services.slot_offer_create(
            actor=None,
            title="Pohovor",
            organizer=self.a,
            participants=[self.a],
            guest_name="Eva Uchazečka",
            guest_email="eva@example.com",
            slots=[at(2027, 2, 2, 9), at(2027, 2, 2, 11)],
            duration=dt.timedelta(hours=1),
        )
        self.feed = CalendarFeed.objects.create(employee=self.a, kind=FeedKind.ICS, url="http://127.0.0.1:9/x.ics")


S = "/meetings"
NEW_TIME = {"start": "2027-02-03T10:00", "end": "2027-02-03T11:00"}
PAGES = [
    Cell("GET", lambda s: f"{S}/", EVERYONE, url_name="meetings:meeting_list"),
    Cell("GET", lambda s: f"{S}/?show=past&all=1", EVERYONE, url_name="meetings:meeting_list"),
    Cell("GET", lambda s: f"{S}/{s.meeting.pk}/", SEE_ALL, url_name="meetings:meeting_detail"),
    Cell("GET", lambda s: f"{S}/{s.meeting.pk}/?tab=history", SEE_ALL, url_name="meetings:meeting_detail"),
    Cell(
        "POST",
        lambda s: f"{S}/{s.meeting.pk}/reschedule/",
        SEE_ALL,
        url_name="meetings:meeting_reschedule",
        payload=lambda s, u: NEW_TIME,
    ),
    Cell(
        "POST",
        lambda s: f"{S}/{s.meeting.pk}/cancel/",
        SEE_ALL,
        url_name="meetings:meeting_cancel",
        payload=lambda s, u: {"reason": "Nemoc"},
    ),
    Cell(
        "POST",
        lambda s: f"{S}/{s.meeting.pk}/replies/",
        SEE_ALL,
        url_name="meetings:meeting_reply_upload",
        payload=lambda s, u: {
            "file": SimpleUploadedFile("reply.ics", reply_to(s.meeting, "karel@example.com", "ACCEPTED"))
        },
    ),
    Cell("GET", lambda s: f"{S}/find/", BOOK, url_name="meetings:find_time"),
    Cell(
        "POST",
        lambda s: f"{S}/find/",
        BOOK,
        url_name="meetings:find_time",
        payload=lambda s, u: {
            "participants": [s.b.pk],
            "duration": "60",
            "start": "2027-02-04",
            "end": "2027-02-05",
            "slots": ["2027-02-04T10:00:00+01:00"],
            "title": "Porada",
            "action": "book",
        },
        ok=frozenset({302}),
    ),
    Cell("GET", lambda s: f"{S}/offers/", BOOK, url_name="meetings:offer_list"),
    Cell("POST", lambda s: f"{S}/offers/{s.offer.pk}/cancel/", SEE_ALL, url_name="meetings:offer_cancel"),
    Cell("GET", lambda s: f"{S}/availability/", EVERYONE, url_name="meetings:availability"),
    Cell("POST", lambda s: f"{S}/availability/feeds/{s.feed.pk}/remove/", NOBODY, url_name="meetings:feed_action"),
    Cell("GET", lambda s: f"{S}/pick/{s.offer.token}/", EVERYONE | {ANONYMOUS}, url_name="meetings:pick"),
]

API = "/api/v1/meetings"


def op(method: str, path: str) -> str:
    return f"{method} {API}{path}"


API_CELLS = [
    Cell(
        "POST",
        lambda s: f"{API}/free-slots",
        BOOK,
        operation=op("POST", "/free-slots"),
        payload=lambda s, u: {
            "participant_ids": [s.a.pk, s.b.pk],
            "duration_minutes": 60,
            "start": "2027-02-01",
            "end": "2027-02-05",
        },
    ),
    Cell("GET", lambda s: f"{API}/meetings", EVERYONE, operation=op("GET", "/meetings")),
    Cell("GET", lambda s: f"{API}/meetings/{s.meeting.pk}", SEE_ALL, operation=op("GET", "/meetings/{meeting_id}")),
    Cell(
        "POST",
        lambda s: f"{API}/meetings",
        BOOK,
        operation=op("POST", "/meetings"),
        payload=lambda s, u: {
            "title": "Porada",
            "start": "2027-02-04T10:00:00+01:00",
            "end": "2027-02-04T11:00:00+01:00",
            "participant_ids": [s.b.pk],
        },
    ),
    Cell(
        "POST",
        lambda s: f"{API}/meetings/{s.meeting.pk}/reschedule",
        SEE_ALL,
        operation=op("POST", "/meetings/{meeting_id}/reschedule"),
        payload=lambda s, u: {"start": "2027-02-03T10:00:00+01:00", "end": "2027-02-03T11:00:00+01:00"},
    ),
    Cell(
        "POST",
        lambda s: f"{API}/meetings/{s.meeting.pk}/cancel",
        SEE_ALL,
        operation=op("POST", "/meetings/{meeting_id}/cancel"),
        payload=lambda s, u: {"reason": "Nemoc"},
    ),
    Cell("GET", lambda s: f"{API}/offers", EVERYONE, operation=op("GET", "/offers")),
    Cell(
        "POST",
        lambda s: f"{API}/offers",
        BOOK,
        operation=op("POST", "/offers"),
        payload=lambda s, u: {
            "title": "Pohovor",
            "participant_ids": [s.b.pk],
            "guest_name": "Jan Novák",
            "guest_email": "jan@example.com",
            "slots": ["2027-02-04T10:00:00+01:00"],
            "duration_minutes": 60,
        },
    ),
    Cell(
        "POST",
        lambda s: f"{API}/offers/{s.offer.pk}/cancel",
        SEE_ALL,
        operation=op("POST", "/offers/{offer_id}/cancel"),
    ),
    Cell(
        "POST",
        lambda s: f"{API}/meetings/{s.meeting.pk}/replies",
        SEE_ALL,
        operation=op("POST", "/meetings/{meeting_id}/replies"),
        payload=lambda s, u: {"ics": reply_to(s.meeting, "karel@example.com", "DECLINED").decode()},
    ),
    Cell(
        "GET",
        lambda s: f"{API}/meetings/{s.meeting.pk}/answers",
        SEE_ALL,
        operation=op("GET", "/meetings/{meeting_id}/answers"),
    ),
    Cell("GET", lambda s: f"{API}/working-hours", EVERYONE, operation=op("GET", "/working-hours")),
    Cell(
        "PUT",
        lambda s: f"{API}/working-hours",
        EVERYONE,
        operation=op("PUT", "/working-hours"),
        payload=lambda s, u: {"hours": [{"weekday": 0, "start": "09:00", "end": "15:00"}]},
    ),
]


scenario = shared_scenario(Scenario)

test_pages, test_api, test_every_page_is_in_the_matrix, test_every_api_operation_is_in_the_matrix = matrix_tests(
    pages=PAGES, api_cells=API_CELLS, namespaces={"meetings"}, api="/api/v1/meetings/"
)
