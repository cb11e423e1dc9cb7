"""Every page of the access matrix, for every role that may see it, on a 390 px wide phone (issue 20 item 6).

The page list is the access matrix's (tests/test_access_matrix.py, world from tests/access_fixtures.py): every
GET route outside the API and the Django admin that answers the role 200 for its own tenant's object. Each page
must fit the screen (``scrollWidth <= innerWidth``: no horizontal scroll of the page; a table may scroll inside its
own box) and pass axe without a serious or critical violation. File downloads (PDF, CSV, XLSX, ICS) and JSON are
not pages and are left out. One browser context per role: it logs in once and walks its pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from tests.access_fixtures import ROLES, World, build_world
from tests.conftest import current_totp
from tests.factories import PASSWORD
from tests.test_access_matrix import EXPECTED, Route, all_routes, url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# The innermost elements that stick out to the right of the screen, to say in a failure what widens the page.
WIDEST = """() => {
    const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement)
        if (getComputedStyle(p).overflowX !== 'visible') return true; return false; };
    return [...document.querySelectorAll('body *')]
        .filter(e => e.checkVisibility() && e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e))
        .slice(-3)
        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().replace(/ +/g, '.') : '')
             + ' ' + JSON.stringify((e.textContent || '').trim().slice(0, 40)));
}"""
# Routes that answer with a file or with JSON, not with a page (their names say so).
NOT_PAGES = frozenset(
    {
        "healthz",
        "case_reintegration_report_pdf",
        "case_week42_worksheet_pdf",
        "case_document_download",
        "case_income_handout",
        "premium_notice_pdf",
        "premium_product_sheet_pdf",
        "claim_export",
        "employer_absence_export",
        "complaints_report_export",
        "covenant_report_export",
        "calendar_feed",
        "employee_income_handout",
        "my_complaint_letter",
        "complaint_follow_letter",
        "case_message_attachment",
        "case_physician_message_attachment",
        "my_income_handout",
        "my_document_download",
    }
)


def pages_for(role: str) -> list[Route]:
    """The routes of the matrix that are pages of the portal and answer ``role`` 200 (for its own tenant)."""
    column = ROLES.index(role)
    pages = []
    for route in all_routes():
        row = EXPECTED.get(route.key)
        if row is None or row.method != "GET" or route.is_api or route.key in NOT_PAGES:
            continue
        if route.key.startswith("admin") or route.route.startswith(("api/", "admin/")):
            continue  # the API (and its schema browser) and Django's own admin are not the portal's pages
        answer = row.answers[column]
        own = answer.split("/")[0] if isinstance(answer, str) else str(answer)
        if own == "200":
            pages.append(route)
    return pages


def log_in_as(page: Page, world: World, role: str) -> None:
    user = world.user(role)
    if user is None:
        return
    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    if user.needs_two_factor:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        assert device is not None
        page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
        with page.expect_navigation():
            page.get_by_role("button", name="Doorgaan").click()


def test_the_page_list_covers_every_role_that_has_pages() -> None:
    """A guard on the list itself: each role walks its pages, the case dossier among the employer's."""
    employer_pages = {route.key for route in pages_for("employer")}
    assert {"dashboard", "case_detail", "employee_list", "case_documents"} <= employer_pages
    assert {"caseload", "case_detail", "case_contact_add"} <= {route.key for route in pages_for("casemanager")}
    assert {"login", "complaint_public", "complaint_follow"} <= {route.key for route in pages_for("anonymous")}
    assert {"my_complaints", "my_complaint_detail"} <= employer_pages
    desk = {"complaint_desk", "complaint_desk_detail", "complaint_desk_action", "complaint_desk_compose"}
    assert desk <= {route.key for route in pages_for("complaint_handler")}
    assert not {"case_reintegration_report_pdf", "claim_export"} & employer_pages
    assert "case_employee_invitation" in employer_pages
    # The employee account (issue 22): its start page Mijn verzuim, and none of the employer's pages.
    employee_pages = {route.key for route in pages_for("employee")}
    assert "dashboard" in employee_pages
    assert "my_data" in employee_pages  # Mijn gegevens (cases.privacy)
    assert "correction_answer" in {route.key for route in pages_for("casemanager")}
    assert not {"case_detail", "employee_list", "my_complaints"} & employee_pages


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone_and_passes_axe(
    role: str, page: Page, assert_accessible: Callable[[Page, str], None], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the complaint intake's rate limit
    world = build_world()
    page.set_viewport_size(PHONE)
    log_in_as(page, world, role)
    overflowing: list[str] = []
    inaccessible: list[str] = []
    for route in pages_for(role):
        path = url_for(route, world, world.own, role)
        response = page.goto(path)
        assert response is not None, f"{route.key} {path}: no response"
        assert response.status == 200, f"{route.key} {path}: {response.status}"
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            culprits = ", ".join(page.evaluate(WIDEST))
            overflowing.append(f"{route.key} ({path}): {widths[0]} px wide on a {widths[1]} px screen: {culprits}")
        try:
            assert_accessible(page, f"{role}-{route.key}")
        except AssertionError as failure:  # every page is checked; the report lists them all
            inaccessible.append(str(failure))
    assert not overflowing, f"{role}: pages wider than the phone:\n" + "\n".join(overflowing)
    assert not inaccessible, f"{role}: axe violations:\n" + "\n".join(inaccessible)


def test_the_menu_opens_without_javascript_on_a_phone_and_is_one_bar_on_a_desktop(
    browser: Browser, live_server: Any, settings: Any, tmp_path: Any
) -> None:
    """Below 50rem the menu is behind a "Menu" button that works with JavaScript off (a <details> disclosure); on a
    desktop (800 px and wider) the button is gone and the main menu of the insurer, the role with the most sections, is
    one line under a one-line header bar."""
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        log_in_as(page, world, "insurer")
        page.goto("/")
        main_menu = page.get_by_role("navigation", name="Hoofdmenu")
        toggle = page.locator("summary.nav-toggle")
        expect(toggle).to_have_text("Menu")
        expect(main_menu).to_be_hidden()
        toggle.focus()
        page.keyboard.press("Enter")
        expect(main_menu).to_be_visible()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        main_menu.get_by_role("link", name="Declaraties").click()
        expect(page).to_have_url(re.compile("/declaraties/$"))
        expect(main_menu).to_be_hidden()  # a new page starts with the menu closed

        for width in (800, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto("/")
            expect(toggle).to_be_hidden()
            expect(main_menu).to_be_visible()
            tops = main_menu.get_by_role("link").evaluate_all("links => links.map(a => a.getBoundingClientRect().top)")
            assert len(tops) == 7, tops
            assert len(set(tops)) == 1, f"the main menu wraps at {width} px: {tops}"
            header_height = page.locator(".site-header").evaluate("e => e.getBoundingClientRect().height")
            assert header_height < 120, f"the header is {header_height} px high at {width} px"
    finally:
        context.close()


def test_the_case_list_stacks_its_rows_with_the_column_names_on_a_phone(
    page: Page, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    log_in_as(page, world, "casemanager")
    cell = page.locator("table.case-table tbody td[data-label]").first
    label = "getComputedStyle(e, '::before').content"

    page.goto("/werkvoorraad/")
    assert cell.evaluate(f"e => {label}") == "none"  # a desktop: a table with a header row
    page.set_viewport_size(PHONE)
    page.goto("/werkvoorraad/")
    expect(page.locator("table.case-table thead")).to_have_css("position", "absolute")  # for screen readers only
    assert cell.evaluate("e => getComputedStyle(e).display") == "block"
    assert cell.evaluate(f"e => {label}") == '"Werkgever"'  # the caseload's second column
    expect(page.get_by_role("link", name=world.own.case.employee.full_name)).to_be_visible()
