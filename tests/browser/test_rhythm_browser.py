"""The service rhythm in the browser: the casemanager opens Servicecontacten, sees a welcome call
due soon and an overdue prevention check, and records the check with its checklist and advice. Accessible, no CSP
violation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.rhythm.models import ContactKind, ContactState, ServiceContact
from cases.rhythm.services import add_months, service_contacts_ensure
from premiums.services import policy_create
from tests.conftest import current_totp
from tests.factories import PASSWORD, EmployerFactory, PolicyFactory, ProductFactory, confirmed_totp_device
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def test_casemanager_sees_due_contacts_and_records_a_prevention_check(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    today = timezone.localdate()
    carla = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    # A policyholder of two weeks (its welcome call is due in two weeks) and one of five months (its first
    # prevention check was due two months ago; its welcome call, made when the policy was entered, is overdue).
    # Entered through premiums.services.policy_create, which makes the welcome call once the policy is committed.
    for name, start in [
        ("Kapsalon Knip & Kleur", today - dt.timedelta(days=14)),
        ("Bakkerij De Korenschoof", add_months(today, -5)),
    ]:
        employer = EmployerFactory(name=name, casemanager=carla)
        policy_create(
            created_by=None, policy=PolicyFactory.build(employer=employer, product=ProductFactory(), start_date=start)
        )
    service_contacts_ensure(today=today)
    check = ServiceContact.objects.get(kind=ContactKind.PREVENTION_CHECK, employer__name="Bakkerij De Korenschoof")
    device = confirmed_totp_device(carla)

    log_in(carla.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Servicecontacten").click()
    expect(page).to_have_url(f"{live_server.url}/servicecontacten/")
    expect(page.get_by_role("heading", level=2)).to_have_text("Carla Casemanager")
    expect(page.get_by_text("2 te laat, 1 binnenkort")).to_be_visible()
    overdue = page.get_by_role("row").filter(has_text="Preventiecheck")
    expect(overdue).to_contain_text("Bakkerij De Korenschoof")
    expect(overdue).to_contain_text("Te laat")
    welcome = page.get_by_role("row").filter(has_text="Kapsalon Knip & Kleur")
    expect(page.get_by_role("row").filter(has_text="Welkomstgesprek")).to_have_count(2)
    expect(welcome).to_contain_text("Welkomstgesprek")
    expect(welcome).to_contain_text((today + dt.timedelta(days=14)).strftime("%d-%m-%Y"))
    expect(welcome).to_contain_text("Binnenkort")
    assert_accessible(page, "service-contacts")

    overdue.get_by_role("link", name="Preventiecheck polisjaar 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preventiecheck polisjaar 1")
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.locator("#id_rie_present_error")).to_have_text("Geef aan of de werkgever een RI&E heeft.")
    expect(page.locator("#id_absence_policy_present_error")).to_have_text(
        "Geef aan of de werkgever verzuimbeleid heeft."
    )
    assert_accessible(page, "prevention-check-errors")

    page.get_by_role("group", name="Heeft de werkgever een RI&E (risico-inventarisatie en -evaluatie)?").get_by_label(
        "Ja"
    ).check()
    page.get_by_label("Datum van de RI&E").fill("2025-05-20")
    page.get_by_label("Naam van de preventiemedewerker").fill("Jan de Boer")
    page.get_by_role("group", name="Heeft de werkgever een verzuimbeleid (verzuimprotocol)?").get_by_label(
        "Nee"
    ).check()
    page.get_by_role("group", name="Heeft de werkgever een contract met een gecertificeerde arbodienst?").get_by_label(
        "Ja"
    ).check()
    page.get_by_label("Advies aan de werkgever").fill("Verzuimprotocol opstellen en met het team bespreken.")
    page.get_by_role("button", name="Vastleggen").click()

    expect(page).to_have_url(f"{live_server.url}/servicecontacten/")
    expect(page.get_by_role("status")).to_contain_text("Het contact is vastgelegd.")
    expect(page.get_by_role("row").filter(has_text="Preventiecheck")).to_have_count(0)
    expect(page.get_by_text("1 te laat, 1 binnenkort")).to_be_visible()
    assert_accessible(page, "service-contacts-after")
    check.refresh_from_db()
    assert check.state == ContactState.DONE
    assert check.advice == "Verzuimprotocol opstellen en met het team bespreken."
