"""The pages of absence cases: sickness and recovery reports, the case page, the medical compartment, the caseload.

Each role sees only what docs/domain.md §3 allows; a case that is not yours is a 404 like a missing one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any, cast

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.absence import services
from cases.absence.forms import SicknessReportForm
from cases.absence.models import AbsenceCase, CaseAssignment, CaseStatus, Step, StepState
from cases.medical import services as services_medical
from cases.medical.models import FunctionalAssessment, MedicalNote
from tests.cases.factories import make_case, own_arbodienst
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim.models import AuditLog, Employee, Employer, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]

SICKNESS_FORM = "/verzuim/ziekmelden/"
ALLOWED_SICKNESS_FIELDS = {
    "employee",
    "first_sick_day",
    "expected_duration_days",
    "phone",
    "care_address",
    "safety_net",
    "work_accident",
    "third_party_liable",
}
# Not a fact about the sickness: the form's one-time key that makes a retried POST harmless (decision 376).
SICKNESS_FORM_KEY = "report_key"
CASE_PAGES = [
    "/verzuim/{id}/",
    "/verzuim/{id}/hersteld/",
    "/verzuim/{id}/medisch/",
]
CASE_POSTS = [
    "/verzuim/{id}/hersteld/",
    "/verzuim/{id}/stappen/report_to_ohs/afronden/",
    "/verzuim/{id}/casemanager/",
    "/verzuim/{id}/medisch/",
    "/verzuim/{id}/medisch/functionele-mogelijkheden/",
]


def today() -> dt.date:
    return timezone.localdate()


def days_ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


class _FormFields(HTMLParser):
    """The names of the inputs of the form posting to `action` (or of every form when action is None)."""

    def __init__(self, action: str | None = None) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.names: set[str] = set()
        self.textareas = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.inside = self.action is None or values.get("action") == self.action
        elif self.inside and tag in {"input", "select", "textarea"} and values.get("name"):
            self.names.add(str(values["name"]))
            self.textareas += tag == "textarea"

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def form_fields(html: str, action: str | None = None) -> _FormFields:
    parser = _FormFields(action)
    parser.feed(html)
    return parser


def text(response: Any) -> str:
    """The page as text: tags removed, whitespace collapsed (for asserting what a person reads)."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body)


def field_error(response: Any, field_id: str) -> str:
    match = re.search(
        rf'<p class="utrecht-form-field-error-message error" id="{re.escape(field_id)}_error">(.*?)</p>',
        response.content.decode(),
    )
    assert match, f"no error at {field_id}"
    return match.group(1)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Fixtures ---------------------------------------------------------------------------------------------------


@pytest.fixture
def casemanager(make_user: MakeUser) -> User:
    return make_user(Role.CASEMANAGER, full_name="Carla Casemanager")


@pytest.fixture
def physician(make_user: MakeUser) -> User:
    return make_user(Role.OCCUPATIONAL_PHYSICIAN, full_name="Bram Bedrijfsarts")


@pytest.fixture
def employer(employer_user: User, casemanager: User, physician: User) -> Employer:
    employer = employer_user.employer
    assert employer is not None
    employer.casemanager = casemanager
    employer.occupational_physician = physician
    employer.save()
    # Its own arbodienst: the report to the arbodienst stays an open employer step, completed by hand (the policy's
    # arbodienst completes it at the report: tests/cases/test_arbodienst_report.py).
    own_arbodienst(employer)
    return employer


@pytest.fixture
def employee(employer: Employer) -> Employee:
    return EmployeeFactory(
        employer=employer, first_name="Sanne", last_name="de Vries", employment_start=dt.date(2015, 1, 1)
    )


@pytest.fixture
def case(employee: Employee, employer_user: User) -> AbsenceCase:
    return make_case(employee=employee, reported_by=employer_user, days_sick=20, phone="06 12345678")


@pytest.fixture
def employer_client(client: Client, employer_user: User) -> Client:
    client.force_login(employer_user)
    return client


# --- Ziek melden --------------------------------------------------------------------------------------------------


def test_employer_dashboard_links_to_the_sickness_form(employer_client: Client, employer: Employer) -> None:
    response = employer_client.get("/")
    assert response.status_code == 200
    button_link = "utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
    assert re.search(rf'<a class="{button_link}" href="{SICKNESS_FORM}">Ziek melden</a>', response.content.decode())


def test_sickness_form_has_exactly_the_fields_an_employer_may_record(
    employer_client: Client, employee: Employee
) -> None:
    response = employer_client.get(SICKNESS_FORM)
    assert response.status_code == 200
    assert set(SicknessReportForm.base_fields) == ALLOWED_SICKNESS_FIELDS | {SICKNESS_FORM_KEY}
    fields = form_fields(response.content.decode(), action=None)
    assert fields.names - {"csrfmiddlewaretoken", SICKNESS_FORM_KEY} == ALLOWED_SICKNESS_FIELDS
    assert fields.textareas == 0
    for forbidden in ("reden", "diagnose", "oorzaak", "reason", "diagnosis", "cause", "remarks", "opmerking"):
        assert not any(forbidden in name for name in fields.names), forbidden
    assert "Vraag en noteer niet waarom uw werknemer ziek is." in text(response)


def test_sickness_form_defaults_to_today_and_offers_only_own_employees_in_service(
    employer_client: Client, employee: Employee, employer: Employer, other_employer_user: User
) -> None:
    ended = EmployeeFactory(employer=employer, last_name="Vertrokken", employment_end=days_ago(10))
    leaving = EmployeeFactory(employer=employer, last_name="Vertrekt", employment_end=today() + dt.timedelta(days=30))
    theirs = EmployeeFactory(employer=other_employer_user.employer, last_name="Anderszins")
    response = employer_client.get(SICKNESS_FORM)
    html = response.content.decode()
    assert f'value="{today():%Y-%m-%d}"' in html
    assert f'<option value="{employee.pk}">Sanne de Vries ({employee.personnel_number})</option>' in html
    assert str(leaving.pk) in html
    assert str(ended.pk) not in html
    assert str(theirs.pk) not in html


def test_employer_reports_sickness_and_lands_on_the_case_page(
    employer_client: Client, employee: Employee, employer_user: User
) -> None:
    response = employer_client.post(
        SICKNESS_FORM,
        {
            "employee": str(employee.pk),
            "first_sick_day": f"{days_ago(2):%Y-%m-%d}",
            "expected_duration_days": "10",
            "phone": "06 12345678",
            "care_address": "Ziekenhuislaan 1, Utrecht",
            "safety_net": "nee",
            "work_accident": "ja",
            "third_party_liable": "nee",
        },
        follow=True,
    )
    case = AbsenceCase.objects.get()
    assert response.redirect_chain == [(f"/verzuim/{case.pk}/", 302)]
    assert messages_of(response) == ["De ziekmelding van Sanne de Vries is vastgelegd."]
    assert (case.employee, case.first_sick_day, case.reported_by) == (employee, days_ago(2), employer_user)
    assert (case.expected_duration_days, case.phone, case.care_address) == (
        10,
        "06 12345678",
        "Ziekenhuislaan 1, Utrecht",
    )
    assert (case.safety_net, case.work_accident, case.third_party_liable) == (False, True, False)
    next_step = Step.objects.get(case=case, code="report_to_ohs")
    assert (
        f"Volgende stap: Ziekmelding doorgeven aan de arbodienst — Werkgever — uiterlijk {next_step.due_date:%d-%m-%Y}"
        in text(response)
    )


