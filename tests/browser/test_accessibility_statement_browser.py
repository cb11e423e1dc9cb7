"""The accessibility statement in the browser: reached from the login page's footer without logging in, axe-clean,
and readable on a phone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[..., None]


def test_anyone_opens_the_statement_from_the_footer_of_the_login_page(page: Page, assert_accessible: Check) -> None:
    page.goto("/inloggen/")
    page.get_by_role("contentinfo").get_by_role("link", name="Toegankelijkheid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegankelijkheids\u00adverklaring")
    expect(page.locator("#statement-status")).to_have_text("C - eerste maatregelen genomen")
    expect(page.locator("#last-full-check")).to_have_text("8 december 2026")
    assert_accessible(page, "accessibility-statement")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
