"""The premium simulator in the browser: the employer opens it from its premium page, changes a sick employee's
expected recovery and sees the new premium, live with htmx and by a form submit with JavaScript off; axe passes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cases.absence.models import AbsenceCase, SickPeriod
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, PolicyFactory
from tests.premiums.test_simulator import parameters_up_to_this_year
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def sick_firm(make_user: MakeUser) -> tuple[User, AbsenceCase]:
    parameters_up_to_this_year()
    employer = EmployerFactory.create(name="Bouwbedrijf De Steiger B.V.", sbi_code="4322")
    employees = [
        EmployeeFactory.create(
            employer=employer,
            yearly_wage=Decimal(42000),
            date_of_birth=dt.date(1985, 6, 15),
            employment_start=dt.date(2020, 1, 1),
            weekly_hours=Decimal(40),
        )
        for _ in range(5)
    ]
    PolicyFactory(employer=employer, start_date=dt.date(2024, 1, 1), employer_charges_pct=Decimal(25))
    user = make_user(Role.EMPLOYER, employer=employer)
    first = timezone.localdate() - dt.timedelta(days=30)
    case = AbsenceCase.objects.create(
        employee=employees[0], employer=employer, first_sick_day=first, reported_by=user, expected_duration_days=44
    )
    SickPeriod.objects.create(case=case, start=first, end=None)
    return user, case


def premium_text(page: Page) -> str:
    return page.locator("#simulatie-premie").inner_text()


def test_the_employer_changes_a_recovery_and_sees_the_new_premium_live(
    page: Page, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    user, case = sick_firm(make_user)
    log_in(user.email, PASSWORD)
    page.goto("/premie/")
    page.get_by_role("link", name="Premie voor volgend jaar doorrekenen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("doorrekenen")
    weeks = page.get_by_label(re.compile(r"hersteld over \(weken\)"))
    expect(weeks).to_have_value("2")  # 44 days from the first sick day, 30 days ago: 14 days from today
    assert_accessible(page, "premium-simulator")
    before = premium_text(page)

    weeks.fill("3")  # longer: the rest of the year still holds it
    expect(page.locator("#simulatie-verzuim-tabel")).to_contain_text("3 weken")
    after = premium_text(page)
    assert after != before
    assert page.url.endswith(f"weken_{case.pk}=3") or f"weken_{case.pk}=3" in page.url  # hx-push-url
    assert_accessible(page, "premium-simulator-updated")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than a phone
    assert_accessible(page, "premium-simulator-phone")


def test_without_javascript_the_form_submits_and_the_page_shows_the_new_premium(
    browser: Browser, live_server: Any, make_user: MakeUser
) -> None:
    user, case = sick_firm(make_user)
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    try:
        page = context.new_page()
        page.goto("/inloggen/")
        page.get_by_label("E-mailadres").fill(user.email)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Inloggen").click()
        page.goto("/premie/doorrekenen/")
        before = premium_text(page)
        page.get_by_label(re.compile(r"hersteld over \(weken\)")).fill("0")
        with page.expect_navigation():
            page.get_by_role("button", name="Doorrekenen").click()
        assert f"weken_{case.pk}=0" in page.url
        expect(page.locator("#simulatie-verzuim-tabel")).to_contain_text("0 weken")
        assert premium_text(page) != before
    finally:
        context.close()