def test_sickness_report_carrying_a_reason_is_refused_with_400_and_creates_nothing(
    employer_client: Client, employee: Employee
) -> None:
    data = {
        "employee": str(employee.pk),
        "first_sick_day": f"{today():%Y-%m-%d}",
        "safety_net": "nee",
        "work_accident": "nee",
        "third_party_liable": "nee",
    }
    for extra in ("diagnosis", "reason", "reden", "remarks"):
        response = employer_client.post(SICKNESS_FORM, {**data, extra: "griep"})
        assert response.status_code == 400, extra
        assert (
            "De ziekmelding bevat gegevens die een werkgever niet mag vastleggen. "
            "Leg nooit de reden of aard van de ziekte vast."
        ) in text(response)
    assert not AbsenceCase.objects.exists()


def report_key_of(html: str) -> str:
    match = re.search(r'<input type="hidden" name="report_key" value="([0-9a-f-]{36})"', html)
    assert match is not None, "the form carries no one-time key"
    return match.group(1)


def test_the_same_sickness_form_posted_twice_reports_once_and_answers_both_alike(
    employer_client: Client, employee: Employee
) -> None:
    """A retried POST (the answer was lost when a web node stopped, a double click) finds the first report by the
    form's key: the same redirect and message, no conflict, one case, one period, one audit row."""

    data = {
        "employee": str(employee.pk),
        "first_sick_day": f"{today():%Y-%m-%d}",
        "safety_net": "nee",
        "work_accident": "nee",
        "third_party_liable": "nee",
        "report_key": report_key_of(employer_client.get(SICKNESS_FORM).content.decode()),
    }
    first = employer_client.post(SICKNESS_FORM, data, follow=True)
    second = employer_client.post(SICKNESS_FORM, data, follow=True)

    case = AbsenceCase.objects.get()
    assert first.redirect_chain == second.redirect_chain == [(f"/verzuim/{case.pk}/", 302)]
    assert messages_of(second) == ["De ziekmelding van Sanne de Vries is vastgelegd."]
    assert case.periods.count() == 1
    assert AuditLog.objects.filter(object_type="absence_case", object_id=case.pk, action="create").count() == 1


def test_every_opened_sickness_form_has_its_own_key(employer_client: Client, employee: Employee) -> None:
    first = report_key_of(employer_client.get(SICKNESS_FORM).content.decode())
    second = report_key_of(employer_client.get(SICKNESS_FORM).content.decode())
    assert first != second


def test_a_sent_form_sent_again_for_another_employee_is_refused_at_the_form(
    employer_client: Client, employee: Employee, employer: Employer
) -> None:
    other = cast(Employee, EmployeeFactory(employer=employer, first_name="Bram", last_name="Jansen"))
    data = {
        "employee": str(employee.pk),
        "first_sick_day": f"{today():%Y-%m-%d}",
        "safety_net": "nee",
        "work_accident": "nee",
        "third_party_liable": "nee",
        "report_key": report_key_of(employer_client.get(SICKNESS_FORM).content.decode()),
    }
    employer_client.post(SICKNESS_FORM, data)

    response = employer_client.post(SICKNESS_FORM, {**data, "employee": str(other.pk)})

    assert response.status_code == 200
    assert "Dit formulier is al verstuurd. Open het formulier opnieuw om nog een werknemer ziek te melden." in text(
        response
    )
    assert not AbsenceCase.objects.filter(employee=other).exists()


def test_second_report_for_a_sick_employee_shows_the_conflict_at_the_form(
    employer_client: Client, case: AbsenceCase, employee: Employee
) -> None:
    response = employer_client.post(
        SICKNESS_FORM,
        {
            "employee": str(employee.pk),
            "first_sick_day": f"{today():%Y-%m-%d}",
            "safety_net": "nee",
            "work_accident": "nee",
            "third_party_liable": "nee",
        },
    )
    assert response.status_code == 409
    assert (
        '<div class="utrecht-alert utrecht-alert--error error-summary" role="alert">\n'
        "  <p>Deze werknemer is al ziek gemeld.</p>" in response.content.decode()
    )
    assert AbsenceCase.objects.count() == 1


def test_relapse_within_28_days_continues_the_existing_case(
    employer_client: Client, employee: Employee, employer_user: User
) -> None:
    case = make_case(employee=employee, reported_by=employer_user, days_sick=40)
    services.case_report_recovery(reported_by=employer_user, case=case, date=days_ago(20), recovered_pct=100)
    response = employer_client.post(
        SICKNESS_FORM,
        {
            "employee": str(employee.pk),
            "first_sick_day": f"{days_ago(5):%Y-%m-%d}",
            "safety_net": "nee",
            "work_accident": "nee",
            "third_party_liable": "nee",
        },
        follow=True,
    )
    assert response.redirect_chain == [(f"/verzuim/{case.pk}/", 302)]
    assert messages_of(response) == [
        "Sanne de Vries is binnen 28 dagen na herstel opnieuw ziek: dit sluit aan op het bestaande verzuimgeval, "
        "dat doorloopt."
    ]
    assert AbsenceCase.objects.get() == case
    assert case.periods.count() == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"first_sick_day": "2014-12-31"},
            "id_first_sick_day",
            "De eerste ziektedag ligt vóór de datum in dienst van deze werknemer.",
        ),
        ({"first_sick_day": "morgen"}, "id_first_sick_day", "Vul een geldige datum in."),
        ({"first_sick_day": ""}, "id_first_sick_day", "Dit veld is vereist."),
        ({"employee": ""}, "id_employee", "Kies de werknemer die ziek is."),
        ({"phone": "bel mij"}, "id_phone", "Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678."),
        ({"expected_duration_days": "0"}, "id_expected_duration_days", "Vul een aantal dagen van 1 tot en met 730 in."),
        ({"safety_net": ""}, "id_safety_net", "Kies ja of nee."),
    ],
)
def test_sickness_form_shows_dutch_errors_at_the_field(
    employer_client: Client, employee: Employee, change: dict[str, str], field: str, message: str
) -> None:
    data = {
        "employee": str(employee.pk),
        "first_sick_day": f"{today():%Y-%m-%d}",
        "safety_net": "nee",
        "work_accident": "nee",
        "third_party_liable": "nee",
        **change,
    }
    response = employer_client.post(SICKNESS_FORM, data)
    assert response.status_code == 200
    assert field_error(response, field) == message
    assert not AbsenceCase.objects.exists()


def test_first_sick_day_too_far_ahead_is_refused_at_the_field(employer_client: Client, employee: Employee) -> None:
    data = {
        "employee": str(employee.pk),
        "first_sick_day": f"{today() + dt.timedelta(days=31):%Y-%m-%d}",
        "safety_net": "nee",
        "work_accident": "nee",
        "third_party_liable": "nee",
    }
    response = employer_client.post(SICKNESS_FORM, data)
    assert (
        field_error(response, "id_first_sick_day")
        == "De eerste ziektedag mag hoogstens 30 dagen in de toekomst liggen."
    )


