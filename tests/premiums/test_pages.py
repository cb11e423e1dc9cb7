"""The premium pages: the review queue and calculation page of insurer staff (four eyes), the employer's premium
with its plain-Dutch explanation, the premium notice (PDF), and who gets a 404."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from pypdf import PdfReader

from cases.absence import services as case_services
from premiums import services, staleness
from premiums.models import CalculationStatus, Policy, PremiumCalculation
from tests.factories import EmployeeFactory, EmployerFactory, PolicyFactory
from verzuim.models import AuditAction, AuditLog, Employer, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
D = dt.date

QUEUE = "/premies/beoordelen/"
EMPLOYER_PAGE = "/premie/"
AUTHOR_MESSAGE = "U hebt deze berekening zelf ingediend. Een tweede medewerker moet haar beoordelen (vier ogen)."


def detail_url(calculation: PremiumCalculation, action: str = "") -> str:
    return f"/premies/berekeningen/{calculation.pk}/{action + '/' if action else ''}"


def pdf_url(calculation: PremiumCalculation) -> str:
    return f"/premie/{calculation.pk}/premienota.pdf"


def text(content: bytes | str) -> str:
    """The visible text of a page, tags removed and whitespace collapsed (as a reader would see it)."""
    raw = content.decode() if isinstance(content, bytes) else content
    raw = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", raw, flags=re.DOTALL)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw))).strip()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def dutch(value: Decimal, places: int) -> str:
    """Comma decimals and dots between thousands, as Django's nl localisation writes them."""
    whole, _, fraction = f"{value:,.{places}f}".partition(".")
    return whole.replace(",", ".") + ("," + fraction if fraction else "")


@dataclass
class World:
    employer: Employer
    employer_user: User
    policy: Policy
    author: User
    reviewer: User


@pytest.fixture
def world(make_user: MakeUser) -> World:
    """A building firm (SBI 4322, sector F: rate 4.4%, expected absence 5.1%) with five employees on 42,000 a year
    and 25% employer charges, insured from 1 January 2026; two insurer staff members."""
    employer = EmployerFactory(name="Bouwbedrijf De Steiger B.V.", sbi_code="4322")
    for _ in range(5):
        EmployeeFactory(employer=employer, yearly_wage=Decimal(42000), date_of_birth=D(1985, 6, 15))
    return World(
        employer=employer,
        employer_user=make_user(Role.EMPLOYER, employer=employer),
        policy=PolicyFactory(employer=employer, employer_charges_pct=Decimal(25), policy_number="VOV-2026-0042"),
        author=make_user(Role.INSURER, full_name="Anouk Auteur"),
        reviewer=make_user(Role.INSURER, full_name="Bart Beoordelaar"),
    )


JANUARY_5 = D(2026, 1, 5)
DASH = "\N{EN DASH}"


def calculate(world: World, year: int = 2026, today: D = JANUARY_5) -> PremiumCalculation:
    return services.premium_calculate(calculated_by=world.author, policy=world.policy, year=year, today=today)


def approved(world: World, year: int = 2026, today: D = JANUARY_5) -> PremiumCalculation:
    return services.premium_approve(reviewed_by=world.reviewer, calculation=calculate(world, year, today))


def capped(world: World) -> PremiumCalculation:
    """2026 approved at F = 1; then one of the five is sick all of 2026, so the 2027 factor hits the 10% cap."""
    approved(world)
    employee = world.employer.employees.first()
    case_services.case_report_sickness(
        reported_by=world.employer_user, employee=employee, first_sick_day=D(2026, 1, 5), today=D(2026, 1, 5)
    )
    return calculate(world, 2027, D(2026, 12, 1))


# --- Pure helpers --------------------------------------------------------------------------------------------


def test_the_first_years_calculation_is_what_the_explanation_tells(world: World) -> None:
    calculation = calculate(world)
    # 5 x 42,000 x 1.25 = 262,500; base rate 4.4% (age 40: mix 1, 10 days, 100/70); no history: F = 1.
    assert (calculation.insured_payroll, calculation.base_rate_pct) == (Decimal("262500.00"), Decimal("4.4000"))
    assert (calculation.own_absence_factor, calculation.premium) == (Decimal("1.0000"), Decimal("11550.00"))


# --- The review queue ----------------------------------------------------------------------------------------


def test_queue_shows_a_submitted_calculation_with_its_numbers_and_author(world: World, staff_login: StaffLogin) -> None:
    calculate(world)
    page = text(staff_login(world.reviewer).get(QUEUE).content)
    row = (
        "Bouwbedrijf De Steiger B.V. 2026 VOV-2026-0042 2026 € 11.550,00 geen eerdere premie "
        f"1,0000 {DASH} Anouk Auteur"
    )
    assert row in page, page


