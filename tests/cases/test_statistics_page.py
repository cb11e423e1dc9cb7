"""The Verzuimcijfers page: the year's figures and the months of one employer, who may see it, bad years,
and the per-month figures (cases.statistics.rules.year_statistics) it is built on."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.absence import services
from cases.absence.models import AbsenceCase, CaseStatus, CloseReason, Recovery, SickPeriod
from cases.statistics import data as statistics_data
from cases.statistics import rules as statistics
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim.charts import axis_top
from verzuim.models import AuditLog, Employer, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
StaffLogin = Callable[[User], Client]
D = dt.date

# The same employer twice: as pure facts (for the expected numbers) and through the services (for the page).
ANNA = statistics.EmployeeSpan(employment_start=D(2020, 1, 1), employment_end=None, weekly_hours=Decimal(40))
BRAM = statistics.EmployeeSpan(employment_start=D(2025, 7, 1), employment_end=None, weekly_hours=Decimal(20))
ANNA_CASE = statistics.CaseFacts(
    employee=ANNA,
    safety_net=False,
    closed_on=D(2025, 4, 19),
    periods=(statistics.Period(D(2025, 3, 3), D(2025, 3, 22)),),
    recoveries=(statistics.RecoveryReport(D(2025, 3, 13), 50), statistics.RecoveryReport(D(2025, 3, 23), 100)),
)
BRAM_CASE = statistics.CaseFacts(
    employee=BRAM,
    safety_net=True,
    closed_on=None,
    periods=(statistics.Period(D(2025, 10, 1), D(2025, 10, 5)), statistics.Period(D(2025, 10, 20), None)),
    recoveries=(statistics.RecoveryReport(D(2025, 10, 6), 100),),
)


def url(employer: Employer, query: str = "") -> str:
    return f"/werkgevers/{employer.pk}/verzuimcijfers/{query}"


def dutch(value: Decimal, places: int = 2) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def shown(content: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">(.*?)</p>', content, re.DOTALL)
    assert match, element_id
    return re.sub(r"<[^>]+>", "", match.group(1)).split()[0]


def month_row(content: str, month: str) -> list[str]:
    """The cells of the table row of `month` ("oktober")."""
    match = re.search(rf'<th scope="row">{month}[^<]*</th>(.*?)</tr>', content, re.DOTALL)
    assert match, month
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.DOTALL)]


@pytest.fixture
def employer(employer_user: User) -> Employer:
    """Anna (40 h) sick in March 2025 with a partial recovery; Bram (20 h, from July 2025) in the safety net,
    sick in October, recovered, and sick again within 28 days (still sick)."""
    employer = employer_user.employer
    anna = EmployeeFactory(employer=employer, weekly_hours=Decimal(40), employment_start=D(2020, 1, 1))
    bram = EmployeeFactory(employer=employer, weekly_hours=Decimal(20), employment_start=D(2025, 7, 1))
    report = services.case_report_sickness
    anna_case, _ = report(reported_by=employer_user, employee=anna, first_sick_day=D(2025, 3, 3), today=D(2025, 3, 3))
    for day, pct in ((D(2025, 3, 13), 50), (D(2025, 3, 23), 100)):
        services.case_report_recovery(reported_by=employer_user, case=anna_case, date=day, recovered_pct=pct, today=day)
    services.case_close_recovered(today=D(2025, 4, 19))
    bram_case, _ = report(
        reported_by=employer_user, employee=bram, first_sick_day=D(2025, 10, 1), safety_net=True, today=D(2025, 10, 1)
    )
    services.case_report_recovery(
        reported_by=employer_user, case=bram_case, date=D(2025, 10, 6), recovered_pct=100, today=D(2025, 10, 6)
    )
    report(
        reported_by=employer_user, employee=bram, first_sick_day=D(2025, 10, 20), safety_net=True, today=D(2025, 10, 20)
    )
    return employer


@pytest.fixture
def employer_client(client: Client, employer_user: User) -> Client:
    client.force_login(employer_user)
    return client


# --- The per-month figures (pure) and their loading. ------------------------------------------------------


def test_a_month_is_the_same_formula_over_that_calendar_month() -> None:
    result = statistics.year_statistics([ANNA, BRAM], [ANNA_CASE, BRAM_CASE], year=2025, today=D(2026, 2, 1))
    october = result.months[9]
    assert (october.month, october.end) == (10, D(2025, 10, 31))
    # Available: Anna 31 days * 1 + Bram 31 days * 0.5 = 46.5. Absent: Bram 1-5 and 20-31 October,
    # 5 + 12 = 17 days * 0.5 = 8.5 (a safety-net case, so nothing without it).
    assert october.figures is not None
    assert october.figures.absence_pct == (Decimal("8.5") / Decimal("46.5") * 100).quantize(Decimal("0.01"))
    assert october.figures.absence_pct == Decimal("18.28")
    assert october.figures.absence_pct_excl_pregnancy == Decimal("0.00")
    # March: only Anna is employed; 10 days at 100% and 10 at 50% of 31.
    assert result.months[2].figures is not None
    assert result.months[2].figures.absence_pct == Decimal("48.39")
    # The year is the formula over the whole year, not the mean of the months.
    assert result.figures == statistics.statistics([ANNA, BRAM], [ANNA_CASE, BRAM_CASE], D(2025, 1, 1), D(2025, 12, 31))


def test_months_after_today_have_no_figures_and_the_running_month_counts_up_to_today() -> None:
    result = statistics.year_statistics([ANNA], [], year=2025, today=D(2025, 3, 15))
    assert (result.start, result.end) == (D(2025, 1, 1), D(2025, 3, 15))
    assert [m.end for m in result.months[:3]] == [D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 15)]
    assert all(m.figures is not None for m in result.months[:3])
    assert [(m.end, m.figures) for m in result.months[3:]] == [(None, None)] * 9


def test_a_year_that_has_not_started_is_refused() -> None:
    with pytest.raises(ValueError, match="has not started"):
        statistics.year_statistics([ANNA], [], year=2026, today=D(2025, 12, 31))


def test_loading_the_year_matches_the_pure_function_on_the_same_facts(employer: Employer) -> None:
    today = timezone.localdate()
    loaded = statistics_data.employer_year_statistics(employer=employer, year=2025, today=today)
    assert loaded == statistics.year_statistics([ANNA, BRAM], [ANNA_CASE, BRAM_CASE], year=2025, today=today)


def _add_cases(employer: Employer, reporter: User, count: int) -> None:
    for n in range(count):
        employee = EmployeeFactory.create(employer=employer)
        case = AbsenceCase.objects.create(
            employee=employee,
            employer=employer,
            first_sick_day=D(2025, 2, 1),
            status=CaseStatus.CLOSED,
            closed_on=D(2025, 3, 10),
            close_reason=CloseReason.RECOVERED,
            reported_by=reporter,
            safety_net=n % 2 == 0,
        )
        SickPeriod.objects.create(case=case, start=D(2025, 2, 1), end=D(2025, 2, 10))
        Recovery.objects.create(case=case, date=D(2025, 2, 5), recovered_pct=50, reported_by=reporter)
        Recovery.objects.create(case=case, date=D(2025, 2, 11), recovered_pct=100, reported_by=reporter)


@pytest.mark.parametrize("count", [1, 25])
def test_the_year_and_its_months_load_in_four_queries(
    make_user: MakeUser, django_assert_num_queries: Callable[..., object], count: int
) -> None:
    employer = EmployerFactory()
    _add_cases(employer, make_user(Role.EMPLOYER, employer=employer), count)
    # Employees, cases with their employee, sick periods, recoveries: once for the year and all twelve months.
    with django_assert_num_queries(4):  # type: ignore[operator]
        result = statistics_data.employer_year_statistics(employer=employer, year=2025, today=D(2026, 1, 15))
    # Issue 19 item 7: a report counts in the month of its recovery date (11 February), not of the case's closing
    # (10 March) as before.
    assert result.months[1].figures is not None
    assert result.months[1].figures.average_duration_days == Decimal("10.00")
    assert result.months[2].figures is not None
    assert result.months[2].figures.average_duration_days is None


def test_the_page_runs_the_same_number_of_queries_for_many_cases(make_user: MakeUser, client: Client) -> None:
    counts = []
    for count in (2, 30):
        employer = EmployerFactory()
        user = make_user(Role.EMPLOYER, employer=employer)
        _add_cases(employer, user, count)
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(employer, "?jaar=2025")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- The page: figures, months, chart and table. ----------------------------------------------------------


def test_page_shows_the_four_year_figures_of_the_pure_function_with_comma_decimals(
    employer_client: Client, employer: Employer
) -> None:
    expected = statistics.statistics([ANNA, BRAM], [ANNA_CASE, BRAM_CASE], D(2025, 1, 1), D(2025, 12, 31))
    content = employer_client.get(url(employer, "?jaar=2025")).content.decode()
    assert expected.average_duration_days is not None
    assert [shown(content, f"value-{name}") for name in ("absence", "absence-excl", "frequency", "duration")] == [
        dutch(expected.absence_pct) + "%",
        dutch(expected.absence_pct_excl_pregnancy) + "%",
        dutch(expected.report_frequency),
        dutch(expected.average_duration_days, 1),
    ]
    # The hand calculation of tests/cases/test_statistics.py for the same employer.
    assert [dutch(expected.absence_pct), dutch(expected.report_frequency)] == ["11,82", "1,99"]
    assert "<h1>Verzuimcijfers 2025</h1>" in content
    assert "1 januari 2025 tot en met 31 december 2025" in content


def test_page_table_has_every_month_with_the_monthly_percentages(employer_client: Client, employer: Employer) -> None:
    content = employer_client.get(url(employer, "?jaar=2025")).content.decode()
    assert "<caption>Verzuimpercentage per maand in 2025</caption>" in content
    assert month_row(content, "maart") == ["48,39%", "48,39%"]
    assert month_row(content, "oktober") == ["18,28%", "0,00%"]
    assert month_row(content, "januari") == ["0,00%", "0,00%"]
    # Twelve months, then the year and the sector's expected absence under them.
    assert len(re.findall(r'<th scope="row">', content)) == 14
    assert month_row(content, "Het jaar 2025") == ["11,82%", "3,28%"]


def test_chart_is_inline_svg_with_a_bar_per_month_an_axis_and_a_title(
    employer_client: Client, employer: Employer
) -> None:
    content = employer_client.get(url(employer, "?jaar=2025")).content.decode()
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in content
    assert '<title id="chart-title">Verzuimpercentage per maand in 2025</title>' in content
    assert "Het hoogste verzuim was in maart: 48,39%." in content
    assert content.count('class="chart-bar"') == 12
    # March (48.39%) sets the axis: 0 to 80% in steps of 20, each gridline labelled (HTML, top down).
    assert content.count('class="chart-grid"') == 5
    axis = re.search(r'<ol class="chart-axis-values" aria-hidden="true">(.*?)</ol>', content, re.DOTALL)
    assert axis
    assert re.findall(r"<li>(.*?)</li>", axis.group(1)) == ["80%", "60%", "40%", "20%", "0%"]
    assert '<span class="chart-value">48,39</span>' in content
    assert "style=" not in content  # the CSP forbids inline styles


def test_the_chart_svg_holds_no_text_its_labels_are_html_beside_it(employer_client: Client, employer: Employer) -> None:
    """axe cannot check the contrast of text inside an SVG (decision 370): on screen every label is HTML."""
    content = employer_client.get(url(employer, "?jaar=2025")).content.decode()
    svg = re.search(r"<svg .*?</svg>", content, re.DOTALL)
    assert svg
    assert "<text" not in svg.group(0)
    labels = re.findall(r'<span class="chart-column-label">(.*?)</span>', content)
    assert labels[:3] == ["jan", "feb", "mrt"]
    assert len(labels) == 12


def test_running_year_leaves_the_months_to_come_empty_not_zero(employer_client: Client, employer: Employer) -> None:
    today = timezone.localdate()
    content = employer_client.get(url(employer)).content.decode()
    assert f"<h1>Verzuimcijfers {today.year}</h1>" in content
    assert "het jaar loopt nog" in content
    assert content.count('class="chart-bar"') == today.month
    assert content.count('class="chart-empty"') == 12 - today.month
    assert content.count("Nog geen cijfers: deze maand moet nog komen.") == 12 - today.month
    expected = statistics.year_statistics([ANNA, BRAM], [ANNA_CASE, BRAM_CASE], year=today.year, today=today)
    running = expected.months[today.month - 1].figures
    assert running is not None
    month_name = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                  "oktober", "november", "december"][today.month - 1]  # fmt: skip
    assert month_row(content, month_name)[0] == dutch(running.absence_pct) + "%"


def test_axis_top_is_the_smallest_round_step_that_fits_four_gridlines() -> None:
    assert axis_top(Decimal("11.82")) == (Decimal(20), Decimal(5))
    assert axis_top(Decimal("0")) == (Decimal(2), Decimal("0.5"))
    assert axis_top(Decimal("100")) == (Decimal(100), Decimal(25))


def test_page_links_to_the_previous_and_next_year(employer_client: Client, employer: Employer) -> None:
    this_year = timezone.localdate().year
    content = employer_client.get(url(employer, "?jaar=2025")).content.decode()
    assert f'href="{url(employer)}?jaar=2024" rel="prev"' in content
    assert f'href="{url(employer)}?jaar=2026" rel="next"' in content
    current = employer_client.get(url(employer, f"?jaar={this_year}")).content.decode()
    assert 'rel="next"' not in current
    first = employer_client.get(url(employer, "?jaar=2000")).content.decode()
    assert 'rel="prev"' not in first


def test_reading_the_page_is_audited_with_the_year(
    employer_client: Client, employer_user: User, employer: Employer
) -> None:
    employer_client.get(url(employer, "?jaar=2025"))
    audit = AuditLog.objects.get(object_type="employer_statistics")
    assert (audit.actor, audit.employer, audit.object_id, audit.changes) == (
        employer_user,
        employer,
        str(employer.pk),
        {"year": 2025},
    )


@pytest.mark.parametrize("jaar", ["abcd", "1999", "NEXT", "²⁰²⁵", "020255", " "])
def test_a_bad_year_shows_a_dutch_message_and_this_years_figures(
    employer_client: Client, employer: Employer, jaar: str
) -> None:
    this_year = timezone.localdate().year
    jaar = str(this_year + 1) if jaar == "NEXT" else jaar
    response = employer_client.get(url(employer), {"jaar": jaar})
    assert response.status_code == 200
    content = response.content.decode()
    assert (
        '<p class="utrecht-alert utrecht-alert--error error-summary" role="alert">'
        "Dit jaar kunnen we niet tonen: kies een jaar van 2000 tot en met "
        f"{this_year}. U ziet nu de cijfers van {this_year}.</p>"
    ) in content
    assert f"<h1>Verzuimcijfers {this_year}</h1>" in content
    assert AuditLog.objects.get(object_type="employer_statistics").changes == {"year": this_year}


def test_no_year_shows_this_year_without_a_message(employer_client: Client, employer: Employer) -> None:
    content = employer_client.get(url(employer)).content.decode()
    assert f"<h1>Verzuimcijfers {timezone.localdate().year}</h1>" in content
    assert "error-summary" not in content


def test_employer_dashboard_links_to_the_page(employer_client: Client, employer: Employer) -> None:
    content = employer_client.get("/").content.decode()
    assert f'<a href="{url(employer)}">Verzuimcijfers bekijken</a>' in content


# --- Who may see it. ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.INSURER, Role.ADMIN])
def test_insurer_staff_and_admin_may_see_any_employer(
    staff_login: StaffLogin, make_user: MakeUser, employer: Employer, role: Role
) -> None:
    response = staff_login(make_user(role)).get(url(employer, "?jaar=2025"))
    assert response.status_code == 200
    assert shown(response.content.decode(), "value-absence") == "11,82%"


def test_the_employers_casemanager_may_see_it(staff_login: StaffLogin, make_user: MakeUser, employer: Employer) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    employer.casemanager = casemanager
    employer.save(update_fields=["casemanager"])
    assert staff_login(casemanager).get(url(employer)).status_code == 200


@pytest.mark.parametrize("role", [Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER, Role.CASEMANAGER])
def test_physician_complaint_handler_and_another_casemanager_get_404(
    staff_login: StaffLogin, make_user: MakeUser, employer: Employer, role: Role
) -> None:
    # The casemanager here is not the employer's (employer_get scopes a casemanager to their own employers).
    assert staff_login(make_user(role)).get(url(employer, "?jaar=2025")).status_code == 404
    assert not AuditLog.objects.filter(object_type="employer_statistics").exists()


def test_another_employer_gets_404(client: Client, other_employer_user: User, employer: Employer) -> None:
    client.force_login(other_employer_user)
    assert client.get(url(employer, "?jaar=2025")).status_code == 404
    assert not AuditLog.objects.filter(object_type="employer_statistics").exists()


@pytest.mark.parametrize("employer_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_missing_employer_is_404(employer_client: Client, employer_id: str) -> None:
    assert employer_client.get(f"/werkgevers/{employer_id}/verzuimcijfers/").status_code == 404


def test_anonymous_is_sent_to_the_login_page(client: Client, employer: Employer) -> None:
    response = client.get(url(employer))
    assert response.status_code == 302
    assert response.url.startswith("/inloggen/")