def test_employer_cannot_report_another_employers_employee(
    employer_client: Client, employer: Employer, other_employer_user: User
) -> None:
    theirs = EmployeeFactory(employer=other_employer_user.employer)
    data = {
        "employee": str(theirs.pk),
        "first_sick_day": f"{today():%Y-%m-%d}",
        "safety_net": "nee",
        "work_accident": "nee",
        "third_party_liable": "nee",
    }
    response = employer_client.post(SICKNESS_FORM, data)
    assert field_error(response, "id_employee") == "Kies een werknemer uit de lijst."
    assert not AbsenceCase.objects.exists()


@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER, Role.COMPLAINT_HANDLER])
def test_sickness_form_is_404_for_staff(staff_login: StaffLogin, make_user: MakeUser, role: Role) -> None:
    client = staff_login(make_user(role))
    assert client.get(SICKNESS_FORM).status_code == 404


# --- Hersteld melden ----------------------------------------------------------------------------------------------


def test_employer_reports_full_recovery(employer_client: Client, case: AbsenceCase) -> None:
    url = f"/verzuim/{case.pk}/hersteld/"
    form = employer_client.get(url)
    assert f'value="{today():%Y-%m-%d}"' in form.content.decode()
    assert 'name="recovered_pct" value="100"' in form.content.decode()
    response = employer_client.post(url, {"date": f"{days_ago(1):%Y-%m-%d}", "recovered_pct": "100"}, follow=True)
    assert response.redirect_chain == [(f"/verzuim/{case.pk}/", 302)]
    day = days_ago(1)
    assert messages_of(response) == [
        f"Het volledige herstel van Sanne de Vries per {day.day} {_month(day)} {day.year} is vastgelegd."
    ]
    assert case.periods.get().end == days_ago(2)


def test_a_recovered_case_says_so_and_until_when_it_stays_open_for_a_relapse(
    employer_client: Client, case: AbsenceCase
) -> None:
    """Issue 20 item 7: not "Lopend 0%" for 28 days, but the recovery date and the end of the relapse window."""
    employer_client.post(f"/verzuim/{case.pk}/hersteld/", {"date": f"{days_ago(1):%Y-%m-%d}", "recovered_pct": "100"})
    last_sick_day = days_ago(2)
    until = last_sick_day + dt.timedelta(days=28)
    expected = f"Hersteld op {days_ago(1):%d-%m-%Y}; blijft tot {until:%d-%m-%Y} open voor een eventuele terugval"
    page = employer_client.get(f"/verzuim/{case.pk}/").content.decode()
    status = re.search(r'<dd id="case-status">(.*?)</dd>', page, re.S)
    assert status is not None
    assert re.sub(r"<[^>]+>", "", status[1]) == expected
    dashboard = text(employer_client.get("/")).replace(" ;", ";")  # text() spaces every element
    assert f"Hersteld op {days_ago(1):%d-%m-%Y}; open tot {until:%d-%m-%Y} voor een eventuele terugval" in dashboard


def test_the_expected_duration_is_the_latest_estimate_and_says_whose(
    client: Client, staff_login: StaffLogin, case: AbsenceCase, physician: User, employer_user: User
) -> None:
    """The employer estimated 90 days at the report; the physician's newer 60 days wins, and the page says whose."""
    AbsenceCase.objects.filter(pk=case.pk).update(expected_duration_days=90)
    client.force_login(employer_user)
    assert "Verwachte duur 90 dagen (volgens de ziekmelding)" in text(client.get(f"/verzuim/{case.pk}/"))
    services_medical.functional_assessment_record(
        physician=physician,
        case=case,
        assessed_on=days_ago(3),
        functional_limitations="Geen tillen.",
        expected_duration_days=60,
        incapacity_pct=100,
        workplace_adjustments="",
    )
    page = text(client.get(f"/verzuim/{case.pk}/"))
    assert f"Verwachte duur 60 dagen (volgens de bedrijfsarts op {days_ago(3):%d-%m-%Y})" in page
    assert "90 dagen" not in page


def test_employer_reports_partial_recovery(employer_client: Client, case: AbsenceCase) -> None:
    response = employer_client.post(
        f"/verzuim/{case.pk}/hersteld/", {"date": f"{days_ago(1):%Y-%m-%d}", "recovered_pct": "40"}, follow=True
    )
    assert "voor 40% per" in messages_of(response)[0]
    case.refresh_from_db()
    assert case.absent_pct == 60
    assert case.periods.get().end is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "+1", "recovered_pct": "100"}, "id_date", "Een herstelmelding kan niet in de toekomst liggen."),
        (
            {"date": "-30", "recovered_pct": "100"},
            "id_date",
            "De hersteldatum moet na de eerste ziektedag van deze periode liggen.",
        ),
        ({"date": "-1", "recovered_pct": "0"}, "id_recovered_pct", "Vul een heel getal van 1 tot en met 100 in."),
        ({"date": "-1", "recovered_pct": "101"}, "id_recovered_pct", "Vul een heel getal van 1 tot en met 100 in."),
        ({"date": "-1", "recovered_pct": ""}, "id_recovered_pct", "Vul het percentage herstel in."),
        ({"date": "gisteren", "recovered_pct": "100"}, "id_date", "Vul een geldige datum in."),
    ],
)
def test_recovery_form_shows_dutch_errors_at_the_field(
    employer_client: Client, case: AbsenceCase, data: dict[str, str], field: str, message: str
) -> None:
    if data["date"].lstrip("+-").isdigit():
        data = {**data, "date": f"{today() + dt.timedelta(days=int(data['date'])):%Y-%m-%d}"}
    response = employer_client.post(f"/verzuim/{case.pk}/hersteld/", data)
    assert response.status_code == 200
    assert field_error(response, field) == message
    assert not case.recoveries.exists()


def test_recovery_for_a_recovered_employee_shows_the_conflict(
    employer_client: Client, case: AbsenceCase, employer_user: User
) -> None:
    services.case_report_recovery(reported_by=employer_user, case=case, date=days_ago(2), recovered_pct=100)
    response = employer_client.post(
        f"/verzuim/{case.pk}/hersteld/", {"date": f"{days_ago(1):%Y-%m-%d}", "recovered_pct": "100"}
    )
    assert response.status_code == 409
    assert "Deze werknemer is al volledig hersteld gemeld." in text(response)


@pytest.mark.parametrize("role", [Role.INSURER, Role.OCCUPATIONAL_PHYSICIAN])
def test_recovery_form_is_404_for_roles_that_do_not_report_recovery(
    staff_login: StaffLogin, case: AbsenceCase, physician: User, make_user: MakeUser, role: Role
) -> None:
    client = staff_login(physician if role == Role.OCCUPATIONAL_PHYSICIAN else make_user(role))
    assert client.get(f"/verzuim/{case.pk}/").status_code == 200
    assert client.get(f"/verzuim/{case.pk}/hersteld/").status_code == 404


def test_casemanager_reports_recovery(staff_login: StaffLogin, case: AbsenceCase, casemanager: User) -> None:
    client = staff_login(casemanager)
    response = client.post(f"/verzuim/{case.pk}/hersteld/", {"date": f"{days_ago(1):%Y-%m-%d}", "recovered_pct": "50"})
    assert response.status_code == 302
    assert case.recoveries.get().reported_by == casemanager


