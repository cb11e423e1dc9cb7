"""Keyboard-only journeys (issue 24 item 5): reporting sickness, signing a plan and filing a complaint with nothing
but Tab, Shift+Tab, Enter, Space and typing: no click, no mouse event. At every stop the focused element must show a
focus indicator (an outline or a box-shadow from :focus-visible), and the order must be logical: the skip link
first, then the form's fields in the order they are shown. verzuim/accessibility.py lists these journeys on the
accessibility statement (tests/verzuim/test_accessibility_statement.py keeps the two in step)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.absence.models import AbsenceCase
from cases.documents.models import DocumentState, SignerRole
from complaints.models import Complaint
from tests.browser.journeys_helpers import plan_signed_by_the_employer
from tests.cases.factories import make_case
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, UserFactory
from verzuim.models import Employee, Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the focused element is and whether it shows focus: an outline (not "none", wider than 0) or a box-shadow.
FOCUS_PROBE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', id: el.id || '',
    text: (el.getAttribute('aria-label') || label || el.innerText || el.value || '').replace(/\\s+/g, ' ').trim(),
    visible: outline || style.boxShadow !== 'none',
    style: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.boxShadow + ' ' + el.className,
    focusVisible: el.matches(':focus-visible'),
  };
}"""
MAX_TABS = 80


@dataclass
class Stop:
    tag: str
    type: str
    id: str
    text: str


class Keyboard:
    """Moves the focus with Tab only and records every stop; each stop must show its focus."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.stops: list[Stop] = []

    def tab(self) -> Stop:
        self.page.keyboard.press("Tab")
        found: dict[str, Any] | None = self.page.evaluate(FOCUS_PROBE)
        assert found is not None, f"Tab left the page after {[s.text for s in self.stops]}"
        stop = Stop(found["tag"], found["type"], found["id"], found["text"])
        assert found["visible"], f"no visible focus on {stop} ({self.page.url}): {found['style']}"
        self.stops.append(stop)
        return stop

    def tab_to(self, matches: str) -> Stop:
        """Tab until the focused element's id or text matches the regex ``matches``."""
        for _ in range(MAX_TABS):
            stop = self.tab()
            if re.search(matches, stop.id) or re.search(matches, stop.text):
                return stop
        raise AssertionError(f"{matches!r} not reached with Tab; stops: {[(s.id, s.text) for s in self.stops]}")

    def order_of(self, *patterns: str) -> list[int]:
        """The index of the first stop matching each pattern (id or text), to assert their order."""
        indexes = []
        for pattern in patterns:
            found = [i for i, s in enumerate(self.stops) if re.search(pattern, s.id) or re.search(pattern, s.text)]
            assert found, f"{pattern!r} never had the focus; stops: {[(s.id, s.text) for s in self.stops]}"
            indexes.append(found[0])
        return indexes

    def fresh(self) -> None:
        """A new page: its stops start again."""
        self.stops = []


def log_in_with_keyboard(page: Page, keys: Keyboard, email: str) -> None:
    """The login form puts the focus in its e-mail field (autofocus); Tab leads to the password."""
    page.goto("/inloggen/")
    keys.fresh()
    expect(page.get_by_label("E-mailadres")).to_be_focused()
    page.keyboard.type(email)
    assert keys.tab().id == "id_password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.fresh()


