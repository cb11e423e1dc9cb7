"""The income conversation's pages: the casemanager's page on the case (Bereken without saving,
Gesprek vastleggen completing the step, the PDF handout, the link for the employee), the employee's page behind
the one-time link, and the 404 for every other role and tenant.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from cases.absence.models import AbsenceCase, Step, StepState
from cases.documents.models import OneTimeLink
from cases.income import pdf
from cases.income import services as services_income
from cases.income.chart import income_result
from cases.income.models import IncomeConversation
from tests.cases.factories import make_case
from tests.cases.test_income_service import FACTS
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim.mail import mail_send_pending
from verzuim.models import AuditAction, AuditLog, Employer, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
TOKEN_IN_MAIL = re.compile(r"/werknemer/inkomen/([A-Za-z0-9_-]{43})/")
ACCEPTANCE_AMOUNTS = ["2.800,00", "2.250,00", "2.100,00", "1.400,00"]


def today() -> dt.date:
    return timezone.localdate()


def text(response: Any) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body)


def field_error(response: Any, field_id: str) -> str:
    match = re.search(
        rf'<p class="utrecht-form-field-error-message error" id="{re.escape(field_id)}_error">(.*?)</p>',
        response.content.decode(),
    )
    assert match, f"no error at {field_id}"
    return match.group(1)


class _Page(HTMLParser):
    """The parts of the result the tests look at: the chart's blocks, the table's rows, the form's values."""

    def __init__(self) -> None:
        super().__init__()
        self.svgs = 0
        self.blocks: list[str] = []
        self.rows: list[str] = []
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.svgs += tag == "svg"
        if tag == "rect" and str(values.get("class", "")).startswith("income-"):
            self.blocks.append(str(values["class"]))
        if tag == "tr" and values.get("class") == "income-row":
            self.rows.append(str(values.get("data-phase")))
        if tag == "input" and values.get("name") and values.get("type") not in {"radio", "hidden"}:
            self.values[str(values["name"])] = str(values.get("value") or "")


def parsed(response: Any) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


def form_data(action: str = "bereken", **overrides: str) -> dict[str, str]:
    data = {
        "held_on": f"{today():%Y-%m-%d}",
        "monthly_wage": "4000,00",
        "weekly_hours": "36",
        "date_of_birth": "",
        "reference_date": "2026-06-01",
        "work_history_years": "12",
        "incapacity_pct": "50",
        "durable": "nee",
        "remaining_capacity_monthly": "2000",
        "expected_earnings_monthly": "1000,00",
        "topup_year1_pct": "",
        "topup_year2_pct": "",
        "action": action,
    }
    data.update(overrides)
    return data


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


# --- Fixtures ---------------------------------------------------------------------------------------------------


@pytest.fixture
def casemanager(make_user: MakeUser) -> User:
    return make_user(Role.CASEMANAGER, full_name="Carla Casemanager")


@pytest.fixture
def employer(employer_user: User, casemanager: User) -> Employer:
    employer = employer_user.employer
    assert employer is not None
    employer.name = "Bakkerij De Korenschoof"
    employer.casemanager = casemanager
    employer.save()
    return employer


@pytest.fixture
def case(employer: Employer, employer_user: User) -> AbsenceCase:
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    return make_case(employee=employee, reported_by=employer_user, days_sick=340)


def url(case: AbsenceCase, rest: str = "") -> str:
    return f"/verzuim/{case.pk}/inkomen/{rest}"


def record(case: AbsenceCase, by: User, **overrides: Any) -> IncomeConversation:
    return services_income.income_conversation_record(held_by=by, case=case, held_on=today(), **{**FACTS, **overrides})


def income_step(case: AbsenceCase) -> Step:
    return Step.objects.get(case=case, code="income_insight")


def send_link(client: Client, case: AbsenceCase) -> str:
    mail.outbox.clear()
    response = client.post(url(case, "link/"), {"link-email": "sanne@example.nl"})
    assert response.status_code == 302, text(response)
    assert mail.outbox == []  # the outbox's beat job sends it
    mail_send_pending()
    match = TOKEN_IN_MAIL.search(mail.outbox[-1].body)
    assert match
    return match.group(1)


def employee_url(token: str, rest: str = "") -> str:
    return f"/werknemer/inkomen/{token}/{rest}"


def claimed_client(token: str) -> Client:
    """A fresh browser that opened the link with the button."""
    browser = Client()
    assert browser.post(employee_url(token), {"action": "openen"}).status_code == 302
    return browser


# --- The casemanager's page -------------------------------------------------------------------------------------


