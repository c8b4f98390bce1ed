"""The mixed back-office workload for locust: people log in through the real form (HR with the code of their
authenticator app) and then browse lists, search, log calls, issue stock, book meetings and approve purchase orders,
as the browser does it (session cookie, CSRF header for the API).

Answers the product gives on purpose under contention count as successes: not enough stock (422
insufficient_stock), everyone not free any more (409 not_free), an order already approved (409). Anything else
that is not 2xx is an error. The fixture file comes from benchmarks.load.seed (LOAD_FIXTURES)."""

from __future__ import annotations

import binascii
import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from django_otp.oath import TOTP
from locust import HttpUser, between, events, task

FIXTURES = json.loads(open(os.environ["LOAD_FIXTURES"], encoding="utf-8").read())  # noqa: SIM115
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_accounts = {role: itertools.count() for role in ("clerks", "approvers", "hr")}
SAMPLES: list[tuple[float, str, float, bool]] = []  # (finished at, name, ms, ok): the driver finds the steady part


@events.request.add_listener
def remember(name, response_time, exception, **kwargs) -> None:
    SAMPLES.append((time.time(), name, response_time, exception is None))


@events.quitting.add_listener
def write_samples(**kwargs) -> None:
    Path(os.environ["LOAD_SAMPLES"]).write_text(json.dumps(SAMPLES))


def _account(role: str):
    accounts = FIXTURES[role]
    return accounts[next(_accounts[role]) % len(accounts)]


class BackOfficeUser(HttpUser):
    abstract = True
    wait_time = between(0.05, 0.4)
    role = "clerks"
    pages = ["/", "/people/"]

    def on_start(self) -> None:
        account = _account(self.role)
        username = account["username"] if isinstance(account, dict) else account
        form = self.client.get("/accounts/login/", name="log in (form)")
        token = CSRF_FIELD.search(form.text).group(1)
        with self.client.post(
            "/accounts/login/",
            {"username": username, "password": FIXTURES["password"], "csrfmiddlewaretoken": token},
            name="log in (password)",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"log-in refused: {answer.status_code}")
                return
        if isinstance(account, dict):
            self.second_factor(account["key"])

    def second_factor(self, key: str) -> None:
        page = self.client.get("/accounts/second-factor/", name="log in (second factor form)")
        token = CSRF_FIELD.search(page.text).group(1)
        code = f"{TOTP(binascii.unhexlify(key)).token():06d}"
        with self.client.post(
            "/accounts/second-factor/",
            {"code": code, "csrfmiddlewaretoken": token, "next": "/"},
            name="log in (second factor)",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"code refused: {answer.status_code}")

    def api(self, method: str, path: str, name: str, payload: dict | None = None, expected=()):
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        with self.client.request(method, path, json=payload, headers=headers, name=name, catch_response=True) as answer:
            if answer.status_code < 300:
                answer.success()
            elif (answer.status_code, _code(answer)) in expected:
                answer.request_meta["name"] = f"{name}, refused: {_code(answer)}"  # its own line in the figures
                answer.success()
            else:
                answer.failure(f"{answer.status_code}: {answer.text[:200]}")
            return answer

    @task(6)
    def browse_a_list(self) -> None:
        page = random.choice(self.pages)
        self.client.get(page, name=f"{page} (page)")

    @task(2)
    def search(self) -> None:
        term = random.choice(FIXTURES["search_terms"])
        self.client.get(f"/overview/search/?find={term}", name="/overview/search/ (page)")


class Clerk(BackOfficeUser):
    """The back office: calls, stock, meetings, and much browsing."""

    weight = 6
    role = "clerks"
    pages = ["/", "/people/", "/supplies/", "/supplies/stock/", "/supplies/orders/", "/frontdesk/", "/meetings/"]

    def on_start(self) -> None:
        super().on_start()  # and each kind of work once at the start, so that even a short run has all of it
        self.log_a_call()
        self.issue_stock()
        self.book_a_meeting()

    @task(2)
    def log_a_call(self) -> None:
        payload = {
            "caller_name": "Jana Volající",
            "company": "Zákazník a.s.",
            "number": f"+420 603 {random.randint(100000, 999999)}",
            "purpose": "Dotaz na objednávku",
            "for_person_id": random.choice(FIXTURES["team"]),
        }
        self.api("POST", "/api/v1/frontdesk/calls", "/api/v1/frontdesk/calls (log a call)", payload)

    @task(3)
    def issue_stock(self) -> None:
        payload = {
            "kind": "issue",
            "item_id": random.choice(FIXTURES["items"]),
            "quantity": str(random.randint(1, 4)),
            "from_location_id": FIXTURES["location"],
            "department_id": FIXTURES["department"],
        }
        expected = {(422, "insufficient_stock")}
        self.api("POST", "/api/v1/supplies/movements", "/api/v1/supplies/movements (issue)", payload, expected)

    @task(2)
    def book_a_meeting(self) -> None:
        start, end = random.choice(FIXTURES["slots"])
        payload = {
            "title": "Porada provozu",
            "start": start,
            "end": end,
            "participant_ids": random.sample(FIXTURES["team"], 2),
        }
        expected = {(409, "not_free")}
        self.api("POST", "/api/v1/meetings/meetings", "/api/v1/meetings/meetings (book)", payload, expected)


class Approver(BackOfficeUser):
    """The office managers: two of them race to approve the same waiting orders."""

    weight = 2
    role = "approvers"
    pages = ["/", "/people/", "/supplies/", "/supplies/orders/", "/meetings/"]

    def on_start(self) -> None:
        super().on_start()
        self.approve_an_order()

    @task(4)
    def approve_an_order(self) -> None:
        order = random.choice(FIXTURES["orders"])
        path = f"/api/v1/supplies/orders/{order}/approve"
        self.api("POST", path, "/api/v1/supplies/orders/{id}/approve", {}, expected={(409, "conflict")})


class PeopleOffice(BackOfficeUser):
    """HR: logs in with the second factor, reads the directory and searches."""

    weight = 2
    role = "hr"
    pages = ["/", "/people/", "/people/absences/", "/meetings/"]


def _code(answer) -> str:
    try:
        return answer.json().get("code", "")
    except ValueError:
        return ""
