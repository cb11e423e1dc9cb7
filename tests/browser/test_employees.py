"""An employer manages their own employees in the browser, and cannot open another employer's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import PageWatch
from tests.factories import PASSWORD
from verzuim.models import Employee, Role, User
from verzuim.site.demo import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def fill_employee_form(page: Page, *, last_name: str) -> None:
    page.get_by_label("Personeelsnummer").fill("P-0042")
    page.get_by_label("Voornaam").fill("Joyce")
    page.get_by_label("Achternaam").fill(last_name)
    page.get_by_label("Geboortedatum").fill("1991-04-23")
    page.get_by_label("Datum in dienst").fill("2022-09-01")
    page.get_by_label("Uren per week").fill("32")
    page.get_by_label("Jaarloon (bruto, in euro)").fill("39500")
    page.get_by_label("Soort contract").select_option(label="Vast")


def test_employer_adds_an_employee_through_the_form_and_sees_it_listed(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    user = make_user(Role.EMPLOYER)
    page.goto("/inloggen/")
    assert_accessible(page, "login")

    log_in(user.email, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    assert user.employer is not None
    expect(page.get_by_role("heading", level=1)).to_have_text(user.employer.name)
    assert_accessible(page, "dashboard-employer")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werknemers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Werknemers")
    page.get_by_role("link", name="Werknemer toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werknemer toevoegen")
    fill_employee_form(page, last_name="de Graaf")
    page.get_by_role("button", name="Opslaan").click()

    expect(page).to_have_url(f"{live_server.url}/werknemers/")
    expect(page.get_by_role("status")).to_have_text("Joyce de Graaf is toegevoegd.")
    row = page.get_by_role("row").filter(has_text="P-0042")
    expect(row.get_by_role("cell")).to_have_text(
        ["P-0042", "Joyce de Graaf", "01-09-2022", "\N{EN DASH}", "32,00", "Vast"]
    )
    assert_accessible(page, "employee-list")

    employee = Employee.objects.get()
    assert (employee.employer, employee.first_name, employee.last_name) == (user.employer, "Joyce", "de Graaf")


def test_missing_required_field_shows_the_dutch_error_at_the_field_and_saves_nothing(
    page: Page, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    user = make_user(Role.EMPLOYER)
    log_in(user.email, PASSWORD)
    page.goto("/werknemers/nieuw/")
    fill_employee_form(page, last_name="")
    page.get_by_role("button", name="Opslaan").click()

    last_name = page.get_by_label("Achternaam")
    expect(last_name).to_have_attribute("aria-invalid", "true")
    # The message is tied to the field, so a screen reader reads it with the field.
    expect(last_name).to_have_accessible_description("Dit veld is vereist.")
    expect(page.locator("#id_last_name_error")).to_have_text("Dit veld is vereist.")
    expect(page.locator(".error")).to_have_count(1)
    # What was typed stays in the form.
    expect(page.get_by_label("Voornaam")).to_have_value("Joyce")
    expect(page.get_by_label("Datum in dienst")).to_have_value("2022-09-01")
    assert_accessible(page, "employee-form-errors")
    assert not Employee.objects.exists()


def test_employer_opening_another_employers_employee_gets_a_404_page(
    page: Page, log_in: LogIn, page_watch: PageWatch
) -> None:
    demo_load(password=PASSWORD)
    own = Employee.objects.get(employer__name="Bakkerij De Korenschoof", personnel_number="B001")
    other = Employee.objects.get(employer__name="Installatiebedrijf Van Dijk", personnel_number="V01")
    log_in("werkgever@demo.nl", PASSWORD)

    response = page.goto(f"/werknemers/{own.pk}/")
    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Sanne de Vries")

    # Django's built-in 404 page has no icon link, so Chromium asks for /favicon.ico (also a 404).
    page_watch.expect_not_found("/favicon.ico")
    for path in (
        f"/werknemers/{other.pk}/",
        f"/werknemers/{other.pk}/wijzigen/",
        f"/werknemers/{other.pk}/uit-dienst/",
    ):
        page_watch.expect_not_found(path)
        response = page.goto(path)
        assert response is not None
        assert response.status == 404, path
        expect(page.locator("body")).not_to_contain_text("Henk")
        expect(page.locator("body")).not_to_contain_text("van Dijk")