def test_the_page_starts_empty_with_todays_dates(staff_login: StaffLogin, casemanager: User, case: AbsenceCase) -> None:
    response = staff_login(casemanager).get(url(case))
    assert response.status_code == 200
    page = parsed(response)
    assert page.values["held_on"] == page.values["reference_date"] == f"{today():%Y-%m-%d}"
    assert page.values["monthly_wage"] == ""
    assert "Er is nog geen gesprek vastgelegd." in text(response)
    assert page.svgs == 0


def test_calculate_shows_chart_and_one_table_row_per_phase_without_saving(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    response = staff_login(casemanager).post(url(case), form_data("bereken"))
    assert response.status_code == 200
    page = parsed(response)
    assert page.svgs == 1
    assert page.rows == ["year1", "year2", "wga_wage_related_first", "wga_wage_related", "wga_wage_supplement"]
    assert page.blocks == ["income-employer", "income-employer", "income-uwv", "income-uwv", "income-uwv"]
    body = text(response)
    assert "Dit is een berekening met de getallen uit het formulier. Er is niets opgeslagen." in body
    for amount in ACCEPTANCE_AMOUNTS:
        assert f"€ {amount}" in body
    assert "maand 25 tot en met 26" in body
    assert "vanaf maand 36, zonder vaste einddatum" in body
    assert not IncomeConversation.objects.exists()
    assert income_step(case).state == StepState.OPEN


def test_recording_completes_the_step_and_prefills_the_form_next_time(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    client = staff_login(casemanager)
    response = client.post(url(case), form_data("vastleggen"), follow=True)
    assert response.redirect_chain == [(url(case), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Het gesprek over de inkomensgevolgen is vastgelegd. De stap “Gesprek inkomensgevolgen met werknemer” is "
        "afgerond."
    ]
    conversation = IncomeConversation.objects.get()
    assert (conversation.monthly_wage, conversation.expected_earnings_monthly) == (
        Decimal("4000.00"),
        Decimal("1000.00"),
    )
    step = income_step(case)
    assert (step.state, step.completed_on, step.completed_by) == (StepState.DONE, today(), casemanager)
    page = parsed(response)
    assert page.values["monthly_wage"] == "4.000,00"  # Dutch format (verzuim.numbers), from the last conversation
    assert page.values["incapacity_pct"] == "50"
    assert page.svgs == 1


def test_field_errors_are_dutch_at_the_field_and_nothing_is_saved(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    client = staff_login(casemanager)
    response = client.post(
        url(case), form_data("vastleggen", monthly_wage="vierduizend", reference_date="2024-12-31", durable="")
    )
    assert response.status_code == 200
    assert field_error(response, "id_monthly_wage") == (
        "„vierduizend” is geen getal: gebruik alleen cijfers, een punt voor duizendtallen en een komma voor de "
        "decimalen. Vul een bedrag in, bijvoorbeeld 2500,00."
    )
    assert field_error(response, "id_durable") == "Kies ja of nee."
    assert not IncomeConversation.objects.exists()
    response = client.post(url(case), form_data("vastleggen", reference_date="2024-12-31"))
    assert field_error(response, "id_reference_date") == (
        "Voor een peildatum vóór 1 januari 2025 zijn geen wettelijke bedragen bekend."
    )
    response = client.post(url(case), form_data("bereken", held_on=f"{today() + dt.timedelta(days=1):%Y-%m-%d}"))
    assert parsed(response).svgs == 1  # the day of the conversation does not matter for a calculation
    response = client.post(url(case), form_data("vastleggen", held_on=f"{today() + dt.timedelta(days=1):%Y-%m-%d}"))
    assert field_error(response, "id_held_on") == "De datum van het gesprek kan niet in de toekomst liggen."
    assert not IncomeConversation.objects.exists()
    assert income_step(case).state == StepState.OPEN


def test_a_posted_field_the_form_does_not_have_is_refused(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    response = staff_login(casemanager).post(url(case), form_data("vastleggen", diagnosis="rugklachten"))
    assert response.status_code == 400
    assert "Het formulier bevat gegevens die hier niet horen." in text(response)
    assert not IncomeConversation.objects.exists()


def test_the_case_page_offers_the_conversation_instead_of_completing_the_step_by_hand(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    client = staff_login(casemanager)
    response = client.get(f"/verzuim/{case.pk}/")
    body = response.content.decode()
    assert f'action="/verzuim/{case.pk}/stappen/income_insight/' not in body
    assert body.count(f'href="{url(case)}"') == 2  # in the step row and in the section "Inkomensgevolgen"
    refused = client.post(
        f"/verzuim/{case.pk}/stappen/income_insight/afronden/", {"income_insight-completed_on": f"{today():%Y-%m-%d}"}
    )
    assert refused.status_code == 409
    assert "Deze stap wordt afgerond door het gesprek over de inkomensgevolgen vast te leggen." in text(refused)
    assert income_step(case).state == StepState.OPEN


def test_other_roles_see_no_link_to_the_conversation(client: Client, employer_user: User, case: AbsenceCase) -> None:
    client.force_login(employer_user)
    assert url(case) not in client.get(f"/verzuim/{case.pk}/").content.decode()


def test_reading_the_page_is_audited(staff_login: StaffLogin, casemanager: User, case: AbsenceCase) -> None:
    conversation = record(case, casemanager)
    staff_login(casemanager).get(url(case))
    read = AuditLog.objects.get(object_type="income_conversation", action=AuditAction.READ)
    assert (read.actor, read.object_id, read.changes) == (casemanager, str(conversation.pk), {"view": "page"})


# --- Who may -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER, Role.ADMIN, Role.CASEMANAGER])
def test_other_staff_get_404_on_every_income_page(
    staff_login: StaffLogin, make_user: MakeUser, casemanager: User, case: AbsenceCase, role: Role
) -> None:
    record(case, casemanager)
    other = make_user(role)
    if role == Role.OCCUPATIONAL_PHYSICIAN:  # the employer's own physician sees the case, not this page
        Employer.objects.filter(pk=case.employer_id).update(occupational_physician=other)
    if role == Role.CASEMANAGER:  # a casemanager of another employer (another tenant)
        EmployerFactory(casemanager=other)
    client = staff_login(other)
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case), form_data("vastleggen")).status_code == 404
    assert client.get(url(case, "handout.pdf")).status_code == 404
    assert client.post(url(case, "link/"), {"link-email": "sanne@example.nl"}).status_code == 404
    assert IncomeConversation.objects.count() == 1
    assert not OneTimeLink.objects.exists()


def test_the_employer_gets_404(client: Client, employer_user: User, casemanager: User, case: AbsenceCase) -> None:
    record(case, casemanager)
    client.force_login(employer_user)
    assert client.get(url(case)).status_code == 404
    assert client.get(url(case, "handout.pdf")).status_code == 404


def test_an_unknown_case_gets_404(staff_login: StaffLogin, casemanager: User) -> None:
    assert staff_login(casemanager).get("/verzuim/00000000-0000-0000-0000-000000000000/inkomen/").status_code == 404


# --- The handout -------------------------------------------------------------------------------------------------


def test_the_handout_is_a_pdf_with_the_recorded_amounts(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    record(case, casemanager)
    response = staff_login(casemanager).get(url(case, "handout.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="inkomensgevolgen-sanne-de-vries-{today():%Y-%m-%d}.pdf"'
    )
    content = pdf_text(response.content)
    for amount in ACCEPTANCE_AMOUNTS:
        assert f"€ {amount}" in content
    assert "WGA-loonaanvullingsuitkering" in content
    assert "vanaf maand 36, zonder vaste einddatum" in content


def test_the_handout_is_rendered_by_weasyprint_with_chart_and_explanations(
    casemanager: User, case: AbsenceCase
) -> None:
    conversation = record(case, casemanager)
    result = income_result(services_income.income_facts(conversation))
    rendered = pdf.income_handout_render(case=case, conversation=conversation, result=result)
    assert rendered.pdf.startswith(b"%PDF-")
    assert rendered.html.count('<rect class="income-') == 5
    content = pdf_text(rendered.pdf)
    assert "Uw inkomen tijdens en na ziekte" in content
    assert "Wie betaalt: Uw werkgever." in content
    assert "Wie betaalt: UWV." in content


def test_no_handout_before_a_conversation(staff_login: StaffLogin, casemanager: User, case: AbsenceCase) -> None:
    assert staff_login(casemanager).get(url(case, "handout.pdf")).status_code == 404


# --- Query counts ------------------------------------------------------------------------------------------------


def test_the_page_query_count_does_not_grow_with_conversations(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase, django_assert_num_queries: Any
) -> None:
    client = staff_login(casemanager)
    record(case, casemanager)
    client.get(url(case))  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(url(case))
    for pct in ("60", "70", "90"):
        record(case, casemanager, incapacity_pct=Decimal(pct))
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url(case))


def test_the_employee_page_query_count_does_not_grow_with_conversations(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase, django_assert_num_queries: Any
) -> None:
    record(case, casemanager)
    token = send_link(staff_login(casemanager), case)
    browser = claimed_client(token)
    with CaptureQueriesContext(connection) as one:
        browser.get(employee_url(token))
    for pct in ("60", "70", "90"):
        record(case, casemanager, incapacity_pct=Decimal(pct))
    with django_assert_num_queries(len(one.captured_queries)):
        browser.get(employee_url(token))


# --- The employee's link ------------------------------------------------------------------------------------------


def test_sending_the_link_needs_a_recorded_conversation(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    response = staff_login(casemanager).post(url(case, "link/"), {"link-email": "sanne@example.nl"})
    assert response.status_code == 409
    assert "Leg eerst het gesprek vast: de link toont de cijfers van het laatste gesprek." in text(response)
    assert not OneTimeLink.objects.exists()


def test_sending_the_link_needs_a_valid_address(staff_login: StaffLogin, casemanager: User, case: AbsenceCase) -> None:
    record(case, casemanager)
    response = staff_login(casemanager).post(url(case, "link/"), {"link-email": "geen-adres"})
    assert field_error(response, "id_link-email") == "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
    assert not OneTimeLink.objects.exists()


def test_the_employee_opens_the_link_once_and_sees_the_latest_figures(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    record(case, casemanager)
    token = send_link(staff_login(casemanager), case)
    browser = Client()
    intro = browser.get(employee_url(token))
    assert intro.status_code == 200
    assert intro["X-Robots-Tag"] == "noindex, nofollow"
    assert "Toon mijn overzicht" in text(intro)
    assert parsed(intro).svgs == 0
    assert OneTimeLink.objects.get().used_at is None  # looking (or a mail scanner) does not use it

    opened = browser.post(employee_url(token), {"action": "openen"}, follow=True)
    assert opened.redirect_chain == [(employee_url(token), 302)]
    page = parsed(opened)
    assert page.svgs == 1
    assert len(page.rows) == 5
    assert "Beste Sanne de Vries, dit is de uitkomst van het gesprek met uw casemanager" in text(opened)
    assert "Bakkerij De Korenschoof" not in text(opened).split("Beste")[0]  # no portal navigation or case data
    assert OneTimeLink.objects.get().used_at is not None
    assert browser.get(employee_url(token)).status_code == 200  # the same browser again

    elsewhere = Client()
    assert elsewhere.get(employee_url(token)).status_code == 404
    assert elsewhere.post(employee_url(token), {"action": "openen"}).status_code == 404
    assert elsewhere.get(employee_url(token, "handout.pdf")).status_code == 404


def test_the_employee_tries_other_numbers_and_nothing_is_saved(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    record(case, casemanager)
    token = send_link(staff_login(casemanager), case)
    browser = claimed_client(token)
    data = {
        key: value for key, value in form_data("bereken", incapacity_pct="90", durable="ja").items() if key != "held_on"
    }
    response = browser.post(employee_url(token), data)
    assert response.status_code == 200
    assert parsed(response).rows == ["year1", "year2", "iva"]
    assert "Er is niets opgeslagen" in text(response)
    assert IncomeConversation.objects.get().incapacity_pct == Decimal("50")
    wrong = browser.post(employee_url(token), {**data, "work_history_years": "-1"})
    assert field_error(wrong, "id_work_history_years") == "Geef een arbeidsverleden van 0 tot en met 60 jaar op."


def test_the_employee_downloads_the_handout_in_their_browser(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    record(case, casemanager)
    token = send_link(staff_login(casemanager), case)
    assert Client().get(employee_url(token, "handout.pdf")).status_code == 404  # not before the button
    response = claimed_client(token).get(employee_url(token, "handout.pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert "€ 2.800,00" in pdf_text(response.content)


def test_an_expired_link_does_not_open_even_in_its_browser(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    record(case, casemanager)
    token = send_link(staff_login(casemanager), case)
    browser = claimed_client(token)
    OneTimeLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = browser.get(employee_url(token))
    assert response.status_code == 404
    assert "Deze link is niet (meer) geldig" in text(response)


def test_an_unknown_token_and_the_sign_page_give_the_same_404(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    record(case, casemanager)
    token = send_link(staff_login(casemanager), case)
    assert Client().get(employee_url("x" * 43)).status_code == 404
    assert Client().get(f"/werknemer/{token}/").status_code == 404  # the income link is no sign or view link


def test_the_years_before_2016_go_through_the_form_into_the_conversation_and_the_handout(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    client = staff_login(casemanager)
    response = client.post(
        url(case), form_data("vastleggen", work_history_years="12", work_history_years_before_2016="13")
    )
    assert field_error(response, "id_work_history_years_before_2016") == (
        "De jaren vóór 2016 kunnen niet meer zijn dan het hele arbeidsverleden."
    )
    assert not IncomeConversation.objects.exists()
    response = client.post(
        url(case), form_data("vastleggen", work_history_years="26", work_history_years_before_2016="14"), follow=True
    )
    assert IncomeConversation.objects.get().work_history_years_before_2016 == 14
    assert parsed(response).values["work_history_years_before_2016"] == "14"
    content = pdf_text(client.get(url(case, "handout.pdf")).content)
    assert "Waarvan vóór 2016 14 jaar" in content


# --- The employee's own minimum wage and the top-ups' warning ------------------------------------------------------


def test_before_any_conversation_the_form_has_the_employees_contract_hours_and_date_of_birth(
    staff_login: StaffLogin, casemanager: User, employer: Employer, employer_user: User
) -> None:
    employee = EmployeeFactory(
        employer=employer,
        weekly_hours=Decimal("24.50"),
        date_of_birth=dt.date(2006, 3, 9),
        employment_start=dt.date(2024, 1, 1),
    )
    case = make_case(employee=employee, reported_by=employer_user, days_sick=340)
    page = parsed(staff_login(casemanager).get(url(case)))
    assert page.values["weekly_hours"] == "24,5"
    assert page.values["date_of_birth"] == "2006-03-09"


def test_the_conversations_hours_win_over_the_contract_once_recorded(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    record(case, casemanager, weekly_hours=Decimal("20.00"), date_of_birth=None)
    page = parsed(staff_login(casemanager).get(url(case)))
    assert (page.values["weekly_hours"], page.values["date_of_birth"]) == ("20", "")


def test_hours_are_required_and_a_date_of_birth_lies_before_the_reference_date(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    client = staff_login(casemanager)
    response = client.post(url(case), form_data("vastleggen", weekly_hours="", date_of_birth="2026-06-01"))
    assert field_error(response, "id_weekly_hours") == "Vul het aantal uren per week in, bijvoorbeeld 36."
    assert field_error(response, "id_date_of_birth") == "De geboortedatum moet vóór de peildatum liggen."
    response = client.post(url(case), form_data("vastleggen", weekly_hours="61"))
    assert field_error(response, "id_weekly_hours") == "Geef een aantal uren per week van meer dan 0 tot en met 60 op."
    assert not IncomeConversation.objects.exists()


def test_the_year_one_floor_follows_the_hours_on_the_page(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    response = staff_login(casemanager).post(url(case), form_data("bereken", monthly_wage="1500", weekly_hours="20"))
    assert "€ 1.274,87" in text(response)  # 14.71 x 20 x 52 / 12


TOPUPS_WARNING = "De doorbetaling uit de cao of arbeidsovereenkomst is in de twee ziektejaren samen meer dan 170%"


def test_top_ups_above_170_pct_show_a_warning_near_the_result_and_are_still_computed(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    client = staff_login(casemanager)
    response = client.post(url(case), form_data("bereken", topup_year1_pct="100", topup_year2_pct="80"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-warning="topups_above_170_pct"' in body
    assert TOPUPS_WARNING in text(response)
    assert "€ 4.000,00" in text(response)
    assert "€ 3.200,00" in text(response)
    response = client.post(url(case), form_data("bereken", topup_year1_pct="100"))
    assert "data-warning=" not in response.content.decode()


def test_the_handout_shows_the_hours_the_date_of_birth_and_the_warning(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    record(
        case,
        casemanager,
        weekly_hours=Decimal("32.00"),
        date_of_birth=dt.date(1990, 2, 1),
        topup_year1_pct=Decimal(100),
        topup_year2_pct=Decimal(90),
    )
    content = pdf_text(staff_login(casemanager).get(url(case, "handout.pdf")).content)
    assert "Uren per week 32" in content
    assert "Geboortedatum 1 februari 1990" in content
    assert TOPUPS_WARNING in content
    assert "€ 3.600,00" in content  # 90% of 4000 in the second year


def test_the_employee_page_shows_the_warning_of_the_recorded_top_ups(
    staff_login: StaffLogin, casemanager: User, case: AbsenceCase
) -> None:
    record(case, casemanager, topup_year1_pct=Decimal(100), topup_year2_pct=Decimal(90))
    token = send_link(staff_login(casemanager), case)
    response = claimed_client(token).get(employee_url(token))
    assert response.status_code == 200
    assert TOPUPS_WARNING in text(response)
    assert parsed(response).values["weekly_hours"] == "36"
