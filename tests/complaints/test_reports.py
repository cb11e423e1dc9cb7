"""The yearly complaints report and the covenant evaluation: the numbers against hand-built complaints,
claims and survey answers, the CSV and PDF read back, and who may see them (everyone else: 404)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal as D
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from cases.absence.models import AbsenceCase
from complaints import deadlines, reports, reports_data, views_reports
from complaints.models import (
    Complaint,
    ComplaintChannel,
    ComplaintStatus,
    ComplaintTerms,
    SurveyInvitation,
    SurveyKind,
    SurveyResponse,
)
from premiums.claims.models import Claim, ClaimStatus
from tests.premiums.claims_factories import sick_case
from verzuim.models import Role, User

pytestmark = pytest.mark.django_db

DAY = dt.date
TODAY = DAY(2026, 11, 23)
MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]


def make_complaint(
    n: int,
    received_on: dt.date,
    *,
    acknowledged_on: dt.date | None = None,
    answered_on: dt.date | None = None,
    category: str = "premium",
    outcome: str = "",
) -> Complaint:
    terms = ComplaintTerms.objects.first()
    assert terms is not None
    return Complaint.objects.create(
        reference=f"KL-{received_on.year}-{n:06d}",
        category=category,
        description="Klacht",
        contact_name="Karin Klager",
        contact_email="karin@example.nl",
        channel=ComplaintChannel.PUBLIC,
        received_on=received_on,
        terms=terms,
        acknowledge_by=deadlines.acknowledge_by(received_on, terms.acknowledge_working_days),
        answer_by=deadlines.answer_by(received_on, terms.answer_weeks),
        acknowledged_on=acknowledged_on,
        answered_on=answered_on,
        outcome=outcome,
        status=ComplaintStatus.CLOSED if outcome else ComplaintStatus.RECEIVED,
        closed_on=answered_on if outcome else None,
    )


@pytest.fixture
def year_2026() -> list[Complaint]:
    """The hand-built year (report day Monday 23 November 2026; acknowledge in 5 working days, answer in 6 weeks).

    ref  received  ack. by  acknowledged    answer by  answered        category  outcome
    1    02-03     09-03    04-03 on time   13-04      20-03 on time   premium   founded         18 days
    2    02-03     09-03    09-03 on time   13-04      20-04 late      premium   unfounded       49 days
    3    01-06     08-06    05-06 on time   13-07      29-06 on time   claim     partly founded  28 days
    4    01-06     08-06    10-06 late      13-07      -     late      privacy   -
    5    01-10     08-10    -     late      12-11      -     late      premium   -
    6    20-11     27-11    -     pending   01-01-27   -     pending   other     -
    (and one complaint received in 2025: not in the 2026 report)

    Acknowledgement: on time 3 (1, 2, 3), late 2 (4, and 5 whose deadline passed), left out 1 (6): 3 / 5 = 60.0%.
    Answer: on time 2 (1, 3), late 3 (2, 4, 5), left out 1 (6): 2 / 5 = 40.0%.
    Median handling time of the answered (18, 28, 49): 28 days.
    """
    rows = [
        make_complaint(
            1, DAY(2026, 3, 2), acknowledged_on=DAY(2026, 3, 4), answered_on=DAY(2026, 3, 20), outcome="founded"
        ),
        make_complaint(
            2, DAY(2026, 3, 2), acknowledged_on=DAY(2026, 3, 9), answered_on=DAY(2026, 4, 20), outcome="unfounded"
        ),
        make_complaint(
            3,
            DAY(2026, 6, 1),
            acknowledged_on=DAY(2026, 6, 5),
            answered_on=DAY(2026, 6, 29),
            category="claim",
            outcome="partly_founded",
        ),
        make_complaint(4, DAY(2026, 6, 1), acknowledged_on=DAY(2026, 6, 10), category="privacy"),
        make_complaint(5, DAY(2026, 10, 1)),
        make_complaint(6, DAY(2026, 11, 20), category="other"),
        make_complaint(7, DAY(2025, 12, 1), acknowledged_on=DAY(2025, 12, 31), category="privacy"),
    ]
    # The deadlines the table assumes.
    assert [(c.acknowledge_by, c.answer_by) for c in rows[:6]] == [
        (DAY(2026, 3, 9), DAY(2026, 4, 13)),
        (DAY(2026, 3, 9), DAY(2026, 4, 13)),
        (DAY(2026, 6, 8), DAY(2026, 7, 13)),
        (DAY(2026, 6, 8), DAY(2026, 7, 13)),
        (DAY(2026, 10, 8), DAY(2026, 11, 12)),
        (DAY(2026, 11, 27), DAY(2027, 1, 1)),
    ]
    return rows


# --- The numbers -----------------------------------------------------------------------------------------------


def test_the_yearly_on_time_share_matches_the_hand_calculation(year_2026: list[Complaint]) -> None:
    report = reports_data.complaints_report_load(year=2026, today=TODAY)
    assert report.total == 6
    assert report.acknowledgement == reports.OnTime(on_time=3, late=2, pending=1)
    assert report.acknowledgement.share_pct == D("60.0")
    assert report.answer == reports.OnTime(on_time=2, late=3, pending=1)
    assert report.answer.share_pct == D("40.0")


def test_the_median_handling_time_counts_answered_complaints_only(year_2026: list[Complaint]) -> None:
    report = reports_data.complaints_report_load(year=2026, today=TODAY)
    assert report.answered_count == 3
    assert report.median_handling_days == D(28)


def test_the_median_of_an_even_number_is_the_mean_of_the_middle_two() -> None:
    assert reports.median_days([10, 13, 2, 40]) == D("11.5")
    assert reports.median_days([]) is None


def test_counts_per_category_and_outcome_list_every_option(year_2026: list[Complaint]) -> None:
    report = reports_data.complaints_report_load(year=2026, today=TODAY)
    per_category = {item.code: item.count for item in report.per_category}
    assert per_category == {
        "casemanager": 0, "arbodienst": 0, "premium": 3, "claim": 1,
        "intervention": 0, "privacy": 1, "covenant": 0, "other": 1,
    }  # fmt: skip
    assert {item.code: item.count for item in report.per_outcome} == {
        "founded": 1, "unfounded": 1, "partly_founded": 1,
    }  # fmt: skip
    assert report.open_count == 3


def test_a_deadline_on_the_report_day_is_still_pending() -> None:
    assert reports.deadline_met(TODAY, None, TODAY) is None
    assert reports.deadline_met(TODAY - dt.timedelta(days=1), None, TODAY) is False
    assert reports.deadline_met(TODAY, TODAY, TODAY) is True


def test_no_counted_complaint_has_no_share() -> None:
    assert reports.OnTime(on_time=0, late=0, pending=2).share_pct is None


def test_the_complaints_report_is_one_query(
    year_2026: list[Complaint], django_assert_num_queries: Callable[..., Any]
) -> None:
    with django_assert_num_queries(1):
        reports_data.complaints_report_load(year=2026, today=TODAY)


def add_claim(case: AbsenceCase, by: User, start: dt.date, amount: str, status: str = ClaimStatus.CALCULATED) -> Claim:
    policy = case.employer.policies.get()
    extra: dict[str, Any] = {}
    if status == ClaimStatus.CANCELLED:
        extra = {"cancelled_by": by, "cancel_reason": "Verkeerde periode"}
    return Claim.objects.create(
        case=case, employer=case.employer, policy=policy, status=status, period_start=start,
        period_end=start + dt.timedelta(days=4), waiting_days=10, coverage="100/70",
        employer_charges_pct=D(25), yearly_wage=D(52200), waiting_days_before=10, waiting_days_in_period=0,
        sick_work_days=5, paid_work_days=5, amount=D(amount), created_by=by, **extra,
    )  # fmt: skip


def answer(kind: str, score: int, at: dt.datetime, n: int, subject: Any) -> None:
    invitation = SurveyInvitation.objects.create(
        kind=kind, token_hash=f"{n:064d}", email="x@example.nl", expires_at=at + dt.timedelta(days=30),
        used_at=at, **({"complaint": subject} if kind == SurveyKind.COMPLAINT else {"case": subject}),
    )  # fmt: skip
    SurveyResponse.objects.create(invitation=invitation, score=score, answered_at=at)


@pytest.fixture
def covenant_data(year_2026: list[Complaint], make_user: MakeUser) -> None:
    """Claims (by year of period start, cancelled ones left out):
        2023: 50.00 (before the three years)   2024: 100.00   2025: 200.00 + 300.50 = 500.50
        2026: 1,000.00 (and 999.00 cancelled)
    Survey answers in 2026: after a complaint 4 and 5 (average 4.5), after a case 2 (2.0);
    one in 2025 (score 1) does not count."""
    by = make_user(Role.INSURER)
    case = sick_case()
    add_claim(case, by, DAY(2023, 6, 5), "50.00")
    add_claim(case, by, DAY(2024, 6, 3), "100.00")
    add_claim(case, by, DAY(2025, 2, 3), "200.00")
    add_claim(case, by, DAY(2025, 12, 29), "300.50")
    add_claim(case, by, DAY(2026, 1, 5), "1000.00")
    add_claim(case, by, DAY(2026, 3, 2), "999.00", status=ClaimStatus.CANCELLED)
    amsterdam_noon = dt.timezone(dt.timedelta(hours=1))
    answer(SurveyKind.COMPLAINT, 4, dt.datetime(2026, 4, 1, 12, tzinfo=amsterdam_noon), 1, year_2026[0])
    answer(SurveyKind.COMPLAINT, 5, dt.datetime(2026, 7, 1, 12, tzinfo=amsterdam_noon), 2, year_2026[1])
    answer(SurveyKind.CASE, 2, dt.datetime(2026, 12, 31, 23, 30, tzinfo=amsterdam_noon), 3, case)
    answer(SurveyKind.COMPLAINT, 1, dt.datetime(2025, 12, 31, 23, 30, tzinfo=amsterdam_noon), 4, year_2026[6])


def test_the_covenant_report_has_claims_development_and_satisfaction(covenant_data: None) -> None:
    report = reports_data.covenant_report_load(year=2026, today=TODAY)
    assert report.complaints.acknowledgement.share_pct == D("60.0")
    assert report.claims == (
        reports.ClaimYear(2024, 1, D("100.00")),
        reports.ClaimYear(2025, 2, D("500.50")),
        reports.ClaimYear(2026, 1, D("1000.00")),
    )
    assert [(s.kind, s.count, s.average) for s in report.satisfaction] == [
        ("complaint", 2, D("4.5")),
        ("case", 1, D("2.0")),
    ]


def test_a_year_without_claims_or_answers_shows_zero() -> None:
    report = reports_data.covenant_report_load(year=2024, today=TODAY)
    assert [(c.year, c.count, c.total) for c in report.claims] == [(2022, 0, 0), (2023, 0, 0), (2024, 0, 0)]
    assert [(s.count, s.average) for s in report.satisfaction] == [(0, None), (0, None)]


def test_the_covenant_report_is_three_queries(
    covenant_data: None, django_assert_num_queries: Callable[..., Any]
) -> None:
    with django_assert_num_queries(3):
        reports_data.covenant_report_load(year=2026, today=TODAY)


# --- Pages, CSV and PDF ------------------------------------------------------------------------------------------


@pytest.fixture
def report_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views_reports, "_today", lambda: TODAY)


@pytest.fixture
def insurer_client(make_user: MakeUser, staff_login: StaffLogin) -> Client:
    return staff_login(make_user(Role.INSURER))


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_complaints_page_shows_the_shares(
    year_2026: list[Complaint], make_user: MakeUser, staff_login: StaffLogin, report_day: None
) -> None:
    client = staff_login(make_user(Role.COMPLAINT_HANDLER))
    response = client.get("/rapportages/klachten/?jaar=2026")
    assert response.status_code == 200
    html = response.content.decode()
    assert "60,0%" in html
    assert "40,0%" in html
    assert "28 dagen" in html


def test_the_complaints_csv_reads_back(year_2026: list[Complaint], insurer_client: Client, report_day: None) -> None:
    response = insurer_client.get("/rapportages/klachten/export.csv?jaar=2026")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="klachtenrapportage-2026.csv"'
    rows = read_csv(response.content)
    assert rows[0] == ["Onderdeel", "Omschrijving", "Aantal", "Waarde"]
    assert ["Ontvangstbevestiging", "Aandeel op tijd (%)", "5", "60,0"] in rows
    assert ["Beantwoording", "Aandeel op tijd (%)", "5", "40,0"] in rows
    assert ["Onderwerp", "Premie", "3", ""] in rows
    assert ["Behandelduur", "Mediaan in dagen (ontvangst tot antwoord)", "3", "28,0"] in rows


def test_the_covenant_csv_reads_back(covenant_data: None, insurer_client: Client, report_day: None) -> None:
    rows = read_csv(insurer_client.get("/rapportages/convenant/export.csv?jaar=2026").content)
    assert ["Declaraties (€)", "2025", "2", "500,50"] in rows
    assert ["Declaraties (€)", "2026", "1", "1000,00"] in rows
    assert ["Tevredenheid (1 tot en met 5)", "Na een klacht", "2", "4,5"] in rows
    assert ["Tevredenheid (1 tot en met 5)", "Na een verzuimdossier", "1", "2,0"] in rows


def pdf_text(content: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages)


def test_the_covenant_pdf_reads_back(covenant_data: None, insurer_client: Client, report_day: None) -> None:
    response = insurer_client.get("/rapportages/convenant/export.pdf?jaar=2026")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Convenantevaluatie 2026" in text
    assert "60,0%" in text
    assert "500,50" in text
    assert "4,5" in text


def test_the_complaints_pdf_reads_back(year_2026: list[Complaint], insurer_client: Client, report_day: None) -> None:
    text = pdf_text(insurer_client.get("/rapportages/klachten/export.pdf?jaar=2026").content)
    assert "Klachtenrapportage 2026" in text
    assert "40,0%" in text


@pytest.mark.parametrize("year", ["abc", "1999", "2999"])
def test_a_year_that_is_not_a_report_year_is_a_404(insurer_client: Client, year: str) -> None:
    assert insurer_client.get(f"/rapportages/klachten/?jaar={year}").status_code == 404


# --- Who may see what ------------------------------------------------------------------------------------------

COMPLAINTS_URLS = [
    "/rapportages/klachten/?jaar=2026",
    "/rapportages/klachten/export.csv?jaar=2026",
    "/rapportages/klachten/export.pdf?jaar=2026",
]
COVENANT_URLS = [
    "/rapportages/convenant/?jaar=2026",
    "/rapportages/convenant/export.csv?jaar=2026",
    "/rapportages/convenant/export.pdf?jaar=2026",
]
MATRIX = [
    (Role.EMPLOYER, 404, 404),
    (Role.CASEMANAGER, 404, 404),
    (Role.OCCUPATIONAL_PHYSICIAN, 404, 404),
    (Role.COMPLAINT_HANDLER, 200, 404),
    (Role.INSURER, 200, 200),
    (Role.ADMIN, 200, 200),
]


@pytest.mark.parametrize(("role", "complaints_status", "covenant_status"), MATRIX)
def test_who_sees_which_report(
    client: Client,
    make_user: MakeUser,
    staff_login: StaffLogin,
    role: Role,
    complaints_status: int,
    covenant_status: int,
) -> None:
    user = make_user(role)
    if role == Role.EMPLOYER:
        client.force_login(user)
    else:
        client = staff_login(user)
    for url in COMPLAINTS_URLS:
        assert client.get(url).status_code == complaints_status, url
    for url in COVENANT_URLS:
        assert client.get(url).status_code == covenant_status, url


def test_an_unknown_export_format_is_a_404(insurer_client: Client) -> None:
    assert insurer_client.get("/rapportages/klachten/export.xlsx").status_code == 404
    assert insurer_client.get("/rapportages/convenant/export.xlsx").status_code == 404


def test_anonymous_visitors_go_to_the_login(client: Client) -> None:
    response = client.get("/rapportages/klachten/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_the_menu_links_the_reports_for_those_who_may_see_them(
    client: Client, make_user: MakeUser, staff_login: StaffLogin
) -> None:
    assert 'href="/rapportages/klachten/"' in staff_login(make_user(Role.COMPLAINT_HANDLER)).get("/").content.decode()
    client.logout()
    casemanager = staff_login(make_user(Role.CASEMANAGER))
    assert "/rapportages/" not in casemanager.get("/").content.decode()


def formula_report() -> reports.ComplaintsReport:
    """A report whose labels look like formulas (labels come from choices, but the export must not trust that)."""
    return reports.complaints_report(
        year=2026, rows=(), today=dt.date(2026, 12, 1), categories=[("x", "=1+2")], outcomes=[("y", "@SUM(A1)")]
    )


def test_the_complaints_csv_writes_formula_like_text_as_text() -> None:
    rows = read_csv(reports.complaints_csv(formula_report()))
    assert ["Onderwerp", "'=1+2", "0", ""] in rows
    assert ["Uitkomst", "'@SUM(A1)", "0", ""] in rows


def test_the_covenant_csv_writes_formula_like_text_as_text() -> None:
    report = reports.covenant_report(
        complaints=formula_report(), claims_per_year={}, satisfaction_per_kind={"k": (1, 4)}, kinds=[("k", "-2+3")]
    )
    rows = read_csv(reports.covenant_csv(report))
    assert ["Tevredenheid (1 tot en met 5)", "'-2+3", "1", "4,0"] in rows
    assert ["Onderwerp", "'=1+2", "0", ""] in rows
