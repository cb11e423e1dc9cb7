"""A staff user without a confirmed TOTP device reaches nothing but the enrolment page, then enrols."""

from __future__ import annotations

from base64 import b32decode
from collections.abc import Callable

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.factories import PASSWORD
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENROL_PATH = "/account/tweestapsverificatie/instellen/"


def test_staff_without_totp_device_lands_on_enrolment_everywhere_until_enrolled(
    page: Page,
    live_server: LiveServer,
    make_user: Callable[..., User],
    log_in: Callable[[str, str], None],
    assert_accessible: Callable[[Page, str], None],
) -> None:
    user = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    log_in(user.email, PASSWORD)

    for path in ("/", "/werknemers/", "/admin/", "/"):
        page.goto(path)
        assert page.url.startswith(f"{live_server.url}{ENROL_PATH}?next="), (path, page.url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    assert_accessible(page, "otp-enrol")

    secret = b32decode(page.locator("#totp-secret").inner_text().strip())
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp(secret):06d}")
    page.get_by_role("button", name="Bevestigen").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")
    expect(page.get_by_role("status")).to_have_text("Tweestapsverificatie is ingesteld.")
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