def test_queue_tabs_show_renewal_drafts_and_handled_ones_with_author_and_reviewer(
    world: World, staff_login: StaffLogin
) -> None:
    approved(world)
    PolicyFactory(employer=EmployerFactory(name="Kapsalon Knip"), policy_number="VOV-2026-0099")
    services.premium_renew(year=2026, today=D(2026, 1, 5))
    client = staff_login(world.reviewer)

    drafts = text(client.get(QUEUE + "?lijst=nog-indienen").content)
    assert "Kapsalon Knip 2026 VOV-2026-0099" in drafts
    assert "Jaarlijkse verlenging (nog niet ingediend)" in drafts
    assert "De Steiger" not in drafts

    handled = text(client.get(QUEUE + "?lijst=afgehandeld").content)
    assert "Anouk Auteur" in handled
    assert "Bart Beoordelaar" in handled
    assert "Goedgekeurd" in handled
    assert "Knip" not in handled

    waiting = text(client.get(QUEUE).content)
    assert "Er wacht geen berekening op beoordeling." in waiting
    assert "Ter beoordeling (0) Nog indienen (1) Afgehandeld (1)" in waiting


def test_queue_marks_a_capped_factor(world: World, staff_login: StaffLogin) -> None:
    calculation = capped(world)
    page = text(staff_login(world.reviewer).get(QUEUE).content)
    assert f"1,1000 {dutch(calculation.own_absence_factor_ceiling, 4)} begrensd" in page


@pytest.mark.parametrize("rows", [1, 7])
def test_queue_runs_the_same_number_of_queries_however_many_rows(
    make_user: MakeUser, staff_login: StaffLogin, django_assert_num_queries: Callable[..., object], rows: int
) -> None:
    author = make_user(Role.INSURER)
    for _ in range(rows):
        services.premium_calculate(calculated_by=author, policy=PolicyFactory(), year=2026, today=D(2026, 1, 5))
    client = staff_login(make_user(Role.INSURER))
    client.get(
        QUEUE
    )  # the first page counts the menu's tasks; the next ones take the cached count (verzuim.task_count)
    # Session, user, OTP device, the bell's unread count; status counts; page count; the rows with policy,
    # employer, parameter set and the three people in one query; the employers' earlier approved premiums, their
    # employees and their cases (premiums.staleness; no cases here, so no periods and recoveries).
    with django_assert_num_queries(10):  # type: ignore[operator]
        response = client.get(QUEUE)
    assert response.content.decode().count('href="/premies/berekeningen/') == rows


def test_queue_has_50_rows_a_page(make_user: MakeUser, staff_login: StaffLogin) -> None:
    for _ in range(51):
        PolicyFactory()
    services.premium_renew(year=2026, today=D(2026, 1, 5))
    client = staff_login(make_user(Role.INSURER))
    first = client.get(QUEUE + "?lijst=nog-indienen").content.decode()
    second = client.get(QUEUE + "?lijst=nog-indienen&pagina=2").content.decode()
    assert first.count('href="/premies/berekeningen/') == 50
    assert second.count('href="/premies/berekeningen/') == 1
    assert "Pagina 2 van 2" in text(second)
    assert 'href="?lijst=nog-indienen&amp;pagina=2"' in first


def test_insurer_dashboard_links_to_the_queue(make_user: MakeUser, staff_login: StaffLogin) -> None:
    content = staff_login(make_user(Role.INSURER)).get("/").content.decode()
    assert f'<a href="{QUEUE}">Premies beoordelen</a>' in content


