"""The base page works from the keyboard: the skip link is the first tab stop and lands on the content."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(
    page: Page, make_user: Callable[..., User], log_in: Callable[[str, str], None]
) -> None:
    user = make_user(Role.EMPLOYER)
    log_in(user.email, PASSWORD)
    page.goto("/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.get_by_role("main")).to_be_focused()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
