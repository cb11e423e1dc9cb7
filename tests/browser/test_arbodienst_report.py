"""An employer on the policy's arbodienst reports sickness in the browser: the report *is* the report to the
arbodienst, so its dashboard shows no overdue step (docs/domain.md §5, issue 19 item 8)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.absence.models import AbsenceCase, Step, StepState
from cases.absence.poortwachter import REPORT_TO_OHS
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, PolicyFactory
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def test_a_new_sickness_report_on_the_policys_arbodienst_shows_no_overdue_step_on_the_dashboard(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    employer = EmployerFactory(name="Bakkerij De Korenschoof")
    PolicyFactory(employer=employer)  # no arbodienst of its own recorded: the policy's arbodienst
    employer_user = make_user(Role.EMPLOYER, employer=employer)
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    today = timezone.localdate()
    # Sick since 8 days ago (clock day 9): a report to the arbodienst still open would be overdue since day 7.
    first_sick_day = today - dt.timedelta(days=8)

    log_in(employer_user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakkerij De Korenschoof")
    page.get_by_role("main").get_by_role("link", name="Ziek melden").click()
    page.get_by_label("Werknemer").select_option(label=f"Sanne de Vries ({employee.personnel_number})")
    page.get_by_label("Eerste ziektedag").fill(f"{first_sick_day:%Y-%m-%d}")
    page.get_by_role("group", name="Is het verzuim het gevolg van een bedrijfsongeval?").get_by_label("Nee").check()
    page.get_by_role("button", name="Ziekmelding versturen").click()

    case = AbsenceCase.objects.get()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/")
    # On the dossier's steps the report to the arbodienst is done today, by the portal (no person named), and says why.
    page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role(
        "link", name="Poortwachterstappen"
    ).click()
    row = page.locator(f"#stap-{REPORT_TO_OHS}-1")
    expect(row.locator(".badge")).to_have_text("Afgerond")
    expect(row).to_contain_text(f"op {today:%d-%m-%Y}")
    expect(row).not_to_contain_text("door ")
    expect(row).to_contain_text("de ziekmelding in het portaal is de melding aan de arbodienst van de polis")
    expect(row.get_by_role("link", name=re.compile(r"^Afronden"))).to_have_count(0)

    # The dashboard: the case is there, its next deadline is not overdue, and nothing on the page is.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overzicht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakkerij De Korenschoof")
    case_row = page.get_by_role("row").filter(has_text="Sanne de Vries")
    expect(case_row).to_have_count(1)
    expect(case_row.get_by_role("cell").nth(2)).to_have_text("9")
    expect(case_row).not_to_contain_text("Ziekmelding aan de arbodienst")
    expect(case_row).not_to_contain_text("Te laat")
    expect(page.get_by_role("main").locator(".badge-overdue")).to_have_count(0)
    next_step = Step.objects.filter(case=case, state=StepState.OPEN, due_date__isnull=False).order_by("due_date")[0]
    assert next_step.due_date is not None
    assert next_step.due_date >= today
    expect(case_row).to_contain_text(f"{next_step.title}: {next_step.due_date:%d-%m-%Y}")
    assert_accessible(page, "employer-dashboard-after-report")

    step = Step.objects.get(case=case, code=REPORT_TO_OHS)
    assert (step.state, step.completed_on, step.completed_by) == (StepState.DONE, today, None)