def test_admin_may_look_but_the_service_refuses_a_review(
    world: World, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    calculation = calculate(world)
    client = staff_login(make_user(Role.ADMIN))
    assert client.get(QUEUE).status_code == 200
    page = client.get(detail_url(calculation)).content.decode()
    assert "Goedkeuren" not in page
    response = client.post(detail_url(calculation, "goedkeuren"))
    assert response.status_code == 403
    assert "Alleen medewerkers van de verzekeraar beoordelen premies." in text(response.content)


# --- The calculation page and the four eyes ------------------------------------------------------------------


def test_calculation_page_shows_every_input_and_intermediate_number(world: World, staff_login: StaffLogin) -> None:
    calculation = capped(world)
    page = text(staff_login(world.reviewer).get(detail_url(calculation)).content)
    own_2026 = Decimal(calculation.inputs["own_absence_pct"]["2026"])
    for row in [
        "Premieparameters geldig vanaf 01-01-2026",
        "Peildatum verzekerde werknemers 01-01-2027",
        "Aantal verzekerde werknemers 5",
        "Maximumpremieloon per werknemer € 79.409,00",
        "Opslag werkgeverslasten 25,00%",
        "Verzekerde loonsom € 262.500,00",
        "Gemiddelde leeftijd (gewogen naar loon) 41,00",
        "Factor leeftijd/loonmix 1,0000",
        "Sectortarief (F Bouwnijverheid) 4,4000%",
        "Factor eigenrisicodagen (10 werkdagen) 1,0000",
        "Factor dekking (100/70) 1,0000",
        "Basistarief (% van de loonsom) 4,4000%",
        f"Eigen verzuim 2026 (weegt 3) {dutch(own_2026, 4)}%",
        f"Gewogen eigen verzuim (A) {dutch(own_2026, 4)}%",
        "Verwacht verzuim in de sector 5,1000%",
        f"Verhouding eigen verzuim / sector (E) {dutch(calculation.experience_ratio, 4)}",
        "Meetelling eigen verzuim (Z) 15,0000%",
        f"Eigenverzuimfactor zonder begrenzing {dutch(calculation.own_absence_factor_uncapped, 4)}",
        "Eigenverzuimfactor vorig jaar 1,0000",
        "Hoogst toegestane eigenverzuimfactor (+10%) 1,1000",
        "Eigenverzuimfactor (F) 1,1000",
        "Begrenzing toegepast ja",
        "Jaarpremie € 12.705,00",
    ]:
        assert row in page, row
    assert "5 verzekerde werknemers" in page
    assert "€ 42.000,00 15-06-1985" in page


def test_a_second_insurer_approves(world: World, staff_login: StaffLogin) -> None:
    calculation = calculate(world)
    client = staff_login(world.reviewer)
    page = client.get(detail_url(calculation)).content.decode()
    assert ">Goedkeuren</button>" in page
    response = client.post(detail_url(calculation, "goedkeuren"), follow=True)
    assert response.redirect_chain == [(QUEUE, 302)]
    assert "De premie 2026 van Bouwbedrijf De Steiger B.V. is goedgekeurd." in text(response.content)
    calculation.refresh_from_db()
    assert (calculation.status, calculation.reviewed_by) == (CalculationStatus.APPROVED, world.reviewer)


def test_the_author_sees_why_there_is_no_approve_button(world: World, staff_login: StaffLogin) -> None:
    calculation = calculate(world)
    page = staff_login(world.author).get(detail_url(calculation)).content.decode()
    assert ">Goedkeuren</button>" not in page
    assert ">Afkeuren</button>" not in page
    assert "U hebt deze berekening zelf ingediend. Daarom kunt u haar niet goedkeuren of afkeuren" in text(page)


@pytest.mark.parametrize(("action", "data"), [("goedkeuren", {}), ("afkeuren", {"reason": "Klopt niet."})])
def test_the_author_posting_a_review_anyway_gets_a_403_page_with_the_dutch_message(
    world: World, staff_login: StaffLogin, action: str, data: dict[str, str]
) -> None:
    calculation = calculate(world)
    response = staff_login(world.author).post(detail_url(calculation, action), data)
    assert response.status_code == 403
    assert AUTHOR_MESSAGE in text(response.content)
    calculation.refresh_from_db()
    assert calculation.status == CalculationStatus.SUBMITTED


def test_rejecting_needs_a_reason(world: World, staff_login: StaffLogin) -> None:
    calculation = calculate(world)
    client = staff_login(world.reviewer)
    response = client.post(detail_url(calculation, "afkeuren"), {"reason": "   "})
    assert response.status_code == 200
    assert "Geef aan waarom u de berekening afkeurt." in text(response.content)
    calculation.refresh_from_db()
    assert calculation.status == CalculationStatus.SUBMITTED

    response = client.post(detail_url(calculation, "afkeuren"), {"reason": "Loonsom mist twee werknemers."})
    assert response.status_code == 302
    calculation.refresh_from_db()
    assert (calculation.status, calculation.review_note) == (
        CalculationStatus.REJECTED,
        "Loonsom mist twee werknemers.",
    )
    assert "Reden van afkeuren Loonsom mist twee werknemers." in text(client.get(detail_url(calculation)).content)


def test_a_renewal_draft_is_submitted_and_its_submitter_becomes_the_author(
    world: World, staff_login: StaffLogin
) -> None:
    services.premium_renew(year=2026, today=D(2026, 1, 5))
    draft = PremiumCalculation.objects.get()
    client = staff_login(world.author)
    assert ">Indienen</button>" in client.get(detail_url(draft)).content.decode()
    response = client.post(detail_url(draft, "indienen"), follow=True)
    assert "De berekening is ingediend." in text(response.content)
    assert "U hebt deze berekening zelf ingediend." in text(response.content)
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_by) == (CalculationStatus.SUBMITTED, world.author)