# --- Employer dashboard -----------------------------------------------------------------------------------------


def test_employer_dashboard_lists_open_cases_with_their_next_deadline(
    employer_client: Client, case: AbsenceCase, employer: Employer, employer_user: User
) -> None:
    other = EmployeeFactory(employer=employer, first_name="Kees", last_name="Mulder")
    closed = make_case(employee=other, reported_by=employer_user, days_sick=100)
    services.case_report_recovery(reported_by=employer_user, case=closed, date=days_ago(60), recovered_pct=100)
    services.case_close_recovered()

    response = employer_client.get("/")
    page = text(response)
    next_step = (
        Step.objects.filter(case=case, state=StepState.OPEN, due_date__isnull=False).order_by("due_date").first()
    )
    assert next_step is not None
    row = (
        f"Sanne de Vries {case.first_sick_day:%d-%m-%Y} 21 100% "
        f"{next_step.title}: {next_step.due_date:%d-%m-%Y} {_status_nl(next_step)} Hersteld melden Sanne de Vries"
    )
    assert row in page
    assert f'href="/verzuim/{case.pk}/"' in response.content.decode()
    assert f'href="/verzuim/{case.pk}/hersteld/"' in response.content.decode()
    assert "Kees Mulder" not in page


def test_employer_dashboard_without_cases_says_so(employer_client: Client, employer: Employer) -> None:
    assert "Er is op dit moment niemand ziek gemeld." in text(employer_client.get("/"))


# --- Case page ----------------------------------------------------------------------------------------------------


def test_case_page_shows_the_header_and_every_step(
    employer_client: Client, case: AbsenceCase, casemanager: User
) -> None:
    response = employer_client.get(f"/verzuim/{case.pk}/")
    assert response.status_code == 200
    page = text(response)
    assert "Verzuim Sanne de Vries" in page
    assert f"Eerste ziektedag {case.first_sick_day:%d-%m-%Y}" in page
    assert "Status Lopend" in page
    assert "Week Week 3 van 104 (dag 21 van 728)" in page
    assert "Verzuimpercentage 100%" in page
    assert "Casemanager Carla Casemanager" in page
    assert f"Ziekteperiodes {case.first_sick_day:%d-%m-%Y} \N{EN DASH} nog ziek" in page
    # Every step is on the dossier's steps section, under the same header.
    response = employer_client.get(f"/verzuim/{case.pk}/stappen/")
    page = text(response)
    assert "Week Week 3 van 104 (dag 21 van 728)" in page
    steps = list(Step.objects.filter(case=case))
    assert len(steps) >= 16
    html = response.content.decode()
    for step in steps:
        assert f'id="stap-{step.code}-{step.sequence}"' in html
    # Not applicable with its reason; done with date and actor.
    assert "Niet van toepassing Geen vangnetsituatie (Ziektewet) gemeld." in page
    assert f"Afgerond op {today():%d-%m-%Y}" in page


def test_suspended_steps_show_opgeschort_instead_of_a_date(
    employer_client: Client, case: AbsenceCase, employer_user: User
) -> None:
    services.case_report_recovery(reported_by=employer_user, case=case, date=days_ago(1), recovered_pct=100)
    page = text(employer_client.get(f"/verzuim/{case.pk}/stappen/"))
    assert "Probleemanalyse Bedrijfsarts \N{EN DASH} opgeschort Opgeschort" in page


def test_employer_completes_an_employer_step_without_a_note(
    employer_client: Client, case: AbsenceCase, employer_user: User
) -> None:
    page = employer_client.get(f"/verzuim/{case.pk}/stappen/").content.decode()
    action = f"/verzuim/{case.pk}/stappen/report_to_ohs/afronden/"
    assert f'href="{action}"' in page
    # No links for steps the employer does not own, and no free text anywhere on the employer's pages.
    assert f"/verzuim/{case.pk}/stappen/problem_analysis/afronden/" not in page
    assert form_fields(page).textareas == 0
    step_page = employer_client.get(action).content.decode()
    fields = form_fields(step_page, action)
    assert fields.names == {"csrfmiddlewaretoken", "report_to_ohs-completed_on"}
    assert fields.textareas == 0

    response = employer_client.post(
        action,
        {"report_to_ohs-completed_on": f"{days_ago(15):%Y-%m-%d}", "report_to_ohs-note": "heeft griep"},
        follow=True,
    )
    assert response.redirect_chain == [(f"/verzuim/{case.pk}/stappen/#stap-report_to_ohs-1", 302)]
    assert messages_of(response) == ["De stap “Ziekmelding aan de arbodienst” is afgerond."]
    step = Step.objects.get(case=case, code="report_to_ohs")
    assert (step.state, step.completed_on, step.completed_by, step.note) == ("done", days_ago(15), employer_user, "")
    assert f"Afgerond op {days_ago(15):%d-%m-%Y} door {employer_user.get_full_name()}" in text(response)


def test_casemanager_completes_a_step_with_a_note(
    staff_login: StaffLogin, case: AbsenceCase, casemanager: User
) -> None:
    client = staff_login(casemanager)
    action = f"/verzuim/{case.pk}/stappen/action_plan/afronden/"
    assert f'href="{action}"' in client.get(f"/verzuim/{case.pk}/stappen/").content.decode()
    page = client.get(action).content.decode()
    assert form_fields(page, action).names == {"csrfmiddlewaretoken", "action_plan-completed_on", "action_plan-note"}
    response = client.post(action, {"action_plan-completed_on": f"{today():%Y-%m-%d}", "action_plan-note": "Getekend."})
    assert response.status_code == 302
    step = Step.objects.get(case=case, code="action_plan")
    assert (step.state, step.completed_by, step.note) == ("done", casemanager, "Getekend.")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("+1", "De datum van afronden kan niet in de toekomst liggen."),
        ("-30", "De datum van afronden ligt vóór de eerste ziektedag."),
        ("", "Dit veld is vereist."),
        ("eergisteren", "Vul een geldige datum in."),
    ],
)
def test_step_form_shows_dutch_errors_at_the_field(
    employer_client: Client, case: AbsenceCase, value: str, message: str
) -> None:
    if value.lstrip("+-").isdigit():
        value = f"{today() + dt.timedelta(days=int(value)):%Y-%m-%d}"
    response = employer_client.post(
        f"/verzuim/{case.pk}/stappen/report_to_ohs/afronden/", {"report_to_ohs-completed_on": value}
    )
    assert response.status_code == 200
    assert field_error(response, "id_report_to_ohs-completed_on") == message
    # The errors are on the step's own page, with what was typed kept.
    assert response.templates[0].name == "cases/step_complete.html"
    assert Step.objects.get(case=case, code="report_to_ohs").state == StepState.OPEN


def test_the_step_page_shows_the_step_and_a_form_dated_today(
    staff_login: StaffLogin, case: AbsenceCase, casemanager: User
) -> None:
    response = staff_login(casemanager).get(f"/verzuim/{case.pk}/stappen/action_plan/afronden/")
    assert response.status_code == 200
    page = text(response)
    assert "Plan van aanpak afronden" in page
    assert f"Werknemer {case.employee.full_name}" in page
    assert response.context["form"]["completed_on"].value() == today()


