"""Koppelingen in the browser (issue 23 item 1): on a 390 px phone and with the keyboard only, the employer user
makes an API key, sees it once, the key works, and revoking it ends it at once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from rest_framework.test import APIClient

from tests.browser.conftest import CHROMIUM
from tests.factories import PASSWORD, EmployerFactory
from verzuim.models import ApiKey, Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]
PHONE = {"width": 390, "height": 844}


def calls_with(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return int(client.get("/api/v1/employees/").status_code)


def test_employer_makes_and_revokes_a_key_with_the_keyboard_on_a_phone(
    page: Page, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    assert CHROMIUM.exists()
    employer = EmployerFactory(name="Bakkerij De Korenschoof")
    user = make_user(Role.EMPLOYER, employer=employer, full_name="Wim Werkgever")
    page.set_viewport_size(PHONE)
    log_in(user.email, PASSWORD)

    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Koppelingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koppelingen")
    expect(page.get_by_role("main")).to_contain_text("Er zijn nog geen API-sleutels.")
    assert_accessible(page, "api-keys-empty")

    page.get_by_label("Naam van de koppeling").focus()
    page.keyboard.type("Nmbrs salaris")
    page.get_by_label("Werknemers lezen").focus()
    page.keyboard.press("Space")
    page.get_by_label("Verzuim lezen").focus()
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("API-sleutel aangemaakt")
    expect(page.get_by_role("status")).to_contain_text("Kopieer de sleutel nu")
    key = page.get_by_label("Sleutel voor Nmbrs salaris").input_value()
    assert key.startswith("vzk_")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "api-key-created")
    assert calls_with(key) == 200

    page.get_by_role("link", name="Ik heb de sleutel bewaard").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Nmbrs salaris")
    expect(main).to_contain_text("Werknemers lezen, Verzuim lezen")
    expect(main).not_to_contain_text(key)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "api-keys-list")

    page.get_by_role("link", name="Intrekken van Nmbrs salaris").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sleutel Nmbrs salaris intrekken")
    assert_accessible(page, "api-key-revoke")
    page.get_by_role("button", name="Intrekken").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_contain_text("Ingetrokken op")
    assert ApiKey.objects.get().revoked_by == user
    assert calls_with(key) == 401
