"""The registry of certified professionals in the browser: an employer records an uncertified arbodienst
and is warned; insurer staff see the expiring registrations on the dashboard and cannot assign a casemanager whose
registration expired yesterday. Accessible, no CSP violation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.absence import services
from cases.professionals.models import CasemanagerBasis, CasemanagerRegistration
from tests.conftest import current_totp
from tests.factories import PASSWORD, EmployeeFactory, confirmed_totp_device
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def test_employer_records_an_uncertified_arbodienst_and_is_warned(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    employer_user = make_user(Role.EMPLOYER)
    log_in(employer_user.email, PASSWORD)
    page.get_by_role("link", name="Eigen arbodienst doorgeven").click()
    expect(page).to_have_url(f"{live_server.url}/werkgever/arbodienst/")
    page.get_by_label("Naam van uw arbodienst").fill("Arbo Eigen B.V.")
    page.get_by_label("Certificaatnummer (SBCA of OVAL)").fill("SBCA-1")
    page.get_by_role("button", name="Arbodienst vastleggen").click()
    warning = page.get_by_role("alert").filter(has_text="Let op: uw arbodienst is niet gecertificeerd")
    expect(warning).to_contain_text("Certificaat SBCA-1 van arbodienst Arbo Eigen B.V. staat niet in het register")
    assert_accessible(page, "own-arbodienst")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("alert").filter(has_text="niet gecertificeerd")).to_be_visible()
    assert_accessible(page, "employer-dashboard-warning")


def test_insurer_sees_the_expired_registration_and_cannot_assign_that_casemanager(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    expired = make_user(Role.CASEMANAGER, full_name="Eva Verlopen")
    CasemanagerRegistration.objects.create(
        user=expired,
        basis=CasemanagerBasis.REGISTER,
        register_name="Register Casemanagers",
        register_number="RC-1",
        valid_from=dt.date(2000, 1, 1),
        valid_until=yesterday,
    )
    employee = EmployeeFactory(first_name="Sanne", last_name="de Vries")
    reporter = make_user(Role.EMPLOYER, employer=employee.employer)
    case, _created = services.case_report_sickness(
        reported_by=reporter, employee=employee, first_sick_day=today - dt.timedelta(days=20), expected_duration_days=60
    )
    insurer = make_user(Role.INSURER)
    device = confirmed_totp_device(insurer)

    log_in(insurer.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    page.get_by_role("button", name="Doorgaan").click()
    row = page.get_by_role("row").filter(has_text="Eva Verlopen")
    expect(row).to_contain_text(f"Verlopen op {yesterday:%d-%m-%Y}")
    assert_accessible(page, "insurer-dashboard-registry")

    page.goto(f"{live_server.url}/verzuim/{case.pk}/")
    page.get_by_role("link", name="Casemanager wijzigen").click()
    page.get_by_label("Nieuwe casemanager").select_option(label="Eva Verlopen")
    page.get_by_label("Reden van de wijziging").fill("Vakantie.")
    page.get_by_role("button", name="Casemanager wijzigen").click()
    expect(page.locator("#id_casemanager_error")).to_have_text(
        f"De registratie van Eva Verlopen is verlopen op {yesterday:%d-%m-%Y}; wijs een andere casemanager toe."
    )
    assert_accessible(page, "refused-assignment")
    case.refresh_from_db()
    assert case.casemanager is not None
    assert case.casemanager.full_name == "Carla Casemanager"