def test_a_service_conflict_is_a_dutch_message_not_an_error(world: World, staff_login: StaffLogin) -> None:
    calculation = approved(world)
    client = staff_login(world.reviewer)
    response = client.post(detail_url(calculation, "goedkeuren"))
    assert response.status_code == 409
    assert "Alleen een ingediende berekening kan worden beoordeeld." in text(response.content)
    response = client.post(detail_url(calculation, "indienen"))
    assert response.status_code == 409
    assert "Deze berekening is al ingediend of afgehandeld." in text(response.content)


def test_recalculating_makes_a_new_submission_by_whoever_asked(world: World, staff_login: StaffLogin) -> None:
    calculation = calculate(world)
    response = staff_login(world.reviewer).post(detail_url(calculation, "opnieuw-berekenen"))
    fresh = PremiumCalculation.objects.get(status=CalculationStatus.SUBMITTED)
    assert response.status_code == 302
    assert response["Location"] == detail_url(fresh)
    assert fresh.submitted_by == world.reviewer
    calculation.refresh_from_db()
    assert calculation.status == CalculationStatus.SUPERSEDED


def test_a_recalculation_the_service_refuses_shows_its_dutch_reason(world: World, staff_login: StaffLogin) -> None:
    calculation = calculate(world)
    world.employer.sbi_code = "0000"
    world.employer.save(update_fields=["sbi_code"])
    response = staff_login(world.reviewer).post(detail_url(calculation, "opnieuw-berekenen"))
    assert response.status_code == 400
    assert "Er is geen sectortarief voor SBI-code 0000" in text(response.content)
    assert PremiumCalculation.objects.get() == calculation


# --- The employer's premium ----------------------------------------------------------------------------------


def test_employer_sees_the_approved_premium_explained_with_their_numbers(world: World, client: Client) -> None:
    approved(world)
    client.force_login(world.employer_user)
    page = text(client.get(EMPLOYER_PAGE).content)
    assert "Premie 2026 Jaarpremie € 11.550,00 Polis VOV-2026-0042" in page
    assert (
        "Verzekerde loonsom: € 262.500,00. Dat zijn de jaarlonen van uw 5 verzekerde werknemers op 1 januari 2026, "
        "per werknemer tot hoogstens € 79.409,00, plus 25% werkgeverslasten. Wie na die datum in of uit dienst is "
        "gegaan, telt mee bij de volgende premieberekening." in page
    )
    assert "Het tarief voor uw sector (F Bouwnijverheid) is 4,40%." in page
    assert "We kennen uw verzuim van de drie jaar vóór het premiejaar nog niet" in page
    assert (
        "Uw verzuim telt voor 15% mee omdat u op de peildatum 5 verzekerde medewerkers had; voor de andere 85% "
        "rekenen we" in page
    )
    assert "Uw factor is 1,0000. Hij mag in een jaar met hoogstens 10% stijgen" in page
    assert "De begrenzing was niet nodig." in page
    assert "Uw premie voor 2026: € 11.550,00." in page


def test_employer_sees_what_the_cap_saved_them_and_picks_a_year(world: World, client: Client) -> None:
    calculation = services.premium_approve(reviewed_by=world.reviewer, calculation=capped(world))
    weighted = calculation.weighted_own_absence_pct
    uncapped = calculation.own_absence_factor_uncapped
    assert weighted is not None
    assert uncapped > Decimal("1.1")
    without_cap = (Decimal("262500") * Decimal("0.044") * uncapped).quantize(Decimal("0.01"))
    client.force_login(world.employer_user)

    page = text(client.get(EMPLOYER_PAGE).content)
    assert "Premie 2027" in page
    assert f"Uw gewogen verzuim was {dutch(weighted, 2)}% tegen 5,10% gemiddeld in uw sector." in page
    assert (
        f"Zonder begrenzing was uw factor {dutch(uncapped, 4)}; omdat uw factor in een jaar met hoogstens 10% mag "
        "stijgen, is hij 1,1000." in page
    )
    assert (
        f"De begrenzing scheelt u € {dutch(without_cap - Decimal('12705.00'), 2)}: zonder begrenzing was uw "
        f"premie € {dutch(without_cap, 2)} geweest." in page
    )
    assert "Uw premie voor 2027: € 12.705,00." in page
    assert "Premie 2026" not in page

    earlier = text(client.get(EMPLOYER_PAGE + "?jaar=2026").content)
    assert "Uw premie voor 2026: € 11.550,00." in earlier
    assert "Premie 2027" not in earlier


