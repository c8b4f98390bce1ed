"""Every main page opens with its styles, scripts and icon font, and without console errors or CSP violations."""

from __future__ import annotations

from playwright.sync_api import expect

from backoffice.people import services
from tests.builders import days, make_department, make_employee, make_user
from tests.e2e.conftest import BROWSER_TEST, log_in, shot

pytestmark = BROWSER_TEST

# What a page looks like when its static files arrived and the CSP let them run.
ASSETS_WORK = """async () => {
  await document.fonts.ready;
  return {
    htmx: typeof htmx,
    bootstrap: typeof bootstrap,
    navbar: getComputedStyle(document.querySelector("nav.navbar")).backgroundColor,
    icons: [...document.fonts].some((f) => f.family.includes("bootstrap-icons") && f.status === "loaded"),
  };
}"""
WORKING = {"htmx": "object", "bootstrap": "object", "navbar": "rgb(33, 37, 41)", "icons": True}


def test_main_pages_load_cleanly(page, problems):
    office = make_department("Provoz")
    jana = make_employee(first_name="Jana", last_name="Šťastná", department=office, job_title="Recepční")
    petr = make_employee(first_name="Petr", last_name="Novák", department=office)
    services.absence_record(actor=None, employee=jana, kind="sick_leave", start_date=days(0), end_date=days(1))
    services.substitution_create(actor=None, absent=jana, substitute=petr, start_date=days(0), end_date=days(1))
    user = make_user("Back office", username="kancelar")

    response = page.goto("/accounts/login/")
    assert response.status == 200
    expect(page.locator("input[name=username]")).to_be_visible()
    assets = page.evaluate(ASSETS_WORK)
    del assets["icons"]  # the login page shows no icons, so the icon font is never fetched
    assert assets == {"htmx": "object", "bootstrap": "object", "navbar": WORKING["navbar"]}
    shot(page, "page-login")

    log_in(page, user)
    pages = {
        "my-work": "/",
        "directory": "/people/",
        "employee-card": f"/people/{jana.pk}/",
        "absences": "/people/absences/",
        "absence-form": "/people/absences/new/",
        "substitutions": "/people/substitutions/",
        "substitution-form": "/people/substitutions/new/",
        "departments": "/people/departments/",
        "notifications": "/notifications/",
        "profile": "/profile/",
    }
    broken = {}
    for name, path in pages.items():
        response = page.goto(path)
        assets = page.evaluate(ASSETS_WORK)
        if response.status != 200 or assets != WORKING:
            broken[name] = (response.status, assets)
        shot(page, f"page-{name}")
    assert broken == {}

    toggle = page.locator("nav.navbar .dropdown-toggle").first  # Bootstrap's script opens the menu's groups
    toggle.click()
    expect(toggle.locator("xpath=following-sibling::ul[contains(@class, 'dropdown-menu')]")).to_be_visible()

    page.goto("/people/absences/")  # a search swaps the table in through htmx
    page.locator("input[name=q]").fill("stastna")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert problems == [], "\n".join(problems)
