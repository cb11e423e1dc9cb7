"""The income conversation in the browser: the casemanager fills the short form with the employee, sees the chart
and the table, records the conversation and mails the link; the employee opens the link (no login) in another
browser and sees the same figures. Every page passes axe (no serious or critical findings) under the strict CSP.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.absence.models import Step, StepState
from cases.income.models import IncomeConversation
from tests.browser.conftest import CHROMIUM, PageWatch
from tests.cases.factories import make_case
from tests.conftest import current_totp
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, confirmed_totp_device
from verzuim.mail import mail_send_pending
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[..., None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]
TOKEN_IN_MAIL = re.compile(r"/werknemer/inkomen/[A-Za-z0-9_-]{43}/")
PHASES = [
    "Eerste ziektejaar",
    "Tweede ziektejaar",
    "WGA-loongerelateerde uitkering, eerste 2 maanden",
    "WGA-loongerelateerde uitkering",
    "WGA-loonaanvullingsuitkering",
]


def test_casemanager_calculates_and_records_then_the_employee_opens_the_link(
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
    case = make_case(employee=employee, reported_by=employer_user, days_sick=340)

    log_in(casemanager.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.goto(f"/verzuim/{case.pk}/")
    page.get_by_role("link", name="Gesprek over de inkomensgevolgen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzuim Sanne de Vries")
    expect(page.get_by_role("heading", level=2, name="Inkomensgevolgen Sanne de Vries")).to_be_visible()
    assert_accessible(page, "income-empty", contrast_reviewed=True)

    page.get_by_label("Bruto maandloon").fill("4000,00")
    page.get_by_label("Peildatum").fill("2026-06-01")
    page.get_by_label("Arbeidsverleden in jaren").fill("12")
    page.get_by_label("Verwachte arbeidsongeschiktheid (%)").fill("50")
    page.get_by_role("group", name="Is de arbeidsongeschiktheid blijvend?").get_by_label("Nee").check()
    page.get_by_label("Wat u nog kunt verdienen per maand").fill("2000")
    page.get_by_label("Wat u verwacht te verdienen per maand").fill("1000,00")
    page.get_by_role("button", name="Bereken").click()

    chart = page.get_by_role("img", name=re.compile("Uw inkomen per maand van ziekte"))
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Uw inkomen per fase")
    expect(table.locator("tbody tr")).to_have_count(5)
    expect(table.locator("tbody th")).to_have_text(PHASES)
    expect(table.locator("tbody tr").first).to_contain_text("€ 2.800,00")
    expect(table.locator("tbody tr").last).to_contain_text("€ 1.400,00")
    expect(page.get_by_text("Er is niets opgeslagen.")).to_be_visible()
    assert not IncomeConversation.objects.exists()
    assert_accessible(page, "income-calculated", contrast_reviewed=True)

    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_role("status").first).to_contain_text("Het gesprek over de inkomensgevolgen is vastgelegd.")
    assert Step.objects.get(case=case, code="income_insight").state == StepState.DONE
    expect(page.get_by_role("link", name="Handout (PDF)")).to_be_visible()

    page.get_by_label("E-mailadres van de werknemer").fill("sanne@example.nl")
    page.get_by_role("button", name="Stuur link naar werknemer").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "De link naar dit overzicht wordt binnen een minuut per e-mail verstuurd naar sanne@example.nl."
    )
    assert_accessible(page, "income-recorded", contrast_reviewed=True)

    # The employee, in a browser of their own, without logging in.
    mail_send_pending()  # the outbox's beat job
    match = TOKEN_IN_MAIL.search(mail.outbox[-1].body)
    assert match
    employee_context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    employee_context.set_default_timeout(5_000)
    employee_page = employee_context.new_page()
    employee_page.on("console", page_watch.on_console)
    employee_page.on("pageerror", page_watch.on_page_error)
    employee_page.on("response", page_watch.on_response)
    try:
        employee_page.goto(match.group(0))
        expect(employee_page.get_by_role("heading", level=1)).to_have_text("Uw inkomen tijdens en na ziekte")
        assert_accessible(employee_page, "income-employee-intro", contrast_reviewed=True)
        employee_page.get_by_role("button", name="Toon mijn overzicht").click()
        employee_table = employee_page.get_by_role("table", name="Uw inkomen per fase")
        expect(employee_table.locator("tbody th")).to_have_text(PHASES)
        expect(employee_page.get_by_role("img", name=re.compile("Uw inkomen per maand van ziekte"))).to_be_visible()
        expect(employee_page.get_by_role("link", name="Download als PDF")).to_be_visible()
        assert_accessible(employee_page, "income-employee", contrast_reviewed=True)

        # Trying other numbers shows their effect and saves nothing.
        employee_page.get_by_label("Verwachte arbeidsongeschiktheid (%)").fill("90")
        employee_page.get_by_role("group", name="Is de arbeidsongeschiktheid blijvend?").get_by_label("Ja").check()
        employee_page.get_by_role("button", name="Bereken").click()
        expect(employee_table.locator("tbody th")).to_have_text(
            ["Eerste ziektejaar", "Tweede ziektejaar", "IVA-uitkering"]
        )
        assert IncomeConversation.objects.get().durable is False
    finally:
        employee_context.close()

    # The link is used: a third browser gets the invalid-link page.
    page_watch.expect_not_found(match.group(0))
    other = browser.new_context(base_url=live_server.url, locale="nl-NL")
    try:
        other_page = other.new_page()
        other_page.goto(match.group(0))
        expect(other_page.get_by_role("heading", level=1)).to_have_text("Deze link is niet (meer) geldig")
    finally:
        other.close()
