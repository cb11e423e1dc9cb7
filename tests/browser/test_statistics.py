"""An employer opens the Verzuimcijfers from the dashboard: the year figures, the monthly chart (inline SVG) and
the table with the same numbers, accessible and without a single CSP violation; then the previous year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.absence import services
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[..., None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def test_employer_opens_the_statistics_from_the_dashboard(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    today = timezone.localdate()
    employer = EmployerFactory(name="Bakkerij De Korenschoof")
    employer_user = make_user(Role.EMPLOYER, employer=employer)
    anna = EmployeeFactory(employer=employer, weekly_hours=Decimal(40), employment_start=dt.date(2020, 1, 1))
    EmployeeFactory(employer=employer, weekly_hours=Decimal(40), employment_start=dt.date(2020, 1, 1))
    # Anna has been sick since the first of this month: half of the (full-time) team for the days so far.
    services.case_report_sickness(reported_by=employer_user, employee=anna, first_sick_day=today.replace(day=1))

    log_in(employer_user.email, PASSWORD)
    page.get_by_role("link", name="Verzuimcijfers bekijken").click()
    expect(page).to_have_url(f"{live_server.url}/werkgevers/{employer.pk}/verzuimcijfers/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verzuimcijfers {today.year}")

    chart = page.get_by_role("img", name=f"Verzuimpercentage per maand in {today.year}")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.chart-bar")).to_have_count(today.month)
    table = page.get_by_role("table", name=f"Verzuimpercentage per maand in {today.year}")
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(15)  # the head, twelve months, the year, the sector
    month = table.get_by_role("row").nth(today.month)
    expect(month.get_by_role("cell").first).to_have_text("50,00%")
    expect(page.locator(".chart-labels .chart-value").nth(today.month - 1)).to_have_text("50,00")
    assert_accessible(page, "statistics", contrast_reviewed=True)

    page.get_by_role("link", name=f"← Verzuimcijfers {today.year - 1}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verzuimcijfers {today.year - 1}")
    expect(page.get_by_role("img", name=f"Verzuimpercentage per maand in {today.year - 1}")).to_be_visible()
    expect(page.get_by_role("table").get_by_role("row").nth(12).get_by_role("cell").first).to_have_text("0,00%")
