"""The employer reads the roster sync log in the browser: on a phone, by keyboard, with a refused run's errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.cases.factories import make_case
from tests.factories import PASSWORD, EmployeeFactory
from verzuim.models import Role, RosterMode, User
from verzuim.roster import RosterRow, roster_sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def row(number: int, personnel_number: str, **changes: object) -> RosterRow:
    data = {
        "personnel_number": personnel_number,
        "first_name": "Anna",
        "last_name": "de Vries",
        "date_of_birth": dt.date(1985, 6, 15),
        "employment_start": dt.date(2020, 1, 1),
        "weekly_hours": 36,
        "yearly_wage": 42000,
        "contract_type": "permanent",
        **changes,
    }
    return RosterRow(row=number, data=data)


def test_the_employer_reads_conflicts_and_errors_on_a_phone(
    page: Page,
    make_user: Callable[..., User],
    log_in: Callable[[str, str], None],
    assert_accessible: Callable[[Page, str], None],
) -> None:
    user = make_user(Role.EMPLOYER)
    employer = user.employer
    assert employer is not None
    make_case(employee=EmployeeFactory(employer=employer, personnel_number="2002"))
    roster_sync(
        synced_by=user,
        employer=employer,
        rows=[row(1, "1001")],
        mode=RosterMode.FULL,
        missing="end_employment",
        end_date=dt.date(2026, 12, 31),
    )
    roster_sync(synced_by=user, employer=employer, rows=[row(1, "1001", weekly_hours=99)], mode=RosterMode.PARTIAL)

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(user.email, PASSWORD)
    page.goto("/werknemers/")
    link = page.get_by_role("link", name="Synchronisaties")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Synchronisaties werknemersbestand")
    expect(page.get_by_role("table", name="Beslissen: hier is niets gewijzigd")).to_contain_text(
        "lopende verzuimmelding"
    )
    expect(page.get_by_role("table", name="Fouten per rij")).to_contain_text(
        "Het aantal uren per week is hoogstens 60."
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page, "roster-sync-log")
