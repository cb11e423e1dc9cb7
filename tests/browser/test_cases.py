"""An employer reports sickness in the browser and sees the case; the casemanager finds it in the caseload;
another employer's user gets the Dutch 404 page on the case URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.absence import services, todo
from cases.absence.dossier import OWNER_LABELS
from cases.absence.models import AbsenceCase, Step, StepState
from cases.advice import services as services_advice
from cases.contacts import services as services_contacts
from cases.documents import services as documents
from cases.documents.models import DocumentPart
from cases.interventions import services as services_interventions
from cases.medical import services as services_medical
from tests.access_fixtures import PDF_BYTES, PLAN_CONTENT
from tests.browser.conftest import PageWatch
from tests.cases.factories import make_case
from tests.conftest import current_totp
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, confirmed_totp_device
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[..., None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def log_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()


def test_employer_reports_sickness_casemanager_sees_it_other_employer_gets_404(
    page: Page,
    live_server: LiveServer,
    page_watch: PageWatch,
    make_user: MakeUser,
    log_in: LogIn,
    assert_accessible: Check,
) -> None:
    casemanager = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    device = confirmed_totp_device(casemanager)
    employer = EmployerFactory(name="Bakkerij De Korenschoof", casemanager=casemanager)
    employer_user = make_user(Role.EMPLOYER, employer=employer)
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    other_employer_user = make_user(Role.EMPLOYER, employer=EmployerFactory())
    first_sick_day = timezone.localdate() - dt.timedelta(days=2)

    # The employer: dashboard → "Ziek melden" → fill in → submit.
    log_in(employer_user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakkerij De Korenschoof")
    page.get_by_role("main").get_by_role("link", name="Ziek melden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ziek melden")
    expect(page.get_by_label("Eerste ziektedag")).to_have_value(f"{timezone.localdate():%Y-%m-%d}")
    assert_accessible(page, "sickness-form")
    page.get_by_label("Werknemer").select_option(label=f"Sanne de Vries ({employee.personnel_number})")
    page.get_by_label("Eerste ziektedag").fill(f"{first_sick_day:%Y-%m-%d}")
    page.get_by_label("Telefoonnummer tijdens ziekte").fill("06 12345678")
    page.get_by_role("group", name="Is het verzuim het gevolg van een bedrijfsongeval?").get_by_label("Nee").check()
    page.get_by_role("button", name="Ziekmelding versturen").click()

    case = AbsenceCase.objects.get()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/")
    expect(page.get_by_role("status")).to_have_text("De ziekmelding van Sanne de Vries is vastgelegd.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzuim Sanne de Vries")
    next_step = Step.objects.filter(case=case, state=StepState.OPEN, due_date__isnull=False).order_by("due_date")[0]
    assert next_step.due_date is not None
    action = todo.ACTIONS.get(next_step.code, next_step.title)
    expect(page.locator("#volgende-stap")).to_contain_text(
        f"Volgende stap: {action} — {OWNER_LABELS[next_step.owner]} — uiterlijk {next_step.due_date:%d-%m-%Y}"
    )
    assert_accessible(page, "case-page", contrast_reviewed=True)
    # The steps are a tab of their own, under the same header.
    tabs = page.get_by_role("navigation", name="Onderdelen van het dossier")
    expect(tabs.get_by_role("link", name="Overzicht")).to_have_attribute("aria-current", "page")
    tabs.get_by_role("link", name="Poortwachterstappen").click()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/stappen/")
    expect(tabs.get_by_role("link", name="Poortwachterstappen")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("row", name="Probleemanalyse")).to_contain_text("Bedrijfsarts")
    assert_accessible(page, "case-steps")
    log_out(page)

    # The casemanager: password, then the code from the authenticator, then the caseload.
    log_in(casemanager.email, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkvoorraad").click()
    expect(page).to_have_url(f"{live_server.url}/werkvoorraad/")
    row = page.get_by_role("row").filter(has_text="Sanne de Vries")
    expect(row.get_by_role("cell").nth(1)).to_have_text("Bakkerij De Korenschoof")
    expect(row.get_by_role("cell").nth(2)).to_have_text(f"{first_sick_day:%d-%m-%Y}")
    expect(row.get_by_role("cell").nth(3)).to_have_text("3")
    expect(row.get_by_role("cell").nth(5)).to_have_text(f"{next_step.title}: {next_step.due_date:%d-%m-%Y}")
    assert_accessible(page, "caseload")
    row.get_by_role("link", name="Sanne de Vries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzuim Sanne de Vries")
    log_out(page)

    # Another employer's user: the case does not exist for them.
    log_in(other_employer_user.email, PASSWORD)
    path = f"/verzuim/{case.pk}/"
    page_watch.expect_not_found(path)
    response = page.goto(path)
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    expect(page.locator("body")).not_to_contain_text("de Vries")


def _realistic_case(employer_user: User, casemanager: User, physician: User) -> AbsenceCase:
    """A case in week 43 with a long history: plan reviews done, advice, contacts, interventions, documents and
    assessments, as a casemanager's dossier looks after ten months."""
    today = timezone.localdate()
    case = make_case(
        employee=EmployeeFactory(employer=employer_user.employer, first_name="Mohamed", last_name="El Amrani"),
        reported_by=employer_user,
        days_sick=300,
        phone="06 12345678",
        care_address="Dorpsstraat 1, Utrecht",
    )
    AbsenceCase.objects.filter(pk=case.pk).update(casemanager=casemanager)
    case.refresh_from_db()
    for index in range(5):
        done_on = case.first_sick_day + dt.timedelta(days=60 + 42 * index)
        services.step_complete(completed_by=casemanager, case=case, code="action_plan_review", completed_on=done_on)
    documents.document_create(
        created_by=casemanager, case=case, part=DocumentPart.ACTION_PLAN, document_date=today, content=PLAN_CONTENT
    )
    for index in range(8):
        services_advice.advice_give(
            given_by=physician,
            case=case,
            text=f"Advies {index}: opbouw in eigen werk met aangepaste taken, eerst halve dagen en daarna meer uren.",
            given_on=today - dt.timedelta(days=40 - index),
            due_date=today + dt.timedelta(days=index - 3),
        )
        services_contacts.contact_log(
            recorded_by=casemanager,
            case=case,
            contact_date=today - dt.timedelta(days=index),
            channel="phone",
            party="employee" if index % 2 else "employer",
            summary=f"Gesprek {index} over de opbouw van de uren en de taken die passen.",
            followup_date=today + dt.timedelta(days=7),
        )
        services_medical.functional_assessment_record(
            physician=physician,
            case=case,
            assessed_on=today - dt.timedelta(days=index * 14),
            functional_limitations="Kan 4 uur per dag werken, niet tillen boven 10 kilo, geen nachtdiensten. " * 4,
            expected_duration_days=120,
            incapacity_pct=60,
        )
        documents.labour_expert_report_upload(
            uploaded_by=casemanager,
            case=case,
            document_date=today - dt.timedelta(days=index),
            upload=SimpleUploadedFile(f"rapport-{index}.pdf", PDF_BYTES, "application/pdf"),
        )
    for kind in ("psycholoog", "fysiotherapie", "mediation", "jobcoaching"):
        services_interventions.intervention_request(
            requested_by=casemanager, case=case, kind=kind, cost=Decimal("1500.00"), advised_by="physician"
        )
    return case


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEMANAGER])
def test_the_dossier_overview_fits_two_screens_at_1280_and_a_phone_at_390(
    page: Page,
    live_server: LiveServer,
    make_user: MakeUser,
    log_in: LogIn,
    assert_accessible: Check,
    role: Role,
) -> None:
    casemanager = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    physician = make_user(Role.OCCUPATIONAL_PHYSICIAN, full_name="Bram Bedrijfsarts")
    employer = EmployerFactory(
        name="Bakkerij De Korenschoof", casemanager=casemanager, occupational_physician=physician
    )
    employer_user = make_user(Role.EMPLOYER, employer=employer)
    case = _realistic_case(employer_user, casemanager, physician)
    assert Step.objects.filter(case=case).count() >= 20
    if role == Role.EMPLOYER:
        log_in(employer_user.email, PASSWORD)
    else:
        device = confirmed_totp_device(casemanager)
        log_in(casemanager.email, PASSWORD)
        page.get_by_label("Code uit uw authenticator-app").fill(current_totp(device))
        page.get_by_role("button", name="Doorgaan").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/verzuim/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzuim Mohamed El Amrani")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 2 * 800, f"the overview is {height} px high at 1280 x 800"
    assert_accessible(page, f"case-overview-{role}", contrast_reviewed=True)
    # The 104 weeks as a picture, with its milestones in words for a screen reader.
    expect(page.get_by_role("img", name="Tijdlijn van 104 weken, nu week 43")).to_be_visible()
    expect(page.get_by_role("list", name="Mijlpalen")).to_contain_text("Week 6: Probleemanalyse (Bedrijfsarts)")
    # The tabs work from the keyboard: Tab reaches them, Enter follows one.
    tabs = page.get_by_role("navigation", name="Onderdelen van het dossier")
    tabs.get_by_role("link", name="Adviezen").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/adviezen/")
    expect(tabs.get_by_role("link", name="Adviezen")).to_have_attribute("aria-current", "page")
    # A phone: nothing wider than the screen, the tabs wrap inside their own box.
    page.set_viewport_size({"width": 390, "height": 800})
    for section in ("", "stappen/", "adviezen/", "interventies/", "documenten/"):
        page.goto(f"/verzuim/{case.pk}/{section}")
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner, f"{section or 'overzicht'} is {width} px wide at 390"
