"""Claims in the browser: one insurer calculates a claim from the case page, a second approves it from the
overview, the employer then sees it. Every page accessible and without a CSP violation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from premiums.claims.models import Claim
from tests.conftest import current_totp
from tests.factories import PASSWORD, EmployerFactory, confirmed_totp_device
from tests.premiums.claims_factories import insured_employer, sick_case
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def log_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()


def log_in_staff(page: Page, log_in: LogIn, user: User) -> None:
    device = confirmed_totp_device(user)
    log_in(user.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Doorgaan").click()


def test_insurer_calculates_a_second_approves_and_the_employer_sees_the_claim(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    employer = insured_employer(employer=EmployerFactory(name="Bakkerij De Korenschoof"))
    employer_user = make_user(Role.EMPLOYER, employer=employer)
    case = sick_case(employer=employer)
    calculator = make_user(Role.INSURER, full_name="Carla Calculator")
    approver = make_user(Role.INSURER, full_name="Anton Approver")

    log_in_staff(page, log_in, calculator)
    page.goto(f"/verzuim/{case.pk}/")
    page.get_by_role("link", name="Declaraties van dit verzuimgeval").click()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/declaraties/")
    assert_accessible(page, "claims-case")
    page.get_by_label("Periode vanaf").fill("2026-01-05")
    page.get_by_label("Periode tot en met").fill("2026-01-30")
    page.get_by_role("button", name="Declaratie berekenen").click()
    claim = Claim.objects.get()
    expect(page).to_have_url(f"{live_server.url}/declaraties/{claim.pk}/")
    expect(page.get_by_role("status")).to_contain_text("De declaratie is berekend: € 2.500,00.")
    lines = page.get_by_role("table", name="Regels van de declaratie")
    expect(lines.get_by_role("row").filter(has_text="Eigen risico (wachtdagen)")).to_contain_text("10")
    expect(lines.get_by_role("row").filter(has_text="Vergoed")).to_contain_text("2.500,00")
    expect(page.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    assert_accessible(page, "claim-detail")
    log_out(page)

    log_in_staff(page, log_in, approver)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Declaraties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Declaraties")
    expect(page.locator("#value-count")).to_have_text("1")
    assert_accessible(page, "claims-overview")
    page.get_by_role("link", name="05-01-2026 t/m 30-01-2026").click()
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_role("status")).to_have_text("De declaratie is goedgekeurd; de werkgever ziet haar nu.")
    expect(page.locator("#status")).to_have_text("Goedgekeurd")
    log_out(page)

    log_in(employer_user.email, PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Declaraties").click()
    row = page.get_by_role("row").filter(has_text="05-01-2026 t/m 30-01-2026")
    expect(row).to_contain_text("Goedgekeurd")
    expect(row).to_contain_text("2.500,00")
    expect(page.get_by_role("link", name="Exporteren als CSV")).to_be_visible()
    assert_accessible(page, "claims-overview-employer")
