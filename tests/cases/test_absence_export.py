"""Absences for HR as CSV and XLSX (issue 23 item 5): one row per sick period, the employer's own only, safe
against formula injection, audited."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from cases.absence import services
from tests.cases.factories import make_case
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def periods(employer_user: User) -> Any:
    """Two cases of the employer: one with a partial then a full recovery and a relapse, one still running."""
    today = timezone.localdate()
    employee = EmployeeFactory(
        employer=employer_user.employer, first_name="=HYPERLINK(1)", last_name="Jansen", personnel_number="+31"
    )
    first_day = today - dt.timedelta(days=40)
    case = make_case(employee=employee, reported_by=employer_user, first_sick_day=first_day)
    services.case_report_recovery(
        reported_by=employer_user, case=case, date=first_day + dt.timedelta(days=10), recovered_pct=40, today=today
    )
    services.case_report_recovery(
        reported_by=employer_user, case=case, date=first_day + dt.timedelta(days=20), recovered_pct=100, today=today
    )
    running = make_case(
        employee=EmployeeFactory(employer=employer_user.employer, last_name="Bakker", personnel_number="P2"),
        reported_by=employer_user,
        first_sick_day=today - dt.timedelta(days=4),
    )
    return {"today": today, "first_day": first_day, "case": case, "running": running}


def test_the_csv_has_one_row_per_period_and_no_formula(employer_user: User, periods: Any) -> None:
    response = login(employer_user).get(f"/werkgevers/{employer_user.employer_id}/verzuim.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[1:] == [
        "Personeelsnummer",
        "Werknemer",
        "Eerste ziektedag",
        "Laatste ziektedag",
        "Verzuimpercentage",
        "Duur (kalenderdagen)",
    ]
    first_day = periods["first_day"]
    assert len(lines) == 3  # the header, Bakker's running period, Jansen's ended one
    bakker, jansen = lines[1].split(";"), lines[2].split(";")
    assert bakker[1:] == ["P2", bakker[2], (periods["today"] - dt.timedelta(days=4)).isoformat(), "", "100", "5"]
    assert jansen[1] == "'+31"
    assert jansen[2].startswith("'=HYPERLINK(1)")
    end = first_day + dt.timedelta(days=19)
    assert jansen[3:] == [first_day.isoformat(), end.isoformat(), "60", "20"]
    assert AuditLog.objects.filter(
        actor=employer_user, object_type="absence_case", changes__export="csv", employer=employer_user.employer
    ).exists()


def test_the_xlsx_stores_names_as_text(employer_user: User, periods: Any) -> None:
    response = login(employer_user).get(f"/werkgevers/{employer_user.employer_id}/verzuim.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    formula = next(cell for value, cell in cells.items() if value.startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    assert sheet.max_row == 3


def test_another_employer_and_other_roles_get_404(
    employer_user: User, other_employer_user: User, make_user: Any, staff_login: Any, periods: Any
) -> None:
    path = f"/werkgevers/{employer_user.employer_id}/verzuim.csv"
    assert login(other_employer_user).get(path).status_code == 404
    assert login(employer_user).get(f"/werkgevers/{employer_user.employer_id}/verzuim.pdf").status_code == 404
    casemanager = make_user(Role.CASEMANAGER)
    assert staff_login(casemanager).get(path).status_code == 404


def test_insurer_staff_download_any_employer(
    make_user: Any, staff_login: Any, employer_user: User, periods: Any
) -> None:
    insurer = make_user(Role.INSURER)
    client = staff_login(insurer)
    response = client.get(f"/werkgevers/{employer_user.employer_id}/verzuim.csv")
    assert response.status_code == 200
    assert len(response.content.decode("utf-8-sig").splitlines()) == 3
    empty = client.get(f"/werkgevers/{EmployerFactory().pk}/verzuim.csv")
    assert len(empty.content.decode("utf-8-sig").splitlines()) == 1


def test_the_statistics_page_links_the_downloads_for_the_employer_only(
    employer_user: User, make_user: Any, staff_login: Any
) -> None:
    page = login(employer_user).get(f"/werkgevers/{employer_user.employer_id}/verzuimcijfers/").content.decode()
    assert f"/werkgevers/{employer_user.employer_id}/verzuim.xlsx" in page
    casemanager = make_user(Role.CASEMANAGER)
    employer_user.employer.casemanager = casemanager
    employer_user.employer.save()
    other = staff_login(casemanager).get(f"/werkgevers/{employer_user.employer_id}/verzuimcijfers/")
    assert "verzuim.xlsx" not in other.content.decode()
