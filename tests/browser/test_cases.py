"""An employer reports sickness in the browser and sees the case; the casemanager finds it in the caseload;
another employer's user gets the Dutch 404 page on the case URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.absence.models import AbsenceCase, Step, StepState
from tests.browser.conftest import PageWatch
from tests.conftest import current_totp
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, confirmed_totp_device
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def log_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()


def test_employer_reports_sickness_casemanager_sees_it_other_employer_gets_404(
    page: Page,
    live_server: LiveServer,
    page_watch: PageWatch,
    make_user: MakeUser,
    log_in: LogIn,
    assert_accessible: Check,
) -> None:
    casemanager = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    device = confirmed_totp_device(casemanager)
    employer = EmployerFactory(name="Bakkerij De Korenschoof", casemanager=casemanager)
    employer_user = make_user(Role.EMPLOYER, employer=employer)
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    other_employer_user = make_user(Role.EMPLOYER, employer=EmployerFactory())
    first_sick_day = timezone.localdate() - dt.timedelta(days=2)

    # The employer: dashboard → "Ziek melden" → fill in → submit.
    log_in(employer_user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakkerij De Korenschoof")
    page.get_by_role("main").get_by_role("link", name="Ziek melden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ziek melden")
    expect(page.get_by_label("Eerste ziektedag")).to_have_value(f"{timezone.localdate():%Y-%m-%d}")
    assert_accessible(page, "sickness-form")
    page.get_by_label("Werknemer").select_option(label=f"Sanne de Vries ({employee.personnel_number})")
    page.get_by_label("Eerste ziektedag").fill(f"{first_sick_day:%Y-%m-%d}")
    page.get_by_label("Telefoonnummer tijdens ziekte").fill("06 12345678")
    page.get_by_role("group", name="Is het verzuim het gevolg van een bedrijfsongeval?").get_by_label("Nee").check()
    page.get_by_role("button", name="Ziekmelding versturen").click()

    case = AbsenceCase.objects.get()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/")
    expect(page.get_by_role("status")).to_have_text("De ziekmelding van Sanne de Vries is vastgelegd.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzuim Sanne de Vries")
    next_step = Step.objects.filter(case=case, state=StepState.OPEN, due_date__isnull=False).order_by("due_date")[0]
    assert next_step.due_date is not None
    expect(page.locator("#volgende-termijn")).to_contain_text(f"{next_step.title}: {next_step.due_date.day} ")
    expect(page.get_by_role("row", name="Probleemanalyse")).to_contain_text("Bedrijfsarts")
    assert_accessible(page, "case-page")
    log_out(page)

    # The casemanager: password, then the code from the authenticator, then the caseload.
    log_in(casemanager.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkvoorraad").click()
    expect(page).to_have_url(f"{live_server.url}/werkvoorraad/")
    row = page.get_by_role("row").filter(has_text="Sanne de Vries")
    expect(row.get_by_role("cell").nth(1)).to_have_text("Bakkerij De Korenschoof")
    expect(row.get_by_role("cell").nth(2)).to_have_text(f"{first_sick_day:%d-%m-%Y}")
    expect(row.get_by_role("cell").nth(3)).to_have_text("3")
    expect(row.get_by_role("cell").nth(5)).to_have_text(f"{next_step.title}: {next_step.due_date:%d-%m-%Y}")
    assert_accessible(page, "caseload")
    row.get_by_role("link", name="Sanne de Vries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzuim Sanne de Vries")
    log_out(page)

    # Another employer's user: the case does not exist for them.
    log_in(other_employer_user.email, PASSWORD)
    path = f"/verzuim/{case.pk}/"
    page_watch.expect_not_found(path)
    response = page.goto(path)
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    expect(page.locator("body")).not_to_contain_text("de Vries")