def test_the_page_of_a_done_step_says_so_and_has_no_form(
    employer_client: Client, case: AbsenceCase, employer_user: User
) -> None:
    services.step_complete(completed_by=employer_user, case=case, code="report_to_ohs", completed_on=days_ago(1))
    response = employer_client.get(f"/verzuim/{case.pk}/stappen/report_to_ohs/afronden/")
    assert response.status_code == 200
    assert "Deze stap is al afgerond of niet van toepassing." in text(response)
    assert "<form" not in response.content.decode().split("<main", 1)[-1]


@pytest.mark.parametrize("code", ["problem_analysis", "income_insight", "diagnose"])
def test_no_step_page_for_a_step_the_employer_does_not_complete_by_hand(
    employer_client: Client, case: AbsenceCase, code: str
) -> None:
    assert employer_client.get(f"/verzuim/{case.pk}/stappen/{code}/afronden/").status_code == 404


def test_no_step_page_for_the_income_step_even_for_the_casemanager(
    staff_login: StaffLogin, case: AbsenceCase, casemanager: User
) -> None:
    client = staff_login(casemanager)
    assert client.get(f"/verzuim/{case.pk}/stappen/income_insight/afronden/").status_code == 404
    assert client.get(f"/verzuim/{case.pk}/stappen/action_plan/afronden/").status_code == 200


def test_completing_a_done_step_is_a_conflict(employer_client: Client, case: AbsenceCase, employer_user: User) -> None:
    services.step_complete(completed_by=employer_user, case=case, code="report_to_ohs", completed_on=days_ago(1))
    response = employer_client.post(
        f"/verzuim/{case.pk}/stappen/report_to_ohs/afronden/", {"report_to_ohs-completed_on": f"{today():%Y-%m-%d}"}
    )
    assert response.status_code == 409
    assert "Deze stap is al afgerond of niet van toepassing." in text(response)


def test_employer_cannot_complete_the_physicians_step(employer_client: Client, case: AbsenceCase) -> None:
    response = employer_client.post(
        f"/verzuim/{case.pk}/stappen/problem_analysis/afronden/",
        {"problem_analysis-completed_on": f"{today():%Y-%m-%d}"},
    )
    assert response.status_code == 404
    assert Step.objects.get(case=case, code="problem_analysis").state == StepState.OPEN


def test_unknown_step_code_is_404(employer_client: Client, case: AbsenceCase) -> None:
    response = employer_client.post(
        f"/verzuim/{case.pk}/stappen/diagnose/afronden/", {"diagnose-completed_on": "2026-01-01"}
    )
    assert response.status_code == 404


def test_physician_completes_the_problem_analysis_and_has_a_link_to_the_medical_compartment(
    staff_login: StaffLogin, case: AbsenceCase, physician: User
) -> None:
    client = staff_login(physician)
    page = client.get(f"/verzuim/{case.pk}/").content.decode()
    assert f'href="/verzuim/{case.pk}/medisch/"' in page
    response = client.post(
        f"/verzuim/{case.pk}/stappen/problem_analysis/afronden/",
        {"problem_analysis-completed_on": f"{today():%Y-%m-%d}"},
    )
    assert response.status_code == 302
    assert Step.objects.get(case=case, code="problem_analysis").completed_by == physician


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEMANAGER, Role.INSURER])
def test_only_the_physician_has_a_link_to_the_medical_compartment(
    client: Client,
    staff_login: StaffLogin,
    case: AbsenceCase,
    employer_user: User,
    casemanager: User,
    make_user: MakeUser,
    role: Role,
) -> None:
    if role == Role.EMPLOYER:
        client.force_login(employer_user)
    else:
        staff_login(casemanager if role == Role.CASEMANAGER else make_user(role))
    page = client.get(f"/verzuim/{case.pk}/").content.decode()
    assert "/medisch/" not in page
    assert "Medisch dossier" not in page


def test_functional_assessment_flows_to_employer_and_casemanager_but_not_its_content_to_the_insurer(
    client: Client,
    staff_login: StaffLogin,
    case: AbsenceCase,
    physician: User,
    employer_user: User,
    casemanager: User,
    make_user: MakeUser,
) -> None:
    services_medical.functional_assessment_record(
        physician=physician,
        case=case,
        assessed_on=today(),
        functional_limitations="Geen tillen boven 10 kilo.",
        expected_duration_days=42,
        incapacity_pct=60,
        workplace_adjustments="Hoog-laagbureau.",
    )
    services_medical.medical_note_add(
        physician=physician,
        case=case,
        consulted_on=today(),
        consultation_note="Rugklachten besproken.",
        diagnosis="L03",
    )

    def dossier() -> str:
        # The overview (with the case's contact details) and the advice section (every assessment in full).
        return text(client.get(f"/verzuim/{case.pk}/")) + text(client.get(f"/verzuim/{case.pk}/adviezen/"))

    client.force_login(employer_user)
    employer_page = dossier()
    staff_login(casemanager)
    casemanager_page = dossier()
    for page in (employer_page, casemanager_page):
        assert "Mogelijkheden en beperkingen Geen tillen boven 10 kilo." in page
        assert (
            "Verwachte duur 42 dagen Mate van arbeidsongeschiktheid 60% Aanpassingen werkplek Hoog-laagbureau." in page
        )
        assert "06 12345678" in page
    staff_login(make_user(Role.INSURER))
    insurer_page = dossier()
    assert "Mate van arbeidsongeschiktheid 60%" in insurer_page
    for private in ("Geen tillen", "Hoog-laagbureau", "06 12345678"):
        assert private not in insurer_page
    for page in (employer_page, casemanager_page, insurer_page):
        assert "Rugklachten" not in page
        assert "L03" not in page


def test_insurer_sees_the_assignment_history_and_reassigns_the_casemanager(
    staff_login: StaffLogin, case: AbsenceCase, casemanager: User, make_user: MakeUser
) -> None:
    insurer = make_user(Role.INSURER)
    successor = make_user(Role.CASEMANAGER, full_name="Dirk Doorpakker")
    make_user(Role.CASEMANAGER, full_name="Niet Actief", is_active=False)
    client = staff_login(insurer)
    # The overview has a button to the form's own page, with the history.
    assert (
        f'href="/verzuim/{case.pk}/casemanager/">Casemanager wijzigen'
        in client.get(f"/verzuim/{case.pk}/").content.decode()
    )
    response = client.get(f"/verzuim/{case.pk}/casemanager/")
    page = text(response)
    assert "Casemanager wijzigen" in page
    assert "Carla Casemanager automatisch Langdurig verzuim dreigt." in page
    html = response.content.decode()
    assert f'<option value="{successor.pk}">Dirk Doorpakker</option>' in html
    assert "Niet Actief" not in html

    response = client.post(
        f"/verzuim/{case.pk}/casemanager/", {"casemanager": str(successor.pk), "reason": "Vakantie."}, follow=True
    )
    assert messages_of(response) == ["Dirk Doorpakker is nu de casemanager."]
    case.refresh_from_db()
    assert case.casemanager == successor
    assignment = CaseAssignment.objects.filter(case=case).latest("assigned_at")
    assert (assignment.casemanager, assignment.assigned_by, assignment.reason) == (successor, insurer, "Vakantie.")
    assert "Casemanager Dirk Doorpakker" in text(response)  # the dossier's header
    history = text(client.get(f"/verzuim/{case.pk}/casemanager/"))
    assert f"Dirk Doorpakker {insurer.get_full_name()} Vakantie." in history