def test_employer_reports_sickness_with_the_keyboard_only(page: Page, make_user: Any) -> None:
    employer = EmployerFactory(name="Bakkerij De Korenschoof")
    employer_user: User = make_user(Role.EMPLOYER, employer=employer)
    employee = cast(Employee, EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries"))
    today = timezone.localdate()
    # Two days back with the arrow keys; on the first two days of a month the day would wrap round instead.
    days_back = 2 if today.day > 2 else 0
    first_sick_day = today - dt.timedelta(days=days_back)
    keys = Keyboard(page)

    log_in_with_keyboard(page, keys, employer_user.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakkerij De Korenschoof")
    assert keys.tab().text == "Naar de inhoud"
    keys.tab_to("^Ziek melden$")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ziek melden")

    keys.fresh()
    assert keys.tab().text == "Naar de inhoud"
    page.keyboard.press("Enter")  # the skip link moves the focus to the content
    keys.tab_to("^Werknemer")
    # A native select takes typed letters to choose an option.
    page.keyboard.type("Sanne")
    expect(page.get_by_label("Werknemer")).to_have_value(str(employee.pk))
    keys.tab_to("Eerste ziektedag")
    # The field starts at today. Its segments follow Chromium's own locale, not the page's; the arrow keys change
    # the segment that has the focus (the date's day or month), so press them until the field says two days ago.
    date_field = page.get_by_label("Eerste ziektedag")
    for _ in range(days_back):
        page.keyboard.press("ArrowDown")
    if date_field.input_value() != f"{first_sick_day:%Y-%m-%d}":  # the first segment was the month
        for _ in range(days_back):
            page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowRight")
        for _ in range(days_back):
            page.keyboard.press("ArrowDown")
    expect(date_field).to_have_value(f"{first_sick_day:%Y-%m-%d}")
    keys.tab_to("Telefoonnummer")
    page.keyboard.type("06 12345678")
    keys.tab_to("^Nee$")
    page.keyboard.press("Space")
    keys.tab_to("^Ziekmelding versturen$")
    stops = keys.order_of("^Werknemer", "Eerste ziektedag", "Telefoonnummer", "^Nee$", "^Ziekmelding versturen$")
    assert stops == sorted(stops), "the fields were not reached in the order they are shown"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("De ziekmelding van Sanne de Vries is vastgelegd.")
    case = AbsenceCase.objects.get(employee=employee)
    assert case.first_sick_day == first_sick_day


def test_employee_signs_the_plan_with_the_keyboard_only(page: Page, make_user: Any) -> None:
    casemanager = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    employer = EmployerFactory(name="Bakkerij De Korenschoof", casemanager=casemanager)
    employer_user = make_user(Role.EMPLOYER, employer=employer)
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    employee_user = cast(User, UserFactory(role=Role.EMPLOYEE, employee=employee, full_name="Sanne de Vries"))
    case = make_case(employee=employee, reported_by=employer_user, days_sick=40, phone="06 12345678")
    plan = plan_signed_by_the_employer(case=case, casemanager=casemanager, employer_user=employer_user)
    keys = Keyboard(page)

    log_in_with_keyboard(page, keys, employee_user.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn verzuim")
    assert keys.tab().text == "Naar de inhoud"
    keys.tab_to("dossier openen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.fresh()
    assert keys.tab().text == "Naar de inhoud"
    keys.tab_to("Lezen en ondertekenen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan van aanpak")

    keys.fresh()
    assert keys.tab().text == "Naar de inhoud"
    keys.tab_to("^Ondertekenen$")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("U hebt het plan ondertekend. Het is nu definitief.")
    plan.refresh_from_db()
    assert plan.state == DocumentState.FINAL
    assert plan.signatures.filter(signer_role=SignerRole.EMPLOYEE, user=employee_user).exists()


def test_employer_files_a_complaint_with_the_keyboard_only(page: Page, make_user: Any) -> None:
    employer = EmployerFactory(name="Bakkerij De Korenschoof")
    employer_user: User = make_user(Role.EMPLOYER, employer=employer, full_name="Wim Werkgever")
    keys = Keyboard(page)

    log_in_with_keyboard(page, keys, employer_user.email)
    assert keys.tab().text == "Naar de inhoud"
    keys.tab_to("^Klacht indienen$")  # in the footer
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("klacht", re.IGNORECASE))

    keys.fresh()
    assert keys.tab().text == "Naar de inhoud"
    keys.tab_to("Waar gaat uw klacht over")
    page.keyboard.press("ArrowDown")  # the first subject after "Kies een onderwerp"
    keys.tab_to("Omschrijving")
    page.keyboard.type("De casemanager belde niet terug na de ziekmelding.")
    keys.tab_to("Uw naam")
    keys.tab_to("Uw e-mailadres")
    keys.tab_to("Klacht (versturen|indienen)")
    stops = keys.order_of("Waar gaat uw klacht over", "Omschrijving", "Uw naam", "Uw e-mailadres")
    assert stops == sorted(stops), "the fields were not reached in the order they are shown"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ontvangen")
    complaint = Complaint.objects.get()
    assert complaint.description == "De casemanager belde niet terug na de ziekmelding."
