"""Browser fixtures: Debian's Chromium driven by Playwright (sync API) against pytest-django's live server."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.builders import PASSWORD
from tests.conftest import app_code, need

# Playwright's sync API runs an asyncio loop in this thread; Django would otherwise refuse ORM calls here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Every browser test module sets `pytestmark = BROWSER_TEST`. Roles (groups and their permissions) come from
# data migrations and a transactional test's flush deletes them, so each test restores the migrated rows.
BROWSER_TEST = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path("/tmp/e2e-shots")  # for people to look at; not part of the repository
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
CZECH_BROWSER = "cs-CZ"
ENGLISH_BROWSER = "en-GB"

# Chromium logs CSP violations to the console itself; this makes sure each one is reported even so.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline code"} (${e.sourceFile})`);
});
"""


@pytest.fixture(scope="session")
def browser() -> Iterator:
    chromium = shutil.which("chromium")
    need(chromium is not None, "Chromium for the browser tests (apt-get install chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves its event loop marked as running in this thread. Django then keeps database
    # connections per async context: new ones, without the test database's state (e.g. what serialized_rollback
    # restores). Keep the connections the test database was set up on, whether or not a loop seems to run.
    same_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in same_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def problems() -> list[str]:
    """Console errors, uncaught exceptions and CSP violations reported by every page a test opened."""
    return []


@pytest.fixture
def new_page(browser, live_server, problems):
    """Open a fresh browser window (own cookies) with the given language preference, as often as a test needs.

    Whatever the test checks, it fails if any page opened reported a console error, an uncaught exception or a
    Content-Security-Policy violation.
    """
    contexts = []

    def build(locale: str = CZECH_BROWSER):
        context = browser.new_context(
            base_url=live_server.url,
            locale=locale,
            timezone_id="Europe/Prague",
            viewport={"width": 1400, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()

        def on_console(message):
            if message.type == "error":
                source = message.location.get("url") or "?"
                problems.append(f"{message.text} [from {source}, on {page.url}]")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"uncaught {error} [on {page.url}]"))
        return page

    yield build
    for context in contexts:
        context.close()
    assert problems == [], "the browser reported errors:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page):
    """A Czech-speaking person's browser."""
    return new_page()


@pytest.fixture
def english_page(new_page):
    """A browser that asks for English."""
    return new_page(ENGLISH_BROWSER)


def log_in(page, user) -> None:
    """Log in through the real form, as a person would, and wait for the landing page.

    Someone whose role needs a second factor has an authenticator app (given here if missing) and types its code.
    """
    from backoffice.core import second_factor
    from backoffice.core.models import AuthenticatorApp

    app = None
    if second_factor.next_step(user) is not None:
        app = second_factor.app_of(user) or AuthenticatorApp.objects.create(user=user, name="phone", confirmed=True)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.get_username())
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    if app is not None:
        page.wait_for_url(re.compile(r"/accounts/second-factor/"))
        page.fill("input[name=code]", app_code(app))
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^[^?]*://[^/]+/$"))


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