def test_reassignment_without_a_reason_shows_the_error_at_the_field(
    staff_login: StaffLogin, case: AbsenceCase, make_user: MakeUser
) -> None:
    successor = make_user(Role.CASEMANAGER)
    client = staff_login(make_user(Role.INSURER))
    response = client.post(f"/verzuim/{case.pk}/casemanager/", {"casemanager": str(successor.pk), "reason": ""})
    assert response.status_code == 200
    assert field_error(response, "id_reason") == "Vul de reden van de wijziging in."
    case.refresh_from_db()
    assert case.casemanager != successor


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN])
def test_only_insurer_staff_can_change_the_casemanager(
    client: Client,
    staff_login: StaffLogin,
    case: AbsenceCase,
    employer_user: User,
    casemanager: User,
    physician: User,
    make_user: MakeUser,
    role: Role,
) -> None:
    successor = make_user(Role.CASEMANAGER)
    if role == Role.EMPLOYER:
        client.force_login(employer_user)
    else:
        staff_login(casemanager if role == Role.CASEMANAGER else physician)
    assert "Casemanager wijzigen" not in text(client.get(f"/verzuim/{case.pk}/"))
    assert client.get(f"/verzuim/{case.pk}/casemanager/").status_code == 404
    response = client.post(f"/verzuim/{case.pk}/casemanager/", {"casemanager": str(successor.pk), "reason": "x"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.casemanager == casemanager


# --- Not yours: 404 ---------------------------------------------------------------------------------------------


def _outsider(kind: str, make_user: MakeUser, other_employer_user: User) -> User:
    if kind == "other_employer":
        return other_employer_user
    if kind == "complaint_handler":
        return make_user(Role.COMPLAINT_HANDLER)
    if kind == "other_casemanager":
        return make_user(Role.CASEMANAGER)
    return make_user(Role.OCCUPATIONAL_PHYSICIAN)


@pytest.mark.parametrize("kind", ["other_employer", "complaint_handler", "other_casemanager", "other_physician"])
def test_every_case_page_is_404_for_someone_outside_the_case(
    client: Client,
    staff_login: StaffLogin,
    case: AbsenceCase,
    make_user: MakeUser,
    other_employer_user: User,
    kind: str,
) -> None:
    outsider = _outsider(kind, make_user, other_employer_user)
    if outsider.role == Role.EMPLOYER:
        client.force_login(outsider)
    else:
        staff_login(outsider)
    for page in CASE_PAGES:
        assert client.get(page.format(id=case.pk)).status_code == 404, page
    for page in CASE_POSTS:
        assert (
            client.post(page.format(id=case.pk), {"recovered_pct": "100", "date": "2026-01-01"}).status_code == 404
        ), page
    assert not case.recoveries.exists()
    assert Step.objects.filter(case=case, code="report_to_ohs").get().state == StepState.OPEN


@pytest.mark.parametrize("case_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_missing_case_is_404(employer_client: Client, employer: Employer, case_id: str) -> None:
    assert employer_client.get(f"/verzuim/{case_id}/").status_code == 404


# --- Medical compartment ------------------------------------------------------------------------------------------


def test_physician_reads_and_adds_medical_notes(staff_login: StaffLogin, case: AbsenceCase, physician: User) -> None:
    services_medical.medical_note_add(
        physician=physician, case=case, consulted_on=days_ago(3), consultation_note="Eerste spreekuur."
    )
    client = staff_login(physician)
    response = client.get(f"/verzuim/{case.pk}/medisch/")
    assert response.status_code == 200
    assert "Eerste spreekuur." in text(response)
    assert response["Cache-Control"].startswith("max-age=0")

    response = client.post(
        f"/verzuim/{case.pk}/medisch/",
        {
            "consult-consulted_on": f"{today():%Y-%m-%d}",
            "consult-consultation_note": "Tweede spreekuur.",
            "consult-diagnosis": "M54.5",
            "consult-specialist_information": "",
        },
        follow=True,
    )
    assert response.redirect_chain == [(f"/verzuim/{case.pk}/medisch/", 302)]
    assert messages_of(response) == ["De aantekening is opgeslagen in het medisch dossier."]
    note = MedicalNote.objects.get(consultation_note="Tweede spreekuur.")
    assert (note.case, note.physician, note.diagnosis) == (case, physician, "M54.5")


def test_medical_note_without_a_report_shows_the_error_at_the_field(
    staff_login: StaffLogin, case: AbsenceCase, physician: User
) -> None:
    client = staff_login(physician)
    response = client.post(
        f"/verzuim/{case.pk}/medisch/", {"consult-consulted_on": f"{today():%Y-%m-%d}", "consult-consultation_note": ""}
    )
    assert response.status_code == 200
    assert field_error(response, "id_consult-consultation_note") == "Vul het verslag van het consult in."
    assert not MedicalNote.objects.exists()


def test_physician_records_a_functional_assessment_that_appears_in_the_dossier(
    staff_login: StaffLogin, case: AbsenceCase, physician: User
) -> None:
    client = staff_login(physician)
    response = client.post(
        f"/verzuim/{case.pk}/medisch/functionele-mogelijkheden/",
        {
            "fml-assessed_on": f"{today():%Y-%m-%d}",
            "fml-functional_limitations": "Halve dagen licht werk.",
            "fml-expected_duration_days": "30",
            "fml-incapacity_pct": "50",
            "fml-workplace_adjustments": "",
            "fml-long_absence_threatens": "on",
        },
        follow=True,
    )
    assert response.redirect_chain == [(f"/verzuim/{case.pk}/", 302)]
    assert messages_of(response) == ["De functionele mogelijkheden zijn vastgelegd en staan nu in het dossier."]
    assert "Halve dagen licht werk." in text(response)
    assessment = FunctionalAssessment.objects.get()
    assert (assessment.incapacity_pct, assessment.expected_duration_days, assessment.long_absence_threatens) == (
        50,
        30,
        True,
    )


def test_functional_assessment_shows_dutch_errors_at_the_fields(
    staff_login: StaffLogin, case: AbsenceCase, physician: User
) -> None:
    client = staff_login(physician)
    response = client.post(
        f"/verzuim/{case.pk}/medisch/functionele-mogelijkheden/",
        {"fml-assessed_on": f"{today():%Y-%m-%d}", "fml-functional_limitations": "", "fml-incapacity_pct": "120"},
    )
    assert response.status_code == 200
    assert field_error(response, "id_fml-functional_limitations") == "Beschrijf de mogelijkheden en beperkingen."
    assert field_error(response, "id_fml-incapacity_pct") == "Vul een heel getal van 0 tot en met 100 in."
    assert not FunctionalAssessment.objects.exists()


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEMANAGER, Role.INSURER, Role.COMPLAINT_HANDLER, Role.ADMIN])
def test_medical_compartment_is_404_for_every_role_but_the_physician(
    client: Client,
    staff_login: StaffLogin,
    case: AbsenceCase,
    physician: User,
    employer_user: User,
    casemanager: User,
    make_user: MakeUser,
    role: Role,
) -> None:
    services_medical.medical_note_add(
        physician=physician, case=case, consulted_on=today(), consultation_note="Geheim verslag."
    )
    if role == Role.EMPLOYER:
        client.force_login(employer_user)
    else:
        user = casemanager if role == Role.CASEMANAGER else make_user(role)
        assert role != Role.ADMIN or user.is_superuser
        staff_login(user)
    response = client.get(f"/verzuim/{case.pk}/medisch/")
    assert response.status_code == 404
    assert "Geheim verslag." not in response.content.decode()
    note = {"consult-consulted_on": f"{today():%Y-%m-%d}", "consult-consultation_note": "x"}
    assert client.post(f"/verzuim/{case.pk}/medisch/", note).status_code == 404
    assessment = {
        "fml-assessed_on": f"{today():%Y-%m-%d}",
        "fml-functional_limitations": "x",
        "fml-incapacity_pct": "1",
    }
    assert client.post(f"/verzuim/{case.pk}/medisch/functionele-mogelijkheden/", assessment).status_code == 404
    assert MedicalNote.objects.count() == 1
    assert not FunctionalAssessment.objects.exists()


# --- Caseload -----------------------------------------------------------------------------------------------------


def _caseload_rows(response: Any) -> list[str]:
    return [row.case.employee.last_name for row in response.context["rows"]]


def test_casemanager_caseload_is_sorted_by_most_urgent_deadline(
    staff_login: StaffLogin, employer: Employer, employer_user: User, casemanager: User
) -> None:
    for last_name, days_sick in [("Drie", 3), ("Dertig", 30), ("Tien", 10)]:
        make_case(
            employee=EmployeeFactory(employer=employer, last_name=last_name),
            reported_by=employer_user,
            days_sick=days_sick,
        )
    client = staff_login(casemanager)
    response = client.get("/werkvoorraad/")
    assert response.status_code == 200
    assert "<h1>Werkvoorraad</h1>" in response.content.decode()
    names = _caseload_rows(response)
    due = [row.next_step.due_date for row in response.context["rows"]]
    assert due == sorted(due)
    assert names == ["Dertig", "Tien", "Drie"]
    first = response.context["rows"][0]
    assert (
        f"Anna Dertig {employer.name} {days_ago(30):%d-%m-%Y} 31 100% "
        f"{first.next_step.title}: {first.next_step.due_date:%d-%m-%Y} Te laat"
    ) in text(response)


def test_caseload_filters_by_employer_and_status(
    staff_login: StaffLogin, employer: Employer, employer_user: User, casemanager: User
) -> None:
    second = EmployerFactory(name="Tweede B.V.", casemanager=casemanager)
    make_case(employee=EmployeeFactory(employer=employer, last_name="Eerste"), reported_by=employer_user)
    make_case(employee=EmployeeFactory(employer=second, last_name="Tweede"))
    closed = make_case(employee=EmployeeFactory(employer=employer, last_name="Gesloten"), days_sick=100)
    services.case_report_recovery(reported_by=employer_user, case=closed, date=days_ago(60), recovered_pct=100)
    services.case_close_recovered()
    client = staff_login(casemanager)
    kvk_number = str(second.kvk_number)

    def rows(**params: str) -> list[str]:
        return sorted(_caseload_rows(client.get("/werkvoorraad/", params)))

    assert rows() == ["Eerste", "Tweede"]
    # Part of the name, in any case; the KvK number exactly (spaces allowed), not a part of it.
    assert rows(werkgever="tweede") == ["Tweede"]
    assert rows(werkgever="  TWEEDE b.v. ") == ["Tweede"]
    assert rows(werkgever="b.v.") == ["Eerste", "Tweede"]
    assert rows(werkgever=kvk_number) == ["Tweede"]
    assert rows(werkgever=f" {kvk_number[:4]} {kvk_number[4:]} ") == ["Tweede"]
    assert rows(werkgever=kvk_number[:7]) == []
    assert rows(werkgever="%") == []  # a LIKE wildcard is a character like any other
    assert rows(werkgever="Bestaat niet") == []
    # Combined with the status.
    assert rows(status="closed") == ["Gesloten"]
    assert rows(status="alle", werkgever=employer.name[:-3].upper()) == ["Eerste", "Gesloten"]
    assert rows(status="closed", werkgever="tweede") == []

    response = client.get("/werkvoorraad/", {"werkgever": "tweede", "status": "alle"})
    html = response.content.decode()
    assert '<select name="werkgever"' not in html
    assert (
        '<input type="search" name="werkgever" value="tweede" maxlength="100" '
        'aria-describedby="id_werkgever_helptext" id="id_werkgever">'
    ) in html
    assert '<p class="utrecht-form-field-description help" id="id_werkgever_helptext">Naam of KvK-nummer</p>' in html
    assert response.context["filter_query"] == "werkgever=tweede&status=alle"  # the pagination links keep it


def test_caseload_employer_search_stays_inside_what_the_user_may_see(
    staff_login: StaffLogin,
    employer: Employer,
    employer_user: User,
    casemanager: User,
    other_employer_user: User,
    make_user: MakeUser,
) -> None:
    make_case(employee=EmployeeFactory(employer=employer, last_name="Eerste"), reported_by=employer_user)
    other = other_employer_user.employer
    assert other is not None
    other.name = "Andermans Bakkerij B.V."
    other.save()
    make_case(employee=EmployeeFactory(employer=other, last_name="Ander"), reported_by=other_employer_user)

    client = staff_login(casemanager)
    for search in ("Andermans", other.kvk_number, str(other.pk)):
        for status in ("open", "alle"):
            response = client.get("/werkvoorraad/", {"werkgever": search, "status": status})
            assert response.status_code == 200
            assert _caseload_rows(response) == [], search
            assert "Andermans" not in response.content.decode().replace('value="Andermans"', "")
    # Insurer staff see the whole book, so the same search finds it.
    client = staff_login(make_user(Role.INSURER))
    assert _caseload_rows(client.get("/werkvoorraad/", {"werkgever": "andermans"})) == ["Ander"]
    assert _caseload_rows(client.get("/werkvoorraad/", {"werkgever": other.kvk_number})) == ["Ander"]


def test_caseload_employer_search_adds_no_query(
    staff_login: StaffLogin, employer: Employer, employer_user: User, casemanager: User
) -> None:
    make_case(employee=EmployeeFactory(employer=employer), reported_by=employer_user, days_sick=20)
    client = staff_login(casemanager)
    client.get("/werkvoorraad/")
    with CaptureQueriesContext(connection) as unfiltered:
        client.get("/werkvoorraad/")
    with CaptureQueriesContext(connection) as searched:
        response = client.get("/werkvoorraad/", {"werkgever": employer.kvk_number, "status": "alle"})
    assert len(response.context["rows"]) == 1
    assert len(searched.captured_queries) == len(unfiltered.captured_queries)


def test_caseload_with_an_unknown_filter_value_falls_back_instead_of_failing(
    staff_login: StaffLogin, employer: Employer, employer_user: User, casemanager: User
) -> None:
    make_case(employee=EmployeeFactory(employer=employer, last_name="Eerste"), reported_by=employer_user)
    closed = make_case(employee=EmployeeFactory(employer=employer, last_name="Gesloten"), days_sick=100)
    services.case_report_recovery(reported_by=employer_user, case=closed, date=days_ago(60), recovered_pct=100)
    services.case_close_recovered()
    client = staff_login(casemanager)
    too_long = "a" * 101
    for params, expected in (
        ({"werkgever": "\x00"}, ["Eerste"]),
        ({"werkgever": f"{employer.name}\x00"}, ["Eerste"]),
        ({"werkgever": too_long}, ["Eerste"]),
        ({"status": "x"}, ["Eerste"]),
        ({"status": "\x00"}, ["Eerste"]),
        ({"pagina": "99"}, ["Eerste"]),
        ({"pagina": "\x00"}, ["Eerste"]),
        # An invalid employer text keeps the status that was chosen, and an invalid status the employer text.
        ({"status": "closed", "werkgever": "\x00"}, ["Gesloten"]),
        ({"status": "alle", "werkgever": too_long}, ["Eerste", "Gesloten"]),
        ({"status": "x", "werkgever": "bestaat niet"}, []),
    ):
        response = client.get("/werkvoorraad/", params)
        assert response.status_code == 200, params
        assert sorted(_caseload_rows(response)) == expected, params
    response = client.get("/werkvoorraad/", {"status": "closed", "werkgever": too_long})
    assert (
        '<p class="utrecht-form-field-error-message error" id="id_werkgever_error">Vul hoogstens 100 tekens in.</p>'
        in response.content.decode()
    )
    assert response.context["filters"]["status"].value() == "closed"  # the choice stays selected


def test_caseload_shows_only_the_casemanagers_own_cases(
    staff_login: StaffLogin, case: AbsenceCase, make_user: MakeUser
) -> None:
    client = staff_login(make_user(Role.CASEMANAGER))
    assert _caseload_rows(client.get("/werkvoorraad/")) == []


def test_caseload_runs_a_constant_number_of_queries(
    staff_login: StaffLogin, employer: Employer, employer_user: User, casemanager: User
) -> None:
    def make(n: int) -> None:
        for _ in range(n):
            make_case(employee=EmployeeFactory(employer=employer), reported_by=employer_user, days_sick=20)

    client = staff_login(casemanager)
    client.get(
        "/werkvoorraad/"
    )  # the first page counts the menu's tasks; the next ones take the cached count (verzuim.task_count)
    make(5)
    with CaptureQueriesContext(connection) as five:
        response = client.get("/werkvoorraad/")
    assert len(response.context["rows"]) == 5
    make(45)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get("/werkvoorraad/")
    assert len(response.context["rows"]) == 50
    assert len(fifty.captured_queries) == len(five.captured_queries)


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.COMPLAINT_HANDLER])
def test_caseload_is_404_for_roles_without_one(
    client: Client, staff_login: StaffLogin, employer_user: User, make_user: MakeUser, role: Role
) -> None:
    if role == Role.EMPLOYER:
        client.force_login(employer_user)
    else:
        staff_login(make_user(role))
    assert client.get("/werkvoorraad/").status_code == 404


