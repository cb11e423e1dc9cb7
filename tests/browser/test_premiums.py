"""Four eyes in the browser: insurer A submits the renewal's draft, insurer B approves it, and the employer reads
the premium explained with their own numbers; every page accessible and without a CSP violation."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from premiums import services
from premiums.models import CalculationStatus, PremiumCalculation
from tests.conftest import current_totp
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, PolicyFactory, confirmed_totp_device
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def log_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()


def test_insurer_a_submits_insurer_b_approves_and_the_employer_reads_the_explanation(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    employer = EmployerFactory(name="Bouwbedrijf De Steiger B.V.", sbi_code="4322")
    for _ in range(5):
        EmployeeFactory(employer=employer, yearly_wage=Decimal(42000), date_of_birth=dt.date(1985, 6, 15))
    PolicyFactory(employer=employer, employer_charges_pct=Decimal(25))
    employer_user = make_user(Role.EMPLOYER, employer=employer)
    anouk = make_user(Role.INSURER, full_name="Anouk Auteur")
    bart = make_user(Role.INSURER, full_name="Bart Beoordelaar")
    devices = {anouk.pk: confirmed_totp_device(anouk), bart.pk: confirmed_totp_device(bart)}
    services.premium_renew(year=2026, today=dt.date(2026, 1, 5))

    def staff_log_in(user: User) -> None:
        log_in(user.email, PASSWORD)
        page.get_by_label("Code uit uw authenticator-app").fill(current_totp(devices[user.pk]))
        page.get_by_role("button", name="Doorgaan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Verzekeraar")

    # Insurer A: the renewal's draft, checked and submitted.
    staff_log_in(anouk)
    page.get_by_role("main").get_by_role("link", name="Premies beoordelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Premies beoordelen")
    page.get_by_role("link", name=re.compile(r"^Nog indienen")).click()
    assert_accessible(page, "premium-queue-drafts")
    page.get_by_role("link", name="Bouwbedrijf De Steiger B.V. 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Premieberekening Bouwbedrijf De Steiger B.V. 2026")
    expect(page.get_by_role("row", name=re.compile(r"^Jaarpremie"))).to_contain_text("11.550,00")
    assert_accessible(page, "premium-calculation-draft")
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("status")).to_contain_text("De berekening is ingediend.")
    expect(page.locator("#author")).to_contain_text("Anouk Auteur")
    expect(page.locator("#four-eyes-notice")).to_contain_text("U hebt deze berekening zelf ingediend.")
    expect(page.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    log_out(page)

    # Insurer B: the submission waits in the queue with its author; approved.
    staff_log_in(bart)
    page.get_by_role("main").get_by_role("link", name="Premies beoordelen").click()
    row = page.get_by_role("row").filter(has_text="Bouwbedrijf De Steiger B.V.")
    expect(row).to_contain_text("Anouk Auteur")
    expect(row).to_contain_text("11.550,00")
    assert_accessible(page, "premium-queue")
    row.get_by_role("link").click()
    assert_accessible(page, "premium-calculation-submitted")
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page).to_have_url(f"{live_server.url}/premies/beoordelen/")
    expect(page.get_by_role("status")).to_contain_text("De premie 2026 van Bouwbedrijf De Steiger B.V. is goedgekeurd.")
    calculation = PremiumCalculation.objects.get()
    assert (calculation.status, calculation.submitted_by, calculation.reviewed_by) == (
        CalculationStatus.APPROVED,
        anouk,
        bart,
    )
    log_out(page)

    # The employer: dashboard → premium, explained with their numbers.
    log_in(employer_user.email, PASSWORD)
    page.get_by_role("link", name="Premie bekijken").click()
    expect(page).to_have_url(f"{live_server.url}/premie/")
    expect(page.get_by_role("heading", level=2, name="Premie 2026")).to_be_visible()
    explanation = page.locator("ol.explanation")
    expect(explanation).to_contain_text("Uw verzuim telt voor 15% mee omdat u op de peildatum 5 verzekerde medewerkers")
    expect(explanation).to_contain_text("De begrenzing was niet nodig.")
    expect(explanation).to_contain_text("Uw premie voor 2026: € 11.550,00.")
    assert_accessible(page, "premium-employer")


def test_a_stale_calculation_is_approved_only_with_the_box_ticked_and_the_employer_reads_why(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    employer = EmployerFactory(name="Bouwbedrijf De Steiger B.V.", sbi_code="4322")
    for _ in range(5):
        EmployeeFactory(employer=employer, yearly_wage=Decimal(42000), date_of_birth=dt.date(1985, 6, 15))
    policy = PolicyFactory(employer=employer, employer_charges_pct=Decimal(25))
    employer_user = make_user(Role.EMPLOYER, employer=employer)
    anouk = make_user(Role.INSURER, full_name="Anouk Auteur")
    bart = make_user(Role.INSURER, full_name="Bart Beoordelaar")
    device = confirmed_totp_device(bart)
    calculation = services.premium_calculate(calculated_by=anouk, policy=policy, year=2026, today=dt.date(2026, 1, 5))
    # After the calculation the employer enters an employee who was already employed on 1 January 2026.
    EmployeeFactory(employer=employer, yearly_wage=Decimal(42000), employment_start=dt.date(2025, 9, 1))

    log_in(bart.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.goto(f"{live_server.url}/premies/beoordelen/")
    row = page.get_by_role("row").filter(has_text="Bouwbedrijf De Steiger B.V.")
    expect(row).to_contain_text("Gegevens gewijzigd")
    expect(row.get_by_role("button", name=re.compile(r"^Opnieuw berekenen"))).to_be_visible()
    assert_accessible(page, "premium-queue-stale")
    row.get_by_role("link").click()
    expect(page.locator("#stale-warning")).to_contain_text(
        "verzekerde werknemers op de peildatum 01-01-2026: toen 5, nu 6"
    )
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.locator(".field-error")).to_contain_text("De gegevens van de werkgever zijn gewijzigd")
    assert_accessible(page, "premium-calculation-stale-refused")
    calculation.refresh_from_db()
    assert calculation.status == CalculationStatus.SUBMITTED
    page.get_by_label("Ik heb gezien dat de gegevens van de werkgever zijn gewijzigd").check()
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page).to_have_url(f"{live_server.url}/premies/beoordelen/")
    calculation.refresh_from_db()
    assert calculation.status == CalculationStatus.APPROVED
    log_out(page)

    log_in(employer_user.email, PASSWORD)
    page.goto(f"{live_server.url}/premie/")
    note = page.locator(f"#headcount-note-{calculation.pk}")
    expect(note).to_contain_text("Deze premie is berekend met 5 verzekerde medewerkers")
    expect(note).to_contain_text("In uw personeelsoverzicht staan nu 6 medewerkers in dienst.")
    assert_accessible(page, "premium-employer-headcount-note")