def test_a_year_without_an_approved_premium_shows_the_newest_with_a_message(world: World, client: Client) -> None:
    approved(world)
    client.force_login(world.employer_user)
    page = text(client.get(EMPLOYER_PAGE + "?jaar=2019").content)
    assert "Voor dit jaar is er geen goedgekeurde premie. U ziet nu de premie van 2026." in page
    assert "Uw premie voor 2026: € 11.550,00." in page


def test_employer_sees_nothing_before_approval(world: World, client: Client) -> None:
    calculation = calculate(world)
    client.force_login(world.employer_user)
    page = text(client.get(EMPLOYER_PAGE).content)
    assert "Er is nog geen goedgekeurde premie voor u." in page
    assert "11.550,00" not in page
    assert client.get(pdf_url(calculation)).status_code == 404


def test_employer_sees_only_their_own_premium(world: World, client: Client) -> None:
    approved(world)
    other_employer = EmployerFactory()
    for _ in range(2):
        EmployeeFactory(employer=other_employer)
    other = services.premium_approve(
        reviewed_by=world.reviewer,
        calculation=services.premium_calculate(
            calculated_by=world.author, policy=PolicyFactory(employer=other_employer), year=2026, today=D(2026, 1, 5)
        ),
    )
    client.force_login(world.employer_user)
    page = text(client.get(EMPLOYER_PAGE).content)
    assert "11.550,00" in page
    assert dutch(other.premium, 2) not in page
    assert other.policy.policy_number not in page


def test_reading_the_premium_is_audited(world: World, client: Client) -> None:
    calculation = approved(world)
    client.force_login(world.employer_user)
    client.get(EMPLOYER_PAGE)
    row = AuditLog.objects.get(actor=world.employer_user, object_type="premium_calculation")
    assert (row.action, row.object_id, row.employer) == (AuditAction.READ, str(calculation.pk), world.employer)
    assert row.changes == {"year": 2026, "view": "premium_employer"}


def test_employer_dashboard_links_to_the_premium(world: World, client: Client) -> None:
    client.force_login(world.employer_user)
    assert f'<a href="{EMPLOYER_PAGE}">Premie bekijken</a>' in client.get("/").content.decode()


# --- The premium notice (PDF) --------------------------------------------------------------------------------


def test_employer_downloads_the_notice_of_their_premium(world: World, client: Client) -> None:
    calculation = approved(world)
    client.force_login(world.employer_user)
    response = client.get(pdf_url(calculation))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="premienota-vov-2026-0042-2026.pdf"'
    document = pdf_text(response.content)
    for expected in [
        "Premienota 2026",
        "Bouwbedrijf De Steiger B.V.",
        "VOV-2026-0042",
        "Jaarpremie € 11.550,00",
        "Uw verzuim telt voor 15% mee omdat u op de peildatum 5 verzekerde medewerkers had",
        "De begrenzing was niet nodig.",
        "Eigenverzuimfactor (F) 1,0000",
        "Basistarief (% van de loonsom) 4,4000%",
        "Wie na die datum in of uit dienst is gegaan, telt mee bij de volgende premieberekening.",
    ]:
        assert expected in document, expected
    assert "Concept" not in document
    assert AuditLog.objects.filter(
        actor=world.employer_user, object_id=str(calculation.pk), changes__view="premium_notice_pdf"
    ).exists()


def test_insurer_staff_download_a_calculation_not_yet_approved_marked_as_concept(
    world: World, staff_login: StaffLogin
) -> None:
    calculation = calculate(world)
    response = staff_login(world.reviewer).get(pdf_url(calculation))
    assert response.status_code == 200
    assert f"Concept {DASH} deze berekening is niet goedgekeurd (status: Ter beoordeling)." in pdf_text(
        response.content
    )


def test_the_notice_tells_the_cap(world: World, staff_login: StaffLogin) -> None:
    calculation = capped(world)
    document = pdf_text(staff_login(world.reviewer).get(pdf_url(calculation)).content)
    assert "omdat uw factor in een jaar met hoogstens 10% mag stijgen, is hij 1,1000." in document
    assert "Begrenzing toegepast ja" in document


# --- Who gets a 404 --------------------------------------------------------------------------------------------