def test_casemanager_dashboard_lists_urgent_cases_and_links_to_the_caseload(
    staff_login: StaffLogin, case: AbsenceCase, casemanager: User
) -> None:
    response = staff_login(casemanager).get("/")
    html = response.content.decode()
    assert '<a href="/werkvoorraad/">Naar uw hele werkvoorraad</a>' in html
    assert f'href="/verzuim/{case.pk}/"' in html
    assert "1 lopend verzuimgeval." in text(response)


@pytest.mark.parametrize("role", [Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER])
def test_physician_and_insurer_dashboards_list_cases_they_may_see(
    staff_login: StaffLogin, case: AbsenceCase, physician: User, make_user: MakeUser, role: Role
) -> None:
    client = staff_login(physician if role == Role.OCCUPATIONAL_PHYSICIAN else make_user(role))
    html = client.get("/").content.decode()
    assert f'href="/verzuim/{case.pk}/"' in html
    assert '<a href="/werkvoorraad/">Alle verzuimgevallen</a>' in html
    assert _caseload_rows(client.get("/werkvoorraad/")) == ["de Vries"]


# --- helpers for Dutch display ------------------------------------------------------------------------------------

MONTHS_NL = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
STATUS_NL = {"upcoming": "Gepland", "due_soon": "Binnenkort", "overdue": "Te laat"}


