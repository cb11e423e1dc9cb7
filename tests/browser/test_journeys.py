"""One browser journey per role, filling what the other browser tests do not walk: every page
visited is checked with axe (no serious or critical violation) and watched for CSP violations and script errors.

Already walked elsewhere, so not repeated here: the sickness report with the casemanager's caseload and the 404 for
another employer (test_cases.py), signing the plan van aanpak (test_documents.py), premium four-eyes approval by
a second insurer and the employer reading the explanation (test_premiums.py), the casemanager requesting an
intervention (test_interventions.py), the statistics chart (test_statistics.py), the public complaint form
(test_complaint_intake.py) and claims (test_claims.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cases.absence.models import AbsenceCase, Step, StepState
from cases.absence.poortwachter import REPORT_TO_OHS
from cases.interventions import services as services_interventions
from cases.interventions.models import AdvisedBy, InterventionKind, InterventionStatus
from cases.medical.models import FunctionalAssessment, MedicalNote
from complaints.models import Complaint, ComplaintChannel, ComplaintStatus
from premiums import services as premium_services
from tests.browser.conftest import PageWatch
from tests.browser.journeys_helpers import assert_admin_page_accessible, log_in_staff, log_out
from tests.cases.factories import make_case, own_arbodienst
from tests.complaints.factories import make_complaint
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, PolicyFactory
from verzuim.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[Page, str], None]
LogIn = Callable[[str, str], None]
MakeUser = Callable[..., User]


def long_date(day: dt.date) -> str:
    return date_format(day, "j F Y")


def test_employer_reports_sickness_and_recovery_files_a_complaint_and_views_premium_and_statistics(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    today = timezone.localdate()
    employer = EmployerFactory(name="Bakkerij De Korenschoof", casemanager=make_user(Role.CASEMANAGER))
    employer_user = make_user(Role.EMPLOYER, employer=employer, full_name="Wim Werkgever")
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    policy = PolicyFactory(employer=employer)
    # The premium for 2026, calculated by one insurer and approved by a second (walked in test_premiums.py).
    calculation = premium_services.premium_calculate(
        calculated_by=make_user(Role.INSURER), policy=policy, year=2026, today=dt.date(2026, 1, 5)
    )
    premium_services.premium_approve(reviewed_by=make_user(Role.INSURER), calculation=calculation)
    first_sick_day = today - dt.timedelta(days=3)

    # Sickness: dashboard → "Ziek melden" → the case page.
    log_in(employer_user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bakkerij De Korenschoof")
    assert_accessible(page, "employer-dashboard")
    page.get_by_role("main").get_by_role("link", name="Ziek melden").click()
    page.get_by_label("Werknemer").select_option(label=f"Sanne de Vries ({employee.personnel_number})")
    page.get_by_label("Eerste ziektedag").fill(f"{first_sick_day:%Y-%m-%d}")
    page.get_by_label("Telefoonnummer tijdens ziekte").fill("06 12345678")
    page.get_by_role("group", name="Is het verzuim het gevolg van een bedrijfsongeval?").get_by_label("Nee").check()
    page.get_by_role("button", name="Ziekmelding versturen").click()
    case = AbsenceCase.objects.get()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/")
    expect(page.get_by_role("status")).to_have_text("De ziekmelding van Sanne de Vries is vastgelegd.")

    # Recovery: "Hersteld melden" on the case page → the recovery form (today, 100%) → back on the case page.
    page.get_by_role("main").get_by_role("link", name="Hersteld melden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hersteld melden")
    expect(page.get_by_label("Datum herstel")).to_have_value(f"{today:%Y-%m-%d}")
    expect(page.get_by_label("Hersteld percentage")).to_have_value("100")
    assert_accessible(page, "recovery-form")
    page.get_by_role("button", name="Herstel vastleggen").click()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/")
    expect(page.get_by_role("status")).to_have_text(
        f"Het volledige herstel van Sanne de Vries per {long_date(today)} is vastgelegd."
    )
    # The facts of the report, the sick periods among them, behind "Gegevens van de ziekmelding".
    page.get_by_text("Gegevens van de ziekmelding").click()
    last_sick_day = today - dt.timedelta(days=1)
    expect(page.get_by_role("definition").filter(has_text=f"{first_sick_day:%d-%m-%Y}").last).to_have_text(
        re.compile(rf"{first_sick_day:%d-%m-%Y}\s*.\s*{last_sick_day:%d-%m-%Y}")
    )
    expect(page.get_by_role("definition").filter(has_text=re.compile(r"^0%$"))).to_have_count(1)
    expect(page.get_by_role("link", name="Hersteld melden")).to_have_count(0)
    assert_accessible(page, "case-page-recovered")

    # A complaint from inside the portal: the footer link, the form prefilled from the account.
    page.get_by_role("contentinfo").get_by_role("link", name="Klacht indienen").click()
    expect(page).to_have_url(f"{live_server.url}/klachten/nieuw/")
    expect(page.get_by_label("Uw naam")).to_have_value("Wim Werkgever")
    expect(page.get_by_label("Uw e-mailadres")).to_have_value(employer_user.email)
    assert_accessible(page, "complaint-portal-form")
    page.get_by_label("Waar gaat uw klacht over?").select_option("casemanager")
    page.get_by_label("Omschrijving van uw klacht").fill("De casemanager belt niet terug.")
    page.get_by_role("button", name="Klacht versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw klacht is ontvangen")
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.submitted_by, complaint.employer) == (
        ComplaintChannel.PORTAL,
        employer_user,
        employer,
    )
    expect(page.get_by_role("main")).to_contain_text(complaint.reference)
    assert_accessible(page, "complaint-portal-filed")

    # The premium and the statistics, both from the dashboard.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overzicht").click()
    page.get_by_role("link", name="Premie bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw premie")
    expect(page.get_by_role("heading", level=2, name="Premie 2026")).to_be_visible()
    assert_accessible(page, "premium-page")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overzicht").click()
    page.get_by_role("link", name="Verzuimcijfers bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verzuimcijfers {today.year}")
    assert_accessible(page, "statistics-page")


def test_casemanager_works_the_caseload_and_completes_a_step(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    casemanager = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    employer = EmployerFactory(name="Bakkerij De Korenschoof", casemanager=casemanager)
    own_arbodienst(employer, name="Arbo Eigen B.V.")  # its own arbodienst: the report there is confirmed by hand
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    case = make_case(employee=employee, days_sick=3)
    make_case(employer=employer, days_sick=10)  # a second case in the caseload
    today = timezone.localdate()

    log_in_staff(page, log_in, casemanager)
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")
    assert_accessible(page, "casemanager-dashboard")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkvoorraad").click()
    expect(page.get_by_role("row").filter(has=page.get_by_role("link"))).to_have_count(2)
    assert_accessible(page, "caseload")
    page.get_by_role("row").filter(has_text="Sanne de Vries").get_by_role("link", name="Sanne de Vries").click()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/")

    # On the steps tab, "Afronden namens de werkgever" on the employer's step "Ziekmelding aan de arbodienst" opens
    # the step's page: the date defaults to today; a note for the file.
    page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role(
        "link", name="Poortwachterstappen"
    ).click()
    row = page.locator(f"#stap-{REPORT_TO_OHS}-1")
    expect(row.locator(".badge")).not_to_have_text("Afgerond")
    row.get_by_role(
        "link", name=re.compile(r"^Afronden namens de werkgever\s*: Ziekmelding aan de arbodienst$")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ziekmelding aan de arbodienst afronden")
    expect(page.get_by_label("Datum afgerond")).to_have_value(f"{today:%Y-%m-%d}")
    page.get_by_label("Notitie (optioneel)").fill("Gemeld bij Arbo Eigen B.V.")
    assert_accessible(page, "step-page-form")
    page.get_by_role("button", name=re.compile(r"^Afronden\s*: Ziekmelding aan de arbodienst$")).click()

    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/stappen/#stap-{REPORT_TO_OHS}-1")
    expect(page.get_by_role("status")).to_have_text("De stap “Ziekmelding aan de arbodienst” is afgerond.")
    row = page.locator(f"#stap-{REPORT_TO_OHS}-1")
    expect(row.locator(".badge")).to_have_text("Afgerond")
    expect(row).to_contain_text(f"op {today:%d-%m-%Y} door Carla Casemanager")
    expect(row).to_contain_text("Gemeld bij Arbo Eigen B.V.")
    expect(row.get_by_role("link", name=re.compile(r"^Afronden"))).to_have_count(0)
    assert_accessible(page, "case-page-step-done")
    step = Step.objects.get(case=case, code=REPORT_TO_OHS)
    assert (step.state, step.completed_by) == (StepState.DONE, casemanager)


def test_physician_writes_a_consultation_and_the_functional_assessment_employer_gets_404(
    page: Page,
    live_server: LiveServer,
    page_watch: PageWatch,
    make_user: MakeUser,
    log_in: LogIn,
    assert_accessible: Check,
) -> None:
    physician = make_user(Role.OCCUPATIONAL_PHYSICIAN, full_name="Bram Bedrijfsarts")
    employer = EmployerFactory(name="Bakkerij De Korenschoof", occupational_physician=physician)
    employer_user = make_user(Role.EMPLOYER, employer=employer)
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    case = make_case(employee=employee, reported_by=employer_user, days_sick=10)
    today = timezone.localdate()

    log_in_staff(page, log_in, physician)
    expect(page.get_by_role("heading", level=1)).to_have_text("Spreekuur en medisch dossier")
    assert_accessible(page, "physician-dashboard")
    page.get_by_role("main").get_by_role("link", name="Sanne de Vries").click()
    page.get_by_role("link", name="Medisch dossier").click()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/medisch/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Medisch dossier Sanne de Vries")
    expect(page.get_by_text("Nog geen aantekeningen.")).to_be_visible()
    assert_accessible(page, "medical-empty")

    # A consultation note: it stays in the compartment and is listed there.
    expect(page.get_by_label("Datum consult")).to_have_value(f"{today:%Y-%m-%d}")
    page.get_by_label("Verslag consult").fill("Spreekuur: rugklachten na tillen, fysiotherapie gestart.")
    page.get_by_label("Diagnose").fill("Lage rugpijn (L03)")
    page.get_by_role("button", name="Aantekening opslaan").click()
    expect(page.get_by_role("status")).to_have_text("De aantekening is opgeslagen in het medisch dossier.")
    note = page.get_by_role("region", name=f"Consult van {long_date(today)}")
    expect(note).to_contain_text("Spreekuur: rugklachten na tillen, fysiotherapie gestart.")
    expect(note).to_contain_text("Lage rugpijn (L03)")
    assert_accessible(page, "medical-with-note")

    # The functional assessment: what leaves the compartment, shown on the case page.
    page.get_by_label("Mogelijkheden en beperkingen").fill("Geen tilwerk boven 5 kg; zittend werk 4 uur per dag.")
    page.get_by_label("Verwachte duur in dagen").fill("42")
    page.get_by_label("Mate van arbeidsongeschiktheid (%)").fill("50")
    page.get_by_role("button", name="Functionele mogelijkheden vastleggen").click()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/")
    expect(page.get_by_role("status")).to_have_text(
        "De functionele mogelijkheden zijn vastgelegd en staan nu in het dossier."
    )
    # The overview shows the latest assessment; the Adviezen tab every one in full.
    latest = page.get_by_role("region", name="Functionele mogelijkheden")
    expect(latest).to_contain_text(f"Laatst vastgelegd door de bedrijfsarts op {today:%d-%m-%Y}.")
    expect(latest).to_contain_text("Geen tilwerk boven 5 kg; zittend werk 4 uur per dag.")
    expect(latest).to_contain_text("50%")
    assert_accessible(page, "case-page-assessment")
    page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role("link", name="Adviezen").click()
    assessment = page.get_by_role("region", name=f"Vastgelegd door de bedrijfsarts op {today:%d-%m-%Y}")
    expect(assessment).to_contain_text("Geen tilwerk boven 5 kg; zittend werk 4 uur per dag.")
    expect(assessment).to_contain_text("50%")
    assert_accessible(page, "case-advice-assessment")
    assert MedicalNote.objects.filter(case=case).count() == 1
    assert FunctionalAssessment.objects.filter(case=case).count() == 1
    log_out(page)

    # The employer: the medical compartment does not exist for them.
    log_in(employer_user.email, PASSWORD)
    path = f"/verzuim/{case.pk}/medisch/"
    page_watch.expect_not_found(path)
    response = page.goto(path)
    assert response is not None
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Lage rugpijn")


def test_insurer_approves_the_intervention_a_casemanager_requested(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check
) -> None:
    """Premium four-eyes approval by a second insurer is walked in test_premiums.py; here the intervention."""
    casemanager = make_user(Role.CASEMANAGER, full_name="Carla Casemanager")
    insurer = make_user(Role.INSURER, full_name="Ingrid Verzekeraar")
    employer = EmployerFactory(name="Bakkerij De Korenschoof", casemanager=casemanager)
    first_sick_day = timezone.localdate() - dt.timedelta(days=27)
    PolicyFactory(employer=employer, start_date=first_sick_day - dt.timedelta(days=30))
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries", yearly_wage=Decimal(52000))
    case = make_case(employee=employee, first_sick_day=first_sick_day)
    intervention = services_interventions.intervention_request(
        requested_by=casemanager,
        case=case,
        kind=InterventionKind.PHYSIOTHERAPY,
        cost=Decimal("850.00"),
        advised_by=AdvisedBy.CASEMANAGER,
        description="Tien behandelingen voor de rug.",
    )
    assert intervention.eligible

    log_in_staff(page, log_in, insurer)
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzekeraar")
    assert_accessible(page, "insurer-dashboard")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Verzuimgevallen").click()
    expect(page).to_have_url(f"{live_server.url}/werkvoorraad/")
    assert_accessible(page, "insurer-caseload")
    # The request waits in the queue; its row leads to the decision form on the case page.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overzicht").click()
    page.get_by_role("main").get_by_role("link", name="Interventies beoordelen").click()
    expect(page).to_have_url(f"{live_server.url}/interventies/beoordelen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventies beoordelen")
    expect(page.get_by_role("row").filter(has_text="Sanne de Vries")).to_contain_text("Komt in aanmerking")
    assert_accessible(page, "intervention-queue")
    page.get_by_role("main").get_by_role("link", name="Sanne de Vries").click()
    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/interventies/#interventie-{intervention.pk}")

    article = page.get_by_role("article").filter(has_text="Fysiotherapie")
    expect(article.get_by_role("heading", level=3)).to_have_text("Fysiotherapie Aangevraagd")
    expect(article).to_contain_text("Komt in aanmerking")
    expect(article).to_contain_text("door Carla Casemanager")
    assert_accessible(page, "case-page-intervention-requested")
    article.get_by_label("Reden").fill("Past bij het advies; aanbieder volgt.")
    article.get_by_role("button", name="Goedkeuren").click()

    expect(page).to_have_url(f"{live_server.url}/verzuim/{case.pk}/interventies/")
    expect(page.get_by_role("status")).to_have_text("De interventie is goedgekeurd.")
    article = page.get_by_role("article").filter(has_text="Fysiotherapie")
    expect(article.get_by_role("heading", level=3)).to_have_text("Fysiotherapie Goedgekeurd")
    expect(article).to_contain_text("Past bij het advies; aanbieder volgt.")
    expect(article.get_by_role("button")).to_have_count(0)
    assert_accessible(page, "case-page-intervention-approved")
    intervention.refresh_from_db()
    assert (intervention.status, intervention.decided_by) == (InterventionStatus.APPROVED, insurer)


def test_complaint_handler_acknowledges_and_answers_in_the_admin(
    page: Page, live_server: LiveServer, make_user: MakeUser, log_in: LogIn, assert_accessible: Check, axe: Axe
) -> None:
    """The change page is checked without axe's CSSOM preload (journeys_helpers.assert_admin_page_accessible)."""
    handler = make_user(Role.COMPLAINT_HANDLER, full_name="Karin Klachten")
    complaint = make_complaint(description="Mijn premie is dit jaar onverwacht verdubbeld.")

    log_in_staff(page, log_in, handler)
    expect(page.get_by_role("heading", level=1)).to_have_text("Klachtenloket")
    assert_accessible(page, "handler-dashboard")
    page.get_by_role("link", name="Naar het klachtenbeheer").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    assert_accessible(page, "admin-index")
    page.get_by_role("rowheader", name="Klachten").get_by_role("link").click()
    row = page.get_by_role("row").filter(has_text=complaint.reference)
    expect(row).to_contain_text("Ontvangen")
    assert_accessible(page, "admin-complaint-list")
    row.get_by_role("link", name=complaint.reference).click()
    expect(page).to_have_url(f"{live_server.url}/admin/complaints/complaint/{complaint.pk}/change/")
    assert_admin_page_accessible(axe, page, "admin-complaint-received")

    # Step 1: acknowledge.
    steps = page.get_by_role("navigation", name="Stappen")
    steps.get_by_role("link", name="Ontvangst bevestigen").click()
    assert_accessible(page, "admin-step-acknowledge")
    page.get_by_label("Toelichting").fill("Bevestiging per e-mail verstuurd.")
    page.get_by_role("button", name="Ontvangst bevestigen").click()
    expect(page).to_have_url(f"{live_server.url}/admin/complaints/complaint/{complaint.pk}/change/")
    expect(page.locator(".messagelist")).to_contain_text("De ontvangst is bevestigd.")
    expect(page.locator(".field-status .readonly")).to_have_text("Ontvangst bevestigd")
    assert_admin_page_accessible(axe, page, "admin-complaint-acknowledged")

    # Step 2: answer.
    page.get_by_role("navigation", name="Stappen").get_by_role("link", name="Beantwoorden").click()
    assert_accessible(page, "admin-step-answer")
    page.get_by_label("Antwoord aan de klager").fill("Uw premie is gestegen door het verzuim van vorig jaar.")
    page.get_by_role("button", name="Beantwoorden").click()
    expect(page.locator(".messagelist")).to_contain_text("Het antwoord is vastgelegd.")
    expect(page.locator(".field-status .readonly")).to_have_text("Beantwoord")
    expect(page.get_by_role("link", name="Antwoordbrief (PDF)")).to_be_visible()
    assert_admin_page_accessible(axe, page, "admin-complaint-answered")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ANSWERED
    assert complaint.acknowledged_on == timezone.localdate()
    assert complaint.answered_on == timezone.localdate()
