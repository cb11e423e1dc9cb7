"""The claims pages (Declaraties): who sees what (404 otherwise), calculating, four eyes, paying, cancelling,
the overview with its filters and totals, and the CSV and XLSX exports read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal as D

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases.absence.models import AbsenceCase
from premiums.claims import services as services_claims
from premiums.claims.models import Claim, ClaimStatus
from tests.factories import EmployerFactory
from tests.premiums.claims_factories import TODAY, insured_employer, sick_case
from verzuim.models import AuditLog, Employer, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
DAY = dt.date


@pytest.fixture
def calculator(make_user: MakeUser) -> User:
    return make_user(Role.INSURER, full_name="Carla Calculator")


@pytest.fixture
def approver(make_user: MakeUser) -> User:
    return make_user(Role.INSURER, full_name="Anton Approver")


@pytest.fixture
def employer(employer_user: User) -> Employer:
    return insured_employer(employer=employer_user.employer)


@pytest.fixture
def case(employer: Employer) -> AbsenceCase:
    return sick_case(employer=employer)


def make_claim(by: User, case: AbsenceCase, start: dt.date, end: dt.date) -> Claim:
    return services_claims.claim_create(created_by=by, case=case, period_start=start, period_end=end, today=TODAY)


@pytest.fixture
def approved(case: AbsenceCase, calculator: User, approver: User) -> Claim:
    """5-30 January 2026: 10 waiting days, then 10 paid: 200 * 10 * 1.25 = 2,500.00."""
    claim = make_claim(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 30))
    return services_claims.claim_approve(approved_by=approver, claim=claim)


@pytest.fixture
def calculated(case: AbsenceCase, calculator: User) -> Claim:
    """2-6 February 2026: 200 * 5 * 1.25 = 1,250.00, not approved yet."""
    return make_claim(calculator, case, DAY(2026, 2, 2), DAY(2026, 2, 6))


@pytest.fixture
def employer_client(client: Client, employer_user: User) -> Client:
    client.force_login(employer_user)
    return client


def case_url(case: AbsenceCase) -> str:
    return f"/verzuim/{case.pk}/declaraties/"


def claim_url(claim: Claim, action: str = "") -> str:
    return f"/declaraties/{claim.pk}/{action}"


# --- Who may see what ------------------------------------------------------------------------------------------


def staff_of_the_case(role: Role, case: AbsenceCase, make_user: MakeUser) -> User:
    """A staff member who sees the case itself (its casemanager, its physician) or a role that sees no case."""
    user = make_user(role)
    if role == Role.CASEMANAGER:
        case.casemanager = user
        case.save(update_fields=["casemanager"])
    if role == Role.OCCUPATIONAL_PHYSICIAN:
        case.employer.occupational_physician = user
        case.employer.save(update_fields=["occupational_physician"])
    return user


@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
def test_roles_without_claims_get_404_even_on_a_case_they_see(
    role: Role, case: AbsenceCase, approved: Claim, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    client = staff_login(staff_of_the_case(role, case, make_user))
    if role != Role.COMPLAINT_HANDLER:
        assert client.get(f"/verzuim/{case.pk}/").status_code == 200
    for url in (case_url(case), claim_url(approved), "/declaraties/", "/declaraties/export.csv"):
        assert client.get(url).status_code == 404, url


def test_another_employer_gets_404_for_the_claims_of_a_case_and_a_claim(
    client: Client, other_employer_user: User, case: AbsenceCase, approved: Claim
) -> None:
    client.force_login(other_employer_user)
    assert client.get(case_url(case)).status_code == 404
    assert client.get(claim_url(approved)).status_code == 404
    overview = client.get("/declaraties/")
    assert overview.status_code == 200
    assert str(approved.pk) not in overview.content.decode()


def test_the_employer_sees_approved_claims_not_those_still_awaiting_approval(
    employer_client: Client, case: AbsenceCase, approved: Claim, calculated: Claim
) -> None:
    page = employer_client.get(case_url(case)).content.decode()
    assert f'id="declaratie-{approved.pk}"' in page
    assert f'id="declaratie-{calculated.pk}"' not in page
    assert "U ziet een declaratie zodra de verzekeraar haar heeft goedgekeurd." in page
    assert employer_client.get(claim_url(calculated)).status_code == 404
    detail = employer_client.get(claim_url(approved)).content.decode()
    assert "€\u00a02.500,00" in detail
    assert "Declaratie berekenen" not in page
    assert "Goedkeuren" not in detail


def test_the_employer_may_not_calculate_or_approve(employer_client: Client, case: AbsenceCase, approved: Claim) -> None:
    response = employer_client.post(case_url(case), {"period_start": "2026-02-02", "period_end": "2026-02-06"})
    assert response.status_code == 404
    assert employer_client.post(claim_url(approved, "betaald/")).status_code == 404
    assert employer_client.post(claim_url(approved, "intrekken/"), {"reason": "x"}).status_code == 404
    assert Claim.objects.count() == 1


def test_the_case_page_links_to_its_claims_for_employer_and_insurer_only(
    employer_client: Client, case: AbsenceCase, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    link = f'href="{case_url(case)}"'
    assert link in employer_client.get(f"/verzuim/{case.pk}/").content.decode()
    insurer = staff_login(make_user(Role.INSURER))
    assert link in insurer.get(f"/verzuim/{case.pk}/").content.decode()
    casemanager = staff_login(staff_of_the_case(Role.CASEMANAGER, case, make_user))
    assert link not in casemanager.get(f"/verzuim/{case.pk}/").content.decode()


# --- Insurer staff at work ------------------------------------------------------------------------------------


def test_insurer_calculates_a_claim_and_sees_its_lines(
    case: AbsenceCase, calculator: User, staff_login: StaffLogin
) -> None:
    client = staff_login(calculator)
    response = client.post(case_url(case), {"period_start": "2026-01-05", "period_end": "2026-01-30"})
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == claim_url(claim)
    page = client.get(claim_url(claim)).content.decode()
    assert "De declaratie is berekend: €\u00a02.500,00. Een tweede medewerker keurt haar goed." in page
    assert "Eigen risico (wachtdagen)" in page
    assert "10 werkdagen per verzuimgeval: 0 gebruikt vóór deze periode, 10 in deze periode" in page
    assert page.count('class="claim-line claim-line-') == 2
    assert "U hebt deze declaratie berekend; een tweede medewerker keurt haar goed (vier ogen)." in page
    assert f'action="{claim_url(claim, "goedkeuren/")}"' not in page


def test_a_bad_period_shows_the_services_message_at_the_field(
    case: AbsenceCase, calculator: User, staff_login: StaffLogin
) -> None:
    response = staff_login(calculator).post(case_url(case), {"period_start": "2026-01-01", "period_end": "2026-01-30"})
    assert response.status_code == 400
    assert "De periode begint vóór de eerste ziektedag (05-01-2026)." in response.content.decode()
    assert not Claim.objects.exists()


def test_an_overlapping_period_is_a_409_with_the_reason(
    case: AbsenceCase, approved: Claim, calculator: User, staff_login: StaffLogin
) -> None:
    response = staff_login(calculator).post(case_url(case), {"period_start": "2026-01-26", "period_end": "2026-02-06"})
    assert response.status_code == 409
    assert "Deze periode overlapt met de declaratie van 05-01-2026 tot en met 30-01-2026" in response.content.decode()


def test_four_eyes_then_paid_on_the_page(
    calculated: Claim, calculator: User, approver: User, staff_login: StaffLogin
) -> None:
    own = staff_login(calculator).post(claim_url(calculated, "goedkeuren/"))
    assert own.status_code == 403
    assert "Een tweede medewerker moet haar goedkeuren (vier ogen)." in own.content.decode()
    client = staff_login(approver)
    assert client.post(claim_url(calculated, "goedkeuren/")).status_code == 302
    assert client.post(claim_url(calculated, "betaald/")).status_code == 302
    calculated.refresh_from_db()
    assert (calculated.status, calculated.approved_by, calculated.paid_by) == (ClaimStatus.PAID, approver, approver)
    again = client.post(claim_url(calculated, "betaald/"))
    assert again.status_code == 409
    assert "Alleen een goedgekeurde declaratie kan als betaald worden gemeld." in again.content.decode()


def test_cancel_needs_a_reason(calculated: Claim, approver: User, staff_login: StaffLogin) -> None:
    client = staff_login(approver)
    empty = client.post(claim_url(calculated, "intrekken/"), {"reason": ""})
    assert empty.status_code == 400
    assert "Geef aan waarom u de declaratie intrekt." in empty.content.decode()
    assert client.post(claim_url(calculated, "intrekken/"), {"reason": "Periode verkeerd."}).status_code == 302
    calculated.refresh_from_db()
    assert (calculated.status, calculated.cancel_reason) == (ClaimStatus.CANCELLED, "Periode verkeerd.")


# --- The overview and its exports -----------------------------------------------------------------------------


def figure(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}">') + len(f'id="{element_id}">')
    return page[start : page.index("</p>", start)]


def test_the_overview_filters_by_year_and_status_with_totals(
    approved: Claim, calculated: Claim, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    client = staff_login(make_user(Role.INSURER))
    page = client.get("/declaraties/").content.decode()
    assert (figure(page, "value-count"), figure(page, "value-amount")) == ("2", "€\u00a03.750,00")
    assert (figure(page, "value-approved"), figure(page, "value-paid")) == ("€\u00a02.500,00", "€\u00a00,00")
    only_calculated = client.get("/declaraties/?status=calculated").content.decode()
    assert f'id="declaratie-{calculated.pk}"' in only_calculated
    assert f'id="declaratie-{approved.pk}"' not in only_calculated
    assert figure(only_calculated, "value-amount") == "€\u00a01.250,00"
    assert figure(client.get("/declaraties/?jaar=2026").content.decode(), "value-count") == "2"
    assert figure(client.get("/declaraties/?jaar=2026&status=paid").content.decode(), "value-count") == "0"
    assert 'href="/declaraties/export.csv?status=calculated"' in only_calculated


def test_the_employer_overview_shows_only_its_approved_claims(
    employer_client: Client, approved: Claim, calculated: Claim, calculator: User, approver: User
) -> None:
    other = sick_case()
    foreign = make_claim(calculator, other, DAY(2026, 1, 5), DAY(2026, 1, 30))
    services_claims.claim_approve(approved_by=approver, claim=foreign)
    page = employer_client.get("/declaraties/").content.decode()
    assert f'id="declaratie-{approved.pk}"' in page
    assert f'id="declaratie-{calculated.pk}"' not in page
    assert f'id="declaratie-{foreign.pk}"' not in page
    assert figure(page, "value-amount") == "€\u00a02.500,00"


def test_the_overview_takes_the_same_queries_for_one_claim_or_many(
    case: AbsenceCase, calculator: User, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    client = staff_login(make_user(Role.INSURER))
    make_claim(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 9))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/declaraties/").status_code == 200
        return len(captured)

    client.get(
        "/declaraties/"
    )  # the first page counts the menu's tasks; the next ones take the cached count (verzuim.task_count)
    one = queries()
    for month in range(2, 8):
        other = sick_case(employer=case.employer)
        make_claim(calculator, other, DAY(2026, month, 2), DAY(2026, month, 27))
    assert queries() == one


def test_csv_export_has_dutch_headers_and_amounts_as_numbers(
    approved: Claim, calculated: Claim, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    client = staff_login(make_user(Role.INSURER))
    response = client.get("/declaraties/export.csv?jaar=2026")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="declaraties-2026.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert [row["Declaratie"] for row in rows] == [str(calculated.pk), str(approved.pk)]
    first = rows[1]
    assert first["Werkgever"] == approved.employer.name
    assert first["Werknemer"] == approved.case.employee.full_name
    assert (first["Periode vanaf"], first["Periode tot en met"]) == ("2026-01-05", "2026-01-30")
    assert (first["Status"], first["Dekking"]) == ("Goedgekeurd", "100/70")
    assert (first["Ziektewerkdagen"], first["Eigenrisicodagen in de periode"], first["Vergoede werkdagen"]) == (
        "20",
        "10",
        "10",
    )
    assert D(first["Bedrag (€)"].replace(",", ".")) == D("2500.00")
    assert first["Bedrag (€)"] == "2500,00"
    assert first["Betaald op"] == ""
    assert AuditLog.objects.filter(object_type="claim", action="list", changes__export="csv").exists()


def test_xlsx_export_opens_with_numbers_and_dates(employer_client: Client, approved: Claim, calculated: Claim) -> None:
    response = employer_client.get("/declaraties/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:3] == ["Declaratie", "Werkgever", "KvK-nummer"]
    assert len(rows) == 2  # the employer's one approved claim, not the one awaiting approval
    row = dict(zip(header, rows[1], strict=True))
    assert row["Declaratie"] == str(approved.pk)
    assert row["Bedrag (€)"] == 2500
    assert isinstance(row["Bedrag (€)"], int | float)
    assert row["Periode vanaf"] == dt.datetime(2026, 1, 5)
    assert row["Vergoede werkdagen"] == 10


def test_an_unknown_export_format_is_404(employer_client: Client) -> None:
    assert employer_client.get("/declaraties/export.pdf").status_code == 404


def test_the_menu_shows_declaraties_to_employer_not_to_casemanager(
    employer_client: Client, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    assert 'href="/declaraties/"' in employer_client.get("/").content.decode()
    casemanager = staff_login(make_user(Role.CASEMANAGER))
    assert 'href="/declaraties/"' not in casemanager.get("/").content.decode()


def test_an_employer_without_claims_sees_an_empty_overview(client: Client) -> None:
    user = User.objects.create_user("leeg@example.nl", "x", role=Role.EMPLOYER, employer=EmployerFactory())
    client.force_login(user)
    page = client.get("/declaraties/").content.decode()
    assert "Geen declaraties gevonden." in page
    assert figure(page, "value-amount") == "€\u00a00,00"


@pytest.fixture
def formula_employee(approved: Claim) -> Claim:
    """An employer named its employee and personnel number like spreadsheet formulas."""
    employee = approved.case.employee
    employee.first_name, employee.last_name, employee.personnel_number = "=1+2", "+HYPERLINK(1)", "@SUM(A1)"
    employee.save(update_fields=["first_name", "last_name", "personnel_number"])
    return approved


def test_csv_export_writes_formula_like_text_as_text(
    formula_employee: Claim, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    client = staff_login(make_user(Role.INSURER))
    text = client.get("/declaraties/export.csv").content.decode("utf-8")
    row = next(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert row["Werknemer"] == "'=1+2 +HYPERLINK(1)"
    assert row["Personeelsnummer"] == "'@SUM(A1)"
    assert row["Bedrag (€)"] == "2500,00"  # numbers stay numbers


def test_xlsx_export_stores_formula_like_text_as_string_cells(
    formula_employee: Claim, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    client = staff_login(make_user(Role.INSURER))
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/declaraties/export.xlsx").content)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert (cells["Werknemer"].data_type, cells["Werknemer"].value) == ("s", "=1+2 +HYPERLINK(1)")
    assert (cells["Personeelsnummer"].data_type, cells["Personeelsnummer"].value) == ("s", "@SUM(A1)")
    assert cells["Bedrag (€)"].data_type == "n"