def _month(day: dt.date) -> str:
    return MONTHS_NL[day.month - 1]


def _status_nl(step: Step) -> str:
    return STATUS_NL[step.status_on(today())]


def test_closed_case_page_shows_its_status(employer_client: Client, employee: Employee, employer_user: User) -> None:
    case = make_case(employee=employee, reported_by=employer_user, days_sick=100)
    services.case_report_recovery(reported_by=employer_user, case=case, date=days_ago(60), recovered_pct=100)
    services.case_close_recovered()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    page = text(employer_client.get(f"/verzuim/{case.pk}/"))
    assert "Status Afgesloten" in page
    assert "Hersteld melden" not in page
    assert "Afronden" not in page


@pytest.mark.parametrize("role", [Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER, Role.ADMIN, Role.COMPLAINT_HANDLER])
def test_a_role_that_does_not_own_the_step_gets_404_on_its_page_and_its_post(
    staff_login: StaffLogin, case: AbsenceCase, physician: User, make_user: MakeUser, role: Role
) -> None:
    # The employer's own physician sees the case, so the 404 is about the step, not the case's scope.
    client = staff_login(physician if role == Role.OCCUPATIONAL_PHYSICIAN else make_user(role))
    if role in {Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER, Role.ADMIN}:
        assert client.get(f"/verzuim/{case.pk}/").status_code == 200
    path = f"/verzuim/{case.pk}/stappen/report_to_ohs/afronden/"
    assert client.get(path).status_code == 404
    assert client.post(path, {"report_to_ohs-completed_on": f"{today():%Y-%m-%d}"}).status_code == 404
    assert Step.objects.get(case=case, code="report_to_ohs").state == StepState.OPEN


def test_the_employee_page_links_to_that_persons_absences_only(
    employer_client: Client, case: AbsenceCase, employee: Employee, employer: Employer, employer_user: User
) -> None:
    """Issue 20 item 7: from the employee page to their absence cases (open and closed), not a colleague's."""
    colleague = EmployeeFactory(employer=employer, first_name="Piet", last_name="Jansen")
    theirs = make_case(employee=colleague, reported_by=employer_user, days_sick=3)
    page = employer_client.get(f"/werknemers/{employee.pk}/").content.decode()
    assert f'href="/verzuim/{case.pk}/"' in page
    assert f'href="/verzuim/{theirs.pk}/"' not in page
    empty = employer_client.get(f"/werknemers/{EmployeeFactory(employer=employer).pk}/").content.decode()
    assert "Deze werknemer heeft geen verzuim gehad." in empty
