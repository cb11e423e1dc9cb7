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


def test_buttons_and_fields_take_their_look_from_nl_design_system_with_the_verzuim_theme(
    page: Page, make_user: Callable[..., User], log_in: Callable[[str, str], None]
) -> None:
    """The look is NL Design System's components (vendored @utrecht CSS) with the portal's own design tokens."""
    user = make_user(Role.EMPLOYER)
    log_in(user.email, PASSWORD)
    page.goto("/verzuim/ziekmelden/")
    submit = page.get_by_role("button", name="Ziekmelding versturen")
    expect(submit).to_have_class("utrecht-button utrecht-button--primary-action")
    # The theme's accent through the component's token, and a pointer target of at least 44 px.
    expect(submit).to_have_css("background-color", "rgb(11, 83, 148)")
    assert submit.bounding_box()["height"] >= 44  # type: ignore[index]

    submit.click()

    # A field the server refused is an NL Design System invalid form field: a red bar beside it and the message.
    field = page.locator(".utrecht-form-field--invalid", has=page.get_by_label("Werknemer"))
    expect(field).to_have_css("border-left-width", "4px")
    expect(field).to_have_css("border-left-color", "rgb(164, 22, 26)")
    expect(field.locator(".utrecht-form-field-error-message")).to_have_css("color", "rgb(164, 22, 26)")
