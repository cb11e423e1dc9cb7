"""The employee's journey in the browser (issue 22, the acceptance journey): the casemanager invites the employee, the
employee sets a password, sees the plan van aanpak as the first thing to do, reads and signs it in the portal and
sends a message in the case's conversation; the employer and the casemanager see the message and the signature; the
employee writes the physician in the confidential thread and the physician answers."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import CHROMIUM, PageWatch
from tests.browser.journeys_helpers import log_in_staff, log_out, plan_signed_by_the_employer
from tests.cases.factories import make_case
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory
from verzuim.mail import mail_send_pending
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[..., None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]
NEW_PASSWORD = "een-lang-nieuw-wachtwoord-7"


def test_the_employee_signs_the_plan_in_mijn_verzuim_and_employer_and_casemanager_see_it(
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
    physician = make_user(Role.OCCUPATIONAL_PHYSICIAN, full_name="Bram Bedrijfsarts")
    employer = EmployerFactory(
        name="Bakkerij De Korenschoof", casemanager=casemanager, occupational_physician=physician
    )
    employer_user = make_user(Role.EMPLOYER, employer=employer, full_name="Wim Werkgever")
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    case = make_case(employee=employee, reported_by=employer_user, days_sick=40, phone="06 12345678")
    plan = plan_signed_by_the_employer(case=case, casemanager=casemanager, employer_user=employer_user)

    # The casemanager invites the employee from the dossier.
    log_in_staff(page, log_in, casemanager)
    page.goto(f"/verzuim/{case.pk}/werknemer-uitnodigen/")
    page.get_by_label("E-mailadres van de werknemer").fill("sanne@prive.example.nl")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_contain_text("krijgt een e-mail met een link")
    mail_send_pending()
    (message,) = mail.outbox
    match = re.search(r"/werknemer/account/[A-Za-z0-9_-]{43}/", message.body)
    assert match, message.body

    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    employee_page = context.new_page()
    employee_page.on("console", page_watch.on_console)
    employee_page.on("pageerror", page_watch.on_page_error)
    employee_page.on("response", page_watch.on_response)
    try:
        employee_page.goto(match.group(0))
        employee_page.locator("#id_new_password1").fill(NEW_PASSWORD)
        employee_page.locator("#id_new_password2").fill(NEW_PASSWORD)
        employee_page.get_by_role("button", name="Wachtwoord opslaan").click()
        expect(employee_page.get_by_role("heading", level=1)).to_have_text("Mijn verzuim")
        employee_page.get_by_role("link", name=re.compile("dossier openen")).click()

        # Mijn verzuim for the case: the plan is the first thing to do.
        expect(employee_page.get_by_role("heading", level=1)).to_have_text("Mijn verzuim")
        todo = employee_page.locator("#te-doen-lijst")
        expect(todo).to_contain_text("Plan van aanpak lezen en ondertekenen")
        expect(todo).to_contain_text("Uw werkgever heeft al ondertekend.")
        expect(employee_page.get_by_role("main")).to_contain_text("week 6 van de 104 weken")
        expect(employee_page.get_by_role("main")).not_to_contain_text("06 12345678")
        assert_accessible(employee_page, "own-dossier", contrast_reviewed=True)
        employee_page.set_viewport_size({"width": 390, "height": 844})
        assert employee_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        employee_page.set_viewport_size({"width": 1280, "height": 900})

        todo.get_by_role("link", name=re.compile("Lezen en ondertekenen")).click()
        expect(employee_page.get_by_role("heading", level=1)).to_have_text("Plan van aanpak")
        expect(employee_page.get_by_role("main")).to_contain_text("Terug in eigen werk als bakker")
        assert_accessible(employee_page, "own-document-sign")
        # With the keyboard: the sign button is reachable and works with Enter.
        button = employee_page.get_by_role("button", name="Ondertekenen")
        button.focus()
        employee_page.keyboard.press("Enter")
        expect(employee_page.get_by_role("status")).to_contain_text(
            "U hebt het plan ondertekend. Het is nu definitief."
        )
        expect(employee_page.locator("#handtekening-werknemer")).to_contain_text("Ondertekend door Sanne de Vries")

        # A message to employer and casemanager, and a confidential one to the physician.
        employee_page.goto(f"/mijn-verzuim/{case.pk}/berichten/")
        employee_page.get_by_label("Uw bericht").fill("Ik heb het plan ondertekend. Start ik maandag?")
        employee_page.get_by_role("button", name="Versturen").click()
        expect(employee_page.locator(".message-list")).to_contain_text("Start ik maandag?")
        employee_page.goto(f"/mijn-verzuim/{case.pk}/bedrijfsarts/")
        employee_page.get_by_label("Uw bericht").fill("Mag ik mijn medicijnen op het werk innemen?")
        employee_page.get_by_role("button", name="Versturen").click()
        expect(employee_page.locator(".message-list")).to_contain_text("medicijnen")
    finally:
        context.close()

    # The casemanager and the employer see the employee's signature and message, not the confidential one.
    page.goto(f"/verzuim/{case.pk}/documenten/{plan.pk}/")
    expect(page.locator("#handtekening-werknemer")).to_contain_text("Ondertekend door Sanne de Vries")
    expect(page.locator("#document-status")).to_contain_text("Definitief")
    page.goto(f"/verzuim/{case.pk}/berichten/")
    expect(page.locator(".message-list")).to_contain_text("Start ik maandag?")
    expect(page.get_by_role("main")).not_to_contain_text("medicijnen")
    log_out(page)
    log_in(employer_user.email, PASSWORD)
    page.goto(f"/verzuim/{case.pk}/documenten/{plan.pk}/")
    expect(page.locator("#handtekening-werknemer")).to_contain_text("Ondertekend door Sanne de Vries")
    page.goto(f"/verzuim/{case.pk}/berichten/")
    expect(page.locator(".message-list")).to_contain_text("Start ik maandag?")
    expect(page.get_by_role("main")).not_to_contain_text("medicijnen")

    # The physician answers in the confidential thread; the employee reads the answer.
    log_out(page)
    log_in_staff(page, log_in, physician)
    page.goto(f"/verzuim/{case.pk}/medisch/berichten/")
    expect(page.locator(".message-list")).to_contain_text("medicijnen")
    page.get_by_label("Uw bericht").fill("Ja, dat mag. We bespreken het op het spreekuur.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator(".message-list")).to_contain_text("We bespreken het op het spreekuur.")
    log_out(page)
    log_in("sanne@prive.example.nl", NEW_PASSWORD)
    page.goto(f"/mijn-verzuim/{case.pk}/bedrijfsarts/")
    expect(page.locator(".message-list")).to_contain_text("We bespreken het op het spreekuur.")
