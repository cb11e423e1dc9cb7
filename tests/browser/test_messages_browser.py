"""The case conversation and the confidential physician thread in the browser (issue 22 item 3): the employee
writes in the case thread from Mijn verzuim, the employer and the casemanager read it in the dossier's tab
*Berichten* (the casemanager makes it a task); the employee writes the physician in the confidential thread, the
physician answers from the medical compartment and the employee reads the answer. The employer and the casemanager
never reach the confidential thread (404). Keyboard-free of scripts, 390 px wide for the employee, axe-clean."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.medical.models import PhysicianMessage
from cases.messages.models import CaseMessage
from tests.browser.conftest import PageWatch
from tests.cases.factories import employer_user_for, make_case
from tests.conftest import current_totp
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, UserFactory, confirmed_totp_device
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]


def _staff_in(page: Page, log_in: LogIn, user: User) -> None:
    device = confirmed_totp_device(user)
    log_in(user.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    page.get_by_role("button", name="Doorgaan").click()


def _switch(page: Page) -> None:
    page.context.clear_cookies()


def test_employee_employer_casemanager_and_physician_talk(
    page: Page,
    live_server: LiveServer,
    log_in: LogIn,
    assert_accessible: Check,
    page_watch: PageWatch,
    settings: object,
) -> None:
    casemanager = cast(User, UserFactory(role=Role.CASEMANAGER, full_name="Carla Casemanager"))
    physician = cast(User, UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN, full_name="Bram Bedrijfsarts"))
    employer = EmployerFactory(casemanager=casemanager, occupational_physician=physician)
    employee = EmployeeFactory(employer=employer, first_name="Eva", last_name="Zieker")
    case = make_case(employee=employee, days_sick=10)
    employer_user = employer_user_for(employer)
    eva = cast(User, UserFactory(role=Role.EMPLOYEE, employee=employee, full_name="Eva Zieker"))

    # The employee, on a phone: Mijn verzuim, Berichten, an empty message first.
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(eva.email, PASSWORD)
    page.get_by_role("link", name=re.compile(r"^Berichten")).click()
    expect(page).to_have_url(f"{live_server.url}/mijn-verzuim/{case.pk}/berichten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")
    expect(page.locator("#thread-notice")).to_contain_text("Zet hier geen medische gegevens")
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("#id_text_error")).to_contain_text("Schrijf een bericht.")
    page.get_by_label("Uw bericht").fill("Ik kan vanaf maandag halve dagen werken.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Uw bericht is verstuurd.")).to_be_visible()
    expect(page.locator(".message-list")).to_contain_text("Ik kan vanaf maandag halve dagen werken.")
    expect(page.locator(".message-receipt")).to_have_text("Nog niet gelezen")
    assert_accessible(page, "employee-case-thread")

    # The confidential thread: the notice says who reads it.
    page.goto("/")
    page.get_by_role("link", name=re.compile(r"^Vertrouwelijk met de bedrijfsarts")).click()
    expect(page.locator("#thread-confidential")).to_contain_text("alleen u en de bedrijfsarts")
    page.get_by_label("Uw bericht").fill("Mag ik weer sporten met mijn knie?")
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator(".message-list")).to_contain_text("Mag ik weer sporten met mijn knie?")
    assert_accessible(page, "employee-physician-thread")
    assert CaseMessage.objects.count() == 1
    assert PhysicianMessage.objects.count() == 1

    # The employer user reads the case thread in the dossier; the confidential thread does not exist for them.
    _switch(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(employer_user.email, PASSWORD)
    page.goto(f"/verzuim/{case.pk}/")
    page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role("link", name="Berichten").click()
    expect(page.locator(".message-list")).to_contain_text("Ik kan vanaf maandag halve dagen werken.")
    expect(page.locator(".message-list")).not_to_contain_text("sporten")
    page_watch.expect_not_found(f"/verzuim/{case.pk}/medisch/berichten/")
    page_watch.expect_not_found(f"/mijn-verzuim/{case.pk}/bedrijfsarts/")
    assert page.goto(f"/verzuim/{case.pk}/medisch/berichten/").status == 404  # type: ignore[union-attr]
    assert page.goto(f"/mijn-verzuim/{case.pk}/bedrijfsarts/").status == 404  # type: ignore[union-attr]

    # The casemanager reads it too and makes it a task.
    _switch(page)
    _staff_in(page, log_in, casemanager)
    page.goto(f"/verzuim/{case.pk}/berichten/")
    expect(page.locator(".message-list")).to_contain_text("Ik kan vanaf maandag halve dagen werken.")
    expect(page.locator(".message-list")).not_to_contain_text("sporten")
    page.get_by_role("button", name=re.compile(r"^Maak er een taak van")).click()
    expect(page.get_by_text("Het bericht staat als taak in Mijn taken.")).to_be_visible()
    assert_accessible(page, "casemanager-case-thread")
    assert page.goto(f"/verzuim/{case.pk}/medisch/berichten/").status == 404  # type: ignore[union-attr]

    # The physician answers from the medical compartment.
    _switch(page)
    _staff_in(page, log_in, physician)
    page.goto(f"/verzuim/{case.pk}/medisch/")
    page.get_by_role("link", name="Berichten van en aan de werknemer").click()
    expect(page.locator(".message-list")).to_contain_text("Mag ik weer sporten met mijn knie?")
    page.get_by_label("Uw bericht").fill("Ja, bouw het rustig op; we bespreken het op het spreekuur.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator(".message-list")).to_contain_text("bouw het rustig op")
    assert_accessible(page, "physician-thread")

    # The employee reads the answer, and sees that the physician read her message.
    _switch(page)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(eva.email, PASSWORD)
    page.goto(f"/mijn-verzuim/{case.pk}/bedrijfsarts/")
    expect(page.locator(".message-list")).to_contain_text("bouw het rustig op")
    expect(page.locator(".message-receipt")).to_contain_text("Gelezen door Bram Bedrijfsarts")
    page.goto(f"/mijn-verzuim/{case.pk}/berichten/")
    expect(page.locator(".message-receipt")).to_contain_text("Gelezen door")
    expect(page.locator(".message-receipt")).to_contain_text("Carla Casemanager")
