"""'Mijn taken' for the employer in the browser (issue 20 item 1): the plan waiting for their signature is the
first thing on the start page and counted in the menu; one click opens it, and once signed the task is gone from
the inbox and from the menu's count."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.documents import services as documents
from cases.documents.models import DocumentPart
from tests.access_fixtures import PLAN_CONTENT
from tests.cases.factories import make_case
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory
from verzuim.models import Role, User
from verzuim.plugins import tasks_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def test_the_employer_signs_the_plan_from_the_inbox_and_the_task_leaves_inbox_and_menu(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    casemanager = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    employer = EmployerFactory(name="Bakkerij De Korenschoof", casemanager=casemanager)
    employer_user = make_user(Role.EMPLOYER, employer=employer, full_name="Wim Werkgever")
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    case = make_case(employee=employee, reported_by=employer_user, days_sick=30)
    documents.document_create(
        created_by=casemanager,
        case=case,
        part=DocumentPart.ACTION_PLAN,
        document_date=timezone.localdate(),
        content=PLAN_CONTENT,
    )
    before = len(tasks_for(employer_user, timezone.localdate()))
    overview = f"Overzicht, {before} open {'taak' if before == 1 else 'taken'}"

    log_in(employer_user.email, PASSWORD)
    page.goto("/")
    inbox = page.get_by_role("region", name="Mijn taken")
    task = inbox.get_by_role("listitem").filter(has_text="Plan van aanpak ondertekenen")
    expect(task).to_contain_text("Sanne de Vries")
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=overview)).to_be_visible()
    assert_accessible(page, "employer-inbox")

    task.get_by_role("link", name="Plan van aanpak ondertekenen").click()
    page.get_by_role("button", name="Ondertekenen als werkgever").click()
    expect(page.get_by_role("status")).to_have_text(
        "U hebt het plan van aanpak ondertekend. De werknemer moet nog ondertekenen."
    )
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name=overview)).to_have_count(0)  # counted afresh after the signature

    page.goto("/")
    expect(inbox.get_by_text("Plan van aanpak ondertekenen")).to_have_count(0)
    after = before - 1
    if after:
        expect(
            menu.get_by_role("link", name=f"Overzicht, {after} open {'taak' if after == 1 else 'taken'}")
        ).to_be_visible()
    else:
        expect(menu.get_by_role("link", name="Overzicht", exact=True)).to_be_visible()