@pytest.fixture
def every_path(world: World) -> list[tuple[str, str]]:
    """(method, path) of every premium page, for one approved calculation of `world`."""
    calculation = approved(world)
    return [
        ("get", QUEUE),
        ("get", detail_url(calculation)),
        ("post", detail_url(calculation, "indienen")),
        ("post", detail_url(calculation, "goedkeuren")),
        ("post", detail_url(calculation, "afkeuren")),
        ("post", detail_url(calculation, "opnieuw-berekenen")),
        ("get", pdf_url(calculation)),
    ]


@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
def test_other_staff_roles_get_404_on_every_premium_page(
    world: World, every_path: list[tuple[str, str]], make_user: MakeUser, staff_login: StaffLogin, role: Role
) -> None:
    user = make_user(role)
    # A casemanager of this very employer sees its cases, never its premium.
    world.employer.casemanager = user if role == Role.CASEMANAGER else None
    world.employer.save(update_fields=["casemanager"])
    client = staff_login(user)
    for method, path in [*every_path, ("get", EMPLOYER_PAGE)]:
        assert getattr(client, method)(path).status_code == 404, path
    assert PremiumCalculation.objects.get().status == CalculationStatus.APPROVED


def test_another_employer_gets_404_on_every_premium_page(
    world: World, every_path: list[tuple[str, str]], client: Client, other_employer_user: User
) -> None:
    client.force_login(other_employer_user)
    for method, path in every_path:
        assert getattr(client, method)(path).status_code == 404, path
    assert "Er is nog geen goedgekeurde premie voor u." in text(client.get(EMPLOYER_PAGE).content)


def test_the_employer_gets_404_on_the_insurer_pages_even_for_their_own_premium(
    world: World, every_path: list[tuple[str, str]], client: Client
) -> None:
    client.force_login(world.employer_user)
    for method, path in every_path:
        if not path.endswith(".pdf"):
            assert getattr(client, method)(path).status_code == 404, path


def test_insurer_staff_get_404_on_the_employer_page(world: World, staff_login: StaffLogin) -> None:
    assert staff_login(world.reviewer).get(EMPLOYER_PAGE).status_code == 404


