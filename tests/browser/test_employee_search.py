"""The employee list filters as the employer types (htmx), and the same search works without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, EmployeeFactory
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_in_the_search_box_filters_the_list_in_place(
    page: Page, make_user: Callable[..., User], log_in: Callable[[str, str], None]
) -> None:
    user = make_user(Role.EMPLOYER)
    EmployeeFactory(employer=user.employer, first_name="Ruud", last_name="Koster")
    EmployeeFactory(employer=user.employer, first_name="Mila", last_name="Dekker")
    log_in(user.email, PASSWORD)
    page.goto("/werknemers/")
    expect(page.locator("tbody tr")).to_have_count(2)
    page.evaluate("window.sameDocument = true")

    page.get_by_label("Zoeken op naam of personeelsnummer").fill("dekk")

    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("Mila Dekker")
    expect(page.locator(".result-count")).to_have_text("1 werknemer gevonden voor “dekk”")
    expect(page).to_have_url(re.compile(r"/werknemers/\?q=dekk$"))
    assert page.evaluate("window.sameDocument") is True, "the search reloaded the page instead of swapping the table"
