"""A casemanager requests an intervention from the case page and sees why it is not eligible."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.interventions.models import Intervention
from tests.cases.factories import make_case
from tests.conftest import current_totp
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, PolicyFactory, confirmed_totp_device
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def test_casemanager_requests_an_intervention_on_the_case_page(
    page: Page, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    casemanager = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    device = confirmed_totp_device(casemanager)
    employer = EmployerFactory(casemanager=casemanager)
    first_sick_day = timezone.localdate() - dt.timedelta(days=27)
    PolicyFactory(employer=employer, start_date=first_sick_day - dt.timedelta(days=30))
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries", yearly_wage=Decimal(52000))
    case = make_case(employee=employee, first_sick_day=first_sick_day)

    log_in(casemanager.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")
    page.goto(f"/verzuim/{case.pk}/")
    page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role("link", name="Interventies").click()
    expect(page.get_by_role("heading", name="Interventies")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Interventie aanvragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventie aanvragen")
    assert_accessible(page, "intervention-request-form")

    page.get_by_label("Soort interventie").select_option(label="Mediation")
    page.get_by_label("Kosten (euro)").fill("60000,00")
    page.get_by_role("group", name="Geadviseerd door").get_by_label("Casemanager").check()
    page.get_by_role("button", name="Aanvragen").click()

    expect(page.get_by_role("status")).to_have_text("De interventie is aangevraagd.")
    article = page.get_by_role("article").filter(has_text="Mediation")
    expect(article).to_contain_text("Komt niet in aanmerking")
    expect(article).to_contain_text("proportionaliteitsgrens van € 50.000,00")
    assert Intervention.objects.get().eligible is False
    assert_accessible(page, "case-page-interventions")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Netwerk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Netwerk van aanbieders")
    assert_accessible(page, "provider-network")
