"""Employee accounts in the browser (issue 22, item 1): the employer user invites the employee from the dossier,
the employee sets a password through the mailed link and lands on Mijn verzuim; then logs in with it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import CHROMIUM, PageWatch
from tests.cases.factories import make_case
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory
from verzuim.mail import mail_send_pending
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]
NEW_PASSWORD = "een-lang-nieuw-wachtwoord-7"


def test_employer_invites_employee_sets_a_password_and_sees_mijn_verzuim(
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
    employer = EmployerFactory(name="Bakkerij De Korenschoof", casemanager=casemanager)
    employer_user = make_user(Role.EMPLOYER, employer=employer, full_name="Wim Werkgever")
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    case = make_case(employee=employee, reported_by=employer_user, days_sick=30, phone="06 12345678")

    log_in(employer_user.email, PASSWORD)
    page.goto(f"/verzuim/{case.pk}/")
    page.get_by_role("link", name="Werknemer uitnodigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werknemer uitnodigen")
    assert_accessible(page, "employee-invitation-page")
    page.get_by_label("E-mailadres van de werknemer").fill("sanne@prive.example.nl")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_contain_text("krijgt een e-mail met een link om een wachtwoord in te stellen")

    mail_send_pending()  # the outbox's beat job
    (message,) = mail.outbox
    assert "de Vries" not in message.body
    assert "Korenschoof" not in message.body
    match = re.search(r"/werknemer/account/[A-Za-z0-9_-]{43}/", message.body)
    assert match, message.body
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    employee_page = context.new_page()
    employee_page.on("console", page_watch.on_console)
    employee_page.on("pageerror", page_watch.on_page_error)
    employee_page.on("response", page_watch.on_response)
    try:
        employee_page.goto(match.group(0))
        expect(employee_page.get_by_role("heading", level=1)).to_have_text("Wachtwoord instellen")
        assert_accessible(employee_page, "employee-account-activate")
        employee_page.locator("#id_new_password1").fill(NEW_PASSWORD)
        employee_page.locator("#id_new_password2").fill(NEW_PASSWORD)
        employee_page.get_by_role("button", name="Wachtwoord opslaan").click()
        expect(employee_page.get_by_role("heading", level=1)).to_have_text("Mijn verzuim")
        main = employee_page.get_by_role("main")
        expect(main).to_contain_text(case.first_sick_day.strftime("%d-%m-%Y"))
        expect(main).to_contain_text("Carla Casemanager")
        expect(main).not_to_contain_text("06 12345678")
        assert_accessible(employee_page, "employee-dashboard")
        # The link worked once.
        page_watch.expect_not_found(match.group(0))
        employee_page.goto(match.group(0))
        expect(employee_page.get_by_role("heading", level=1)).to_have_text("Deze link is niet (meer) geldig")
    finally:
        context.close()

    # The password works on the login page.
    page.get_by_role("button", name="Uitloggen").click()
    log_in("sanne@prive.example.nl", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn verzuim")