@pytest.mark.parametrize("calculation_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_missing_calculation_is_404(world: World, staff_login: StaffLogin, calculation_id: str) -> None:
    client = staff_login(world.reviewer)
    assert client.get(f"/premies/berekeningen/{calculation_id}/").status_code == 404
    assert client.get(f"/premie/{calculation_id}/premienota.pdf").status_code == 404


def test_anonymous_is_sent_to_the_login_page(world: World, client: Client) -> None:
    for path in (QUEUE, EMPLOYER_PAGE):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen/")


# --- Stale data and the change against the last approved premium (issue 19 item 9) ----------------------------

MINUS = "\N{MINUS SIGN}"
STALE_MESSAGE = (
    "De gegevens van de werkgever zijn gewijzigd sinds deze berekening. Bereken de premie opnieuw, of bevestig dat "
    "u haar toch met de gegevens van toen goedkeurt."
)


def stale_2027(world: World) -> PremiumCalculation:
    """The capped 2027 calculation (made 1 December 2026, 5 insured on 1 January 2027); then a sixth employee is
    entered who starts on 15 December 2026, before the reference date."""
    calculation = capped(world)
    EmployeeFactory(employer=world.employer, yearly_wage=Decimal(42000), employment_start=D(2026, 12, 15))
    return calculation


def recalculate_action(page: str) -> str:
    (action,) = re.findall(r'action="(/premies/berekeningen/[^"]+/opnieuw-berekenen/)"', page)
    return action


def test_queue_shows_the_change_against_last_years_premium_and_warns_of_changed_data(
    world: World, staff_login: StaffLogin
) -> None:
    calculation = stale_2027(world)
    content = staff_login(world.reviewer).get(QUEUE).content.decode()
    page = text(content)
    # 2026 approved at € 11.550,00; 2027 at € 12.705,00: € 1.155,00 more, 10,0 %.
    assert "2027 € 12.705,00 + € 1.155,00 (+10,0%) 1,1000" in page, page
    assert "Ter beoordeling Gegevens gewijzigd Het personeelsbestand is gewijzigd sinds de berekening." in page
    assert recalculate_action(content) == detail_url(calculation, "opnieuw-berekenen")


def test_queue_writes_a_fall_with_a_minus_sign_and_no_warning_when_the_data_hold(
    world: World, staff_login: StaffLogin
) -> None:
    last_year = approved(world)
    leaver = world.employer.employees.first()
    assert leaver is not None
    leaver.employment_end = D(2026, 6, 30)
    leaver.save()
    calculation = calculate(world, 2027, D(2026, 12, 1))
    amount = last_year.premium - calculation.premium
    pct = (amount / last_year.premium * 100).quantize(Decimal("0.1"))
    assert amount > 0
    content = staff_login(world.reviewer).get(QUEUE).content.decode()
    page = text(content)
    assert f"€ {dutch(calculation.premium, 2)} {MINUS} € {dutch(amount, 2)} ({MINUS}{dutch(pct, 1)}%)" in page, page
    assert "Gegevens gewijzigd" not in page
    assert "opnieuw-berekenen" not in content


def test_admin_sees_the_warning_but_no_recalculate_button(
    world: World, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    stale_2027(world)
    content = staff_login(make_user(Role.ADMIN)).get(QUEUE).content.decode()
    assert "Gegevens gewijzigd" in text(content)
    assert "opnieuw-berekenen" not in content


def test_recalculating_from_the_queue_is_one_click_and_supersedes_the_stale_calculation(
    world: World, staff_login: StaffLogin
) -> None:
    stale = stale_2027(world)
    client = staff_login(world.reviewer)
    response = client.post(recalculate_action(client.get(QUEUE).content.decode()))
    fresh = PremiumCalculation.objects.get(year=2027, status=CalculationStatus.SUBMITTED)
    assert response.status_code == 302
    assert response["Location"] == detail_url(fresh)
    stale.refresh_from_db()
    assert stale.status == CalculationStatus.SUPERSEDED
    assert (fresh.employee_count, fresh.submitted_by) == (6, world.reviewer)
    page = text(client.get(detail_url(fresh)).content)
    assert "Let op: de gegevens van de werkgever zijn gewijzigd" not in page
    assert "Gegevens gewijzigd" not in text(client.get(QUEUE).content)


def test_calculation_page_shows_the_change_and_what_changed_since(world: World, staff_login: StaffLogin) -> None:
    calculation = stale_2027(world)
    world.employer.employees.filter(pk=world.employer.employees.order_by("pk")[1].pk).update(yearly_wage=Decimal(45000))
    # text() spaces every element; a date is a nowrap span, so its following punctuation is put back against it.
    page = re.sub(r" ([.:])", r"\1", text(staff_login(world.reviewer).get(detail_url(calculation)).content))
    assert "Verschil met vorige goedgekeurde premie + € 1.155,00 (+10,0%) (tegen € 11.550,00 in 2026)" in page
    assert (
        "Let op: de gegevens van de werkgever zijn gewijzigd sinds deze berekening. Deze premie is berekend op "
        "01-12-2026. Met de gegevens van nu komt de berekening anders uit: "
        "verzekerde werknemers op de peildatum 01-01-2027: toen 5, nu 6 "
        "verzekerde loonsom: toen € 262.500,00, nu € 318.750,00 Bereken de premie opnieuw" in page
    ), page
    assert "Ik heb gezien dat de gegevens van de werkgever zijn gewijzigd en keur deze premie toch goed." in page


def test_calculation_page_of_a_first_premium_on_current_data(world: World, staff_login: StaffLogin) -> None:
    content = staff_login(world.reviewer).get(detail_url(calculate(world))).content.decode()
    assert "Verschil met vorige goedgekeurde premie Er is nog geen eerder goedgekeurde premie" in text(content)
    assert "Let op: de gegevens" not in content
    assert 'name="confirm_stale"' not in content


def test_approving_a_stale_calculation_needs_the_box_ticked(world: World, staff_login: StaffLogin) -> None:
    calculation = stale_2027(world)
    client = staff_login(world.reviewer)
    refused = client.post(detail_url(calculation, "goedkeuren"))
    assert refused.status_code == 200
    assert STALE_MESSAGE in text(refused.content)
    assert 'name="confirm_stale"' in refused.content.decode()
    calculation.refresh_from_db()
    assert calculation.status == CalculationStatus.SUBMITTED

    response = client.post(detail_url(calculation, "goedkeuren"), {"confirm_stale": "on"})
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    calculation.refresh_from_db()
    assert calculation.status == CalculationStatus.APPROVED


def test_employer_sees_why_the_premium_counts_fewer_employees_than_their_list(world: World, client: Client) -> None:
    approved(world)
    EmployeeFactory(employer=world.employer, employment_start=D(2026, 3, 1))
    client.force_login(world.employer_user)
    page = text(client.get(EMPLOYER_PAGE).content)
    assert (
        "Waarom een ander aantal medewerkers dan in uw personeelsoverzicht? Deze premie is berekend met 5 "
        "verzekerde medewerkers: wie op de peildatum 1 januari 2026 bij u in dienst was. In uw personeelsoverzicht "
        "staan nu 6 medewerkers in dienst. Dat verschil klopt: medewerkers die na de peildatum in of uit dienst zijn "
        "gegaan, tellen voor deze premie niet mee. Wij verwerken ze bij de volgende premieberekening." in page
    ), page


def test_employer_is_told_when_their_data_of_the_reference_date_changed_after_approval(
    world: World, client: Client
) -> None:
    approved(world)
    EmployeeFactory(employer=world.employer, employment_start=D(2025, 6, 1))
    client.force_login(world.employer_user)
    page = text(client.get(EMPLOYER_PAGE).content)
    assert "Deze premie is berekend met 5 verzekerde medewerkers" in page
    assert "In uw personeelsoverzicht staan nu 6 medewerkers in dienst." in page
    assert (
        "Na de berekening op 5 januari 2026 zijn uw gegevens over 1 januari 2026 gewijzigd: volgens uw "
        "personeelsoverzicht waren er op die datum 6 medewerkers in dienst. Wij beoordelen of uw premie daardoor "
        "opnieuw berekend moet worden." in page
    ), page
    assert "Dat verschil klopt" not in page


def test_employer_gets_no_note_when_the_headcount_matches(world: World, client: Client) -> None:
    approved(world)
    client.force_login(world.employer_user)
    assert "Waarom een ander aantal medewerkers" not in text(client.get(EMPLOYER_PAGE).content)


@pytest.mark.parametrize("rows", [1, 7])
def test_queue_with_stale_rows_and_cases_stays_at_a_fixed_number_of_queries(
    make_user: MakeUser, staff_login: StaffLogin, django_assert_num_queries: Callable[..., object], rows: int
) -> None:
    author, reviewer = make_user(Role.INSURER), make_user(Role.INSURER)
    for _ in range(rows):
        policy = PolicyFactory()
        employee = EmployeeFactory(employer=policy.employer)
        services.premium_approve(
            reviewed_by=reviewer,
            calculation=services.premium_calculate(calculated_by=author, policy=policy, year=2026, today=JANUARY_5),
        )
        case_services.case_report_sickness(
            reported_by=make_user(Role.EMPLOYER, employer=policy.employer),
            employee=employee,
            first_sick_day=D(2026, 3, 2),
            today=D(2026, 3, 2),
        )
        services.premium_calculate(calculated_by=author, policy=policy, year=2027, today=D(2026, 12, 1))
        EmployeeFactory(employer=policy.employer, employment_start=D(2026, 12, 2))
    client = staff_login(reviewer)
    client.get(
        QUEUE
    )  # the first page counts the menu's tasks; the next ones take the cached count (verzuim.task_count)
    # The 7 of the queue; earlier approved premiums; employees, cases, sick periods, recoveries.
    with django_assert_num_queries(12):  # type: ignore[operator]
        page = text(client.get(QUEUE).content)
    assert page.count("Gegevens gewijzigd") == rows


def test_an_approved_premium_on_stale_data_is_flagged_for_recalculation(world: World, staff_login: StaffLogin) -> None:
    calculation = approved(world)
    EmployeeFactory(employer=world.employer, employment_start=D(2025, 6, 1))
    client = staff_login(world.reviewer)
    handled = text(client.get(QUEUE + "?lijst=afgehandeld").content)
    assert "Goedgekeurd Gegevens gewijzigd" in handled
    page = text(client.get(detail_url(calculation)).content)
    assert "Deze premie is al goedgekeurd. Bereken haar opnieuw met de gegevens van nu" in page
    assert "Opnieuw berekenen" in page


def test_a_sickness_reported_late_shows_as_changed_absence(world: World, staff_login: StaffLogin) -> None:
    calculation = calculate(world, 2027, D(2026, 12, 1))
    employee = world.employer.employees.first()
    assert employee is not None
    # Reported on 1 December 2026, after the calculation, but sick since 2 November: inside the 2026 window.
    case_services.case_report_sickness(
        reported_by=world.employer_user, employee=employee, first_sick_day=D(2026, 11, 2), today=D(2026, 12, 1)
    )
    client = staff_login(world.reviewer)
    assert "Gegevens gewijzigd Het verzuim is gewijzigd sinds de berekening." in text(client.get(QUEUE).content)
    fresh = staleness.check(calculation).freshness
    assert fresh is not None
    (change,) = fresh.absence_changes
    assert change.now is not None
    page = text(client.get(detail_url(calculation)).content)
    assert f"eigen verzuim 2026: toen 0,0000%, nu {dutch(change.now, 4)}%" in page, page
