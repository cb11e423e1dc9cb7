"""The plan van aanpak in the browser: the casemanager drafts it and mails the employee a link, the employer signs
in the portal, the employee signs through the link from the e-mail (no login); the action-plan step is done."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.absence.models import Step, StepState
from cases.documents.models import DocumentState, ReintegrationDocument
from tests.browser.conftest import CHROMIUM, PageWatch
from tests.cases.factories import make_case
from tests.conftest import current_totp
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, confirmed_totp_device
from verzuim.mail import mail_send_pending
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def log_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()


def test_casemanager_drafts_employer_signs_employee_signs_through_the_mailed_link(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    page_watch: PageWatch,
    make_user: MakeUser,
    log_in: LogIn,
    assert_accessible: Check,
) -> None:
    assert CHROMIUM.exists()
    casemanager = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    device = confirmed_totp_device(casemanager)
    employer = EmployerFactory(name="Bakkerij De Korenschoof", casemanager=casemanager)
    employer_user = make_user(Role.EMPLOYER, employer=employer, full_name="Wim Werkgever")
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    case = make_case(employee=employee, reported_by=employer_user, days_sick=30, phone="06 12345678")
    in_a_week = timezone.localdate() + dt.timedelta(days=7)

    # The casemanager drafts the plan from the case page.
    log_in(casemanager.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.goto(f"/verzuim/{case.pk}/")
    page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role("link", name="Documenten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzuim Sanne de Vries")
    expect(page.get_by_role("heading", level=2, name="Re-integratieverslag Sanne de Vries")).to_be_visible()
    assert_accessible(page, "documents-overview")
    page.get_by_role("link", name="Plan van aanpak opstellen", exact=True).click()
    expect(page.locator("#id_casemanager")).to_have_value("Carla Casemanager")
    goal = page.get_by_role("group", name="Doel van de re-integratie")
    goal.get_by_label("Terugkeer in aangepast eigen werk").check()
    page.get_by_label("Toelichting op het doel").fill("Terug in de bakkerij, eerst 4 uur per dag zonder tillen.")
    page.get_by_label("Contactmomenten en evaluatieafspraken").fill("Elke week telefonisch contact.")
    page.get_by_label("Advies van de bedrijfsarts waarop dit plan is gebaseerd").fill("Opbouwen in uren.")
    page.get_by_label("Activiteit 1: Wat").fill("Start met 4 uur per dag aan de toonbank")
    page.get_by_label("Activiteit 1: Wie").select_option(label="Werknemer")
    page.get_by_label("Activiteit 1: Wanneer").fill(f"{in_a_week:%Y-%m-%d}")
    assert_accessible(page, "plan-form")
    page.get_by_role("button", name="Plan opslaan").click()

    plan = ReintegrationDocument.objects.get()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/documenten/{plan.pk}/")
    expect(page.get_by_role("status")).to_have_text(
        "Plan van aanpak is opgeslagen (versie 1). Werkgever en werknemer ondertekenen het."
    )
    expect(page.locator("#document-status")).to_have_text("Te ondertekenen")
    page.get_by_label("E-mailadres van de werknemer").fill("sanne@example.nl")
    page.get_by_role("button", name="Link versturen").click()
    expect(page.get_by_role("status")).to_have_text(
        "De link om te ondertekenen wordt binnen een minuut per e-mail verstuurd naar sanne@example.nl."
    )
    assert_accessible(page, "plan-page")
    log_out(page)

    # The employer signs in the portal.
    log_in(employer_user.email, PASSWORD)
    page.goto(f"/verzuim/{case.pk}/documenten/{plan.pk}/")
    expect(page.locator("#handtekening-werkgever")).to_have_text("Nog niet ondertekend")
    page.get_by_role("button", name="Ondertekenen als werkgever").click()
    expect(page.get_by_role("status")).to_have_text(
        "U hebt het plan van aanpak ondertekend. De werknemer moet nog ondertekenen."
    )
    expect(page.locator("#handtekening-werkgever")).to_contain_text("Ondertekend door Wim Werkgever op")
    log_out(page)

    # The employee opens the link from the e-mail in a browser without a session.
    mail_send_pending()  # the outbox's beat job
    (message,) = mail.outbox
    match = re.search(r"/werknemer/[A-Za-z0-9_-]{43}/", message.body)
    assert match, message.body
    employee_context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    employee_page = employee_context.new_page()
    employee_page.on("console", page_watch.on_console)
    employee_page.on("pageerror", page_watch.on_page_error)
    employee_page.on("response", page_watch.on_response)
    try:
        employee_page.goto(match.group(0))
        expect(employee_page.get_by_role("heading", level=1)).to_have_text("Plan van aanpak ondertekenen")
        expect(employee_page.get_by_role("main")).to_contain_text("Start met 4 uur per dag aan de toonbank")
        expect(employee_page.get_by_role("navigation")).to_have_count(0)
        # No link into the portal: the only link is the public accessibility statement in the footer (issue 24).
        expect(employee_page.get_by_role("main").get_by_role("link")).to_have_count(0)
        expect(employee_page.get_by_role("link")).to_have_count(1)
        expect(employee_page.get_by_role("contentinfo").get_by_role("link")).to_have_text("Toegankelijkheid")
        expect(employee_page.locator("body")).not_to_contain_text("06 12345678")
        assert_accessible(employee_page, "employee-sign-page")
        employee_page.get_by_label("Uw volledige naam").fill("Sanne de Vries")
        employee_page.get_by_label("Ik heb dit plan van aanpak gelezen en ga ermee akkoord.").check()
        employee_page.get_by_role("button", name="Ondertekenen").click()
        expect(employee_page.get_by_role("heading", level=1)).to_have_text("Dank u wel")
        assert_accessible(employee_page, "employee-sign-done")
    finally:
        employee_context.close()

    plan.refresh_from_db()
    assert plan.state == DocumentState.FINAL
    action_plan = Step.objects.get(case=case, code="action_plan")
    assert (action_plan.state, action_plan.completed_on, action_plan.completed_by) == (
        StepState.DONE,
        timezone.localdate(),
        casemanager,
    )

    # Back in the portal the plan shows both signatures.
    log_in(employer_user.email, PASSWORD)
    page.goto(f"/verzuim/{case.pk}/documenten/{plan.pk}/")
    expect(page.locator("#document-status")).to_have_text("Definitief")
    expect(page.locator("#handtekening-werknemer")).to_contain_text("Ondertekend door Sanne de Vries op")
