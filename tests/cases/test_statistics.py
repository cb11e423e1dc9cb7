"""Absence statistics (docs/domain.md §10): hand calculations, the pure rules, the API and its scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from cases.absence import services
from cases.absence.models import AbsenceCase, CaseStatus, CloseReason, Recovery, SickPeriod
from cases.statistics import data as statistics_data
from cases.statistics import rules as statistics
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim.models import AuditLog, Employer, Role, User

ApiAs = Callable[[User], APIClient]
D = dt.date
YEAR_START, YEAR_END = D(2025, 1, 1), D(2025, 12, 31)


def rounded(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


LONG_AGO = D(2020, 1, 1)


def span(hours: str = "40", start: dt.date = LONG_AGO, end: dt.date | None = None) -> statistics.EmployeeSpan:
    return statistics.EmployeeSpan(employment_start=start, employment_end=end, weekly_hours=Decimal(hours))


def case(
    employee: statistics.EmployeeSpan,
    *periods: tuple[dt.date, dt.date | None],
    recoveries: tuple[tuple[dt.date, int], ...] = (),
    safety_net: bool = False,
    closed_on: dt.date | None = None,
) -> statistics.CaseFacts:
    return statistics.CaseFacts(
        employee=employee,
        safety_net=safety_net,
        closed_on=closed_on,
        periods=tuple(statistics.Period(start=s, end=e) for s, e in periods),
        recoveries=tuple(statistics.RecoveryReport(date=d, recovered_pct=p) for d, p in recoveries),
    )


# --- The acceptance: a small hand-built employer, through the services and the database. -----------------


@pytest.fixture
def hand_built_employer(employer_user: User) -> Employer:
    """Two employees with known sick days in 2025 (see the hand calculation in the tests below)."""
    employer = employer_user.employer
    assert employer is not None
    # Anna: full time (40 h, factor 1), employed the whole year.
    anna = EmployeeFactory(employer=employer, weekly_hours=Decimal("40"), employment_start=D(2020, 1, 1))
    # Bram: half time (20 h, factor 0.5), employed from 1 July 2025 (184 days of the year).
    bram = EmployeeFactory(employer=employer, weekly_hours=Decimal("20"), employment_start=D(2025, 7, 1))
    # Anna: sick 3 March, 50% recovered on 13 March, fully recovered on 23 March (last sick day 22 March).
    anna_case, _ = services.case_report_sickness(
        reported_by=employer_user, employee=anna, first_sick_day=D(2025, 3, 3), today=D(2025, 3, 3)
    )
    services.case_report_recovery(
        reported_by=employer_user, case=anna_case, date=D(2025, 3, 13), recovered_pct=50, today=D(2025, 3, 13)
    )
    services.case_report_recovery(
        reported_by=employer_user, case=anna_case, date=D(2025, 3, 23), recovered_pct=100, today=D(2025, 3, 23)
    )
    # 28 days after the last sick day the case closes: 19 April 2025.
    services.case_close_recovered(today=D(2025, 4, 19))
    # Bram: sick 1 October (safety net), fully recovered 6 October, sick again 20 October (a relapse within
    # 28 days: the same case, a new report) and still sick at the end of the year.
    bram_case, _ = services.case_report_sickness(
        reported_by=employer_user, employee=bram, first_sick_day=D(2025, 10, 1), safety_net=True, today=D(2025, 10, 1)
    )
    services.case_report_recovery(
        reported_by=employer_user, case=bram_case, date=D(2025, 10, 6), recovered_pct=100, today=D(2025, 10, 6)
    )
    services.case_report_sickness(
        reported_by=employer_user, employee=bram, first_sick_day=D(2025, 10, 20), safety_net=True, today=D(2025, 10, 20)
    )
    return employer


@pytest.mark.django_db
def test_hand_built_employer_matches_the_hand_calculation(hand_built_employer: Employer) -> None:
    result = statistics_data.employer_statistics(employer=hand_built_employer, start=YEAR_START, end=YEAR_END)

    # Available days * part-time factor: Anna 365 * 1 + Bram 184 (1 Jul - 31 Dec) * 0.5 = 365 + 92 = 457.
    available = Decimal(365) * 1 + Decimal(184) * Decimal("0.5")
    # Anna: 3-12 March 10 days * 100% + 13-22 March 10 days * 50% = 15 days, factor 1.
    anna = (Decimal(10) * 1 + Decimal(10) * Decimal("0.5")) * 1
    # Bram: 1-5 October 5 days + 20 October - 31 December (12 + 30 + 31 = 73 days), all 100%, factor 0.5.
    bram = (Decimal(5) + Decimal(12 + 30 + 31)) * Decimal("0.5")
    assert result.absence_pct == rounded((anna + bram) / available * 100) == Decimal("11.82")
    # Without Bram's safety-net case only Anna's days remain.
    assert result.absence_pct_excl_pregnancy == rounded(anna / available * 100) == Decimal("3.28")
    # Reports: Anna 1, Bram 2 (the relapse counts); average headcount (365 + 184) / 365; a whole year.
    headcount = Decimal(365 + 184) / 365
    assert result.report_frequency == rounded(3 / headcount) == Decimal("1.99")
    # Reports that ended (recovery date) in 2025: Anna 3-22 March (recovered 23 March) = 20 days and Bram's first
    # report 1-5 October (recovered 6 October) = 5 days; Bram's relapse still runs. Issue 19 item 7: every report
    # counts by its recovery date (CBS 1996 standard §2.4); this was 20.00 when only closed cases were averaged.
    assert result.average_duration_days == Decimal(20 + 5) / 2 == Decimal("12.50")


@pytest.mark.django_db
def test_api_returns_the_statistics_as_decimal_strings_and_audits_the_read(
    api_as: ApiAs, employer_user: User, hand_built_employer: Employer
) -> None:
    response = api_as(employer_user).get(f"/api/v1/employers/{hand_built_employer.pk}/statistics/?year=2025")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "absence_pct": "11.82",
        "absence_pct_excl_pregnancy": "3.28",
        "report_frequency": "1.99",
        "average_duration_days": "12.50",  # per report by its recovery date (issue 19 item 7; was 20.00)
        "sector_expected_absence": None,  # no premium parameters valid on 1 January 2025 (the first set is 2026)
    }
    audit = AuditLog.objects.get(object_type="employer_statistics")
    assert (audit.actor, audit.employer, audit.object_id, audit.changes) == (
        employer_user,
        hand_built_employer,
        str(hand_built_employer.pk),
        {"year": 2025},
    )


# --- The rules, on the pure functions. --------------------------------------------------------------------


def test_partial_recovery_counts_the_remaining_fraction_from_its_date() -> None:
    anna = span()
    # 10 days at 100%, then 60% recovered from 11 January: 40% absent until the end of January (21 days).
    sick = case(anna, (D(2025, 1, 1), None), recoveries=((D(2025, 1, 11), 60),))
    result = statistics.statistics([anna], [sick], D(2025, 1, 1), D(2025, 1, 31))
    assert result.absence_pct == rounded((10 + Decimal(21) * Decimal("0.4")) / 31 * 100) == Decimal("59.35")


def test_relapse_is_a_new_report_and_partial_recovery_is_not() -> None:
    anna = span()
    relapsed = case(anna, (D(2025, 2, 1), D(2025, 2, 9)), (D(2025, 2, 20), None))
    partial = case(span(), (D(2025, 3, 1), None), recoveries=((D(2025, 3, 5), 50),))
    # Two employees the whole year: headcount 2; reports 2 (relapsed case) + 1 (partial case) = 3.
    result = statistics.statistics([anna, span()], [relapsed, partial], YEAR_START, YEAR_END)
    assert result.report_frequency == rounded(Decimal(3) / 2) == Decimal("1.50")


def test_report_frequency_is_annualised_over_a_shorter_period() -> None:
    anna = span()
    sick = case(anna, (D(2025, 1, 10), D(2025, 1, 12)))
    # One report in the 31 days of January with headcount 1: 1 * 365 / 31.
    result = statistics.statistics([anna], [sick], D(2025, 1, 1), D(2025, 1, 31))
    assert result.report_frequency == rounded(Decimal(365) / 31) == Decimal("11.77")


def test_safety_net_cases_are_left_out_of_the_percentage_without_pregnancy_only() -> None:
    anna, bram = span(), span()
    result = statistics.statistics(
        [anna, bram],
        [case(anna, (D(2025, 1, 1), D(2025, 1, 10))), case(bram, (D(2025, 1, 1), D(2025, 1, 31)), safety_net=True)],
        D(2025, 1, 1),
        D(2025, 1, 31),
    )
    assert result.absence_pct == rounded(Decimal(10 + 31) / 62 * 100) == Decimal("66.13")
    assert result.absence_pct_excl_pregnancy == rounded(Decimal(10) / 62 * 100) == Decimal("16.13")


def test_part_time_factor_weighs_a_part_timer_lighter_when_mixed() -> None:
    full, half = span("40"), span("20")
    # The half-timer is sick all January: 31 * 0.5 absent of 31 * 1 + 31 * 0.5 available.
    result = statistics.statistics([full, half], [case(half, (D(2025, 1, 1), None))], D(2025, 1, 1), D(2025, 1, 31))
    assert result.absence_pct == rounded(Decimal("15.5") / Decimal("46.5") * 100) == Decimal("33.33")


def test_employees_employed_part_of_the_period_count_only_their_employed_days() -> None:
    # Left on 10 January, sick from 6 January; joined on 22 January.
    leaver = span(end=D(2025, 1, 10))
    joiner = span(start=D(2025, 1, 22))
    result = statistics.statistics(
        [leaver, joiner], [case(leaver, (D(2025, 1, 6), None))], D(2025, 1, 1), D(2025, 1, 31)
    )
    # Available: 10 + 10 days; absent: 6-10 January = 5 days (not the days after leaving).
    assert result.absence_pct == rounded(Decimal(5) / 20 * 100) == Decimal("25.00")
    # One report; average headcount (10 + 10) / 31; annualised * 365 / 31.
    assert result.report_frequency == rounded(1 / (Decimal(20) / 31) * 365 / 31) == Decimal("18.25")


def test_average_duration_is_per_report_so_a_relapse_is_its_own_report() -> None:
    # Issue 19 item 7: sick 2-8 March and again 20-26 March (a relapse within 28 days, the same case) are two
    # reports of 7 days each: 7.00, not the case's 14 sick days (the CBS average is per report, as the frequency).
    anna = span()
    relapsed = case(anna, (D(2026, 3, 2), D(2026, 3, 8)), (D(2026, 3, 20), D(2026, 3, 26)), closed_on=D(2026, 4, 23))
    result = statistics.statistics([anna], [relapsed], D(2026, 1, 1), D(2026, 12, 31))
    assert result.average_duration_days == Decimal("7.00")
    assert result.report_frequency == Decimal("2.00")


def test_average_duration_counts_reports_by_their_recovery_date_without_the_gaps() -> None:
    anna = span()
    # 1-10 March (10 days) and 20-24 March (5 days; the 9 days between do not count): two reports, closed in April.
    ended = case(anna, (D(2025, 3, 1), D(2025, 3, 10)), (D(2025, 3, 20), D(2025, 3, 24)), closed_on=D(2025, 4, 21))
    short = case(span(), (D(2025, 5, 1), D(2025, 5, 5)), closed_on=D(2025, 6, 2))
    # Recovered in 2024 and running reports do not count.
    earlier = case(span(), (D(2024, 11, 1), D(2024, 11, 30)), closed_on=D(2024, 12, 28))
    running = case(span(), (D(2025, 9, 1), None))
    result = statistics.statistics([anna], [ended, short, earlier, running], YEAR_START, YEAR_END)
    assert result.average_duration_days == rounded(Decimal(10 + 5 + 5) / 3) == Decimal("6.67")


def test_a_report_belongs_to_the_year_of_its_recovery_date_not_of_the_case_closing() -> None:
    anna = span()
    # Sick 20 November - 10 December 2025 (21 days), recovered 11 December; the case closes 8 January 2026.
    recovered_in_december = case(anna, (D(2025, 11, 20), D(2025, 12, 10)), closed_on=D(2026, 1, 8))
    # Last sick day 31 December 2025: the recovery date, 1 January 2026, puts the report in 2026.
    recovered_on_new_year = case(span(), (D(2025, 12, 22), D(2025, 12, 31)), closed_on=D(2026, 1, 29))
    cases = [recovered_in_december, recovered_on_new_year]
    in_2025 = statistics.statistics([anna], cases, YEAR_START, YEAR_END)
    in_2026 = statistics.statistics([anna], cases, D(2026, 1, 1), D(2026, 12, 31))
    assert (in_2025.average_duration_days, in_2026.average_duration_days) == (Decimal("21.00"), Decimal("10.00"))
    # The same holds for the months: December 2025 has the first report, January 2026 the second.
    year = statistics.year_statistics([anna], cases, year=2025, today=D(2026, 3, 1))
    assert [m.figures.average_duration_days for m in year.months if m.figures] == [None] * 11 + [Decimal("21.00")]


def test_a_period_left_open_by_a_case_closed_otherwise_ends_on_the_closing_date() -> None:
    anna = span()
    # Sick from 1 February, the case closed on 1 June (e.g. the employment ended) with the period still open.
    closed_otherwise = case(anna, (D(2025, 2, 1), None), closed_on=D(2025, 6, 1))
    result = statistics.statistics([anna], [closed_otherwise], YEAR_START, YEAR_END)
    assert result.average_duration_days == Decimal((D(2025, 6, 1) - D(2025, 2, 1)).days) == Decimal("120.00")


def test_average_duration_is_none_when_no_report_ended() -> None:
    anna = span()
    result = statistics.statistics([anna], [case(anna, (D(2025, 9, 1), None))], YEAR_START, YEAR_END)
    assert result.average_duration_days is None


def test_an_employer_without_employees_has_zero_figures() -> None:
    assert statistics.statistics([], [], YEAR_START, YEAR_END) == statistics.Statistics(
        Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), None
    )


# --- The API: input and scope. ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?year=", "?year=abcd", "?year=1999", "?year=2999", "?year=²"])
def test_year_missing_or_invalid_is_400_with_a_dutch_message(api_as: ApiAs, employer_user: User, query: str) -> None:
    response = api_as(employer_user).get(f"/api/v1/employers/{employer_user.employer_id}/statistics/{query}")
    assert response.status_code == 400
    assert response.json()["fields"] == {"year": [f"Geef een jaar tussen 2000 en {timezone.localdate().year} op."]}


@pytest.mark.django_db
def test_other_employer_and_physician_get_404(
    api_as: ApiAs, employer_user: User, other_employer_user: User, make_user: Callable[..., User]
) -> None:
    url = f"/api/v1/employers/{employer_user.employer_id}/statistics/?year=2025"
    assert api_as(other_employer_user).get(url).status_code == 404
    assert api_as(make_user(Role.OCCUPATIONAL_PHYSICIAN)).get(url).status_code == 404
    assert api_as(make_user(Role.COMPLAINT_HANDLER)).get(url).status_code == 404
    assert not AuditLog.objects.filter(object_type="employer_statistics").exists()


@pytest.mark.django_db
def test_casemanager_of_the_employer_and_insurer_staff_may_read(
    api_as: ApiAs, employer_user: User, make_user: Callable[..., User]
) -> None:
    employer = employer_user.employer
    assert employer is not None
    casemanager = make_user(Role.CASEMANAGER, employer=None)
    employer.casemanager = casemanager
    employer.save(update_fields=["casemanager"])
    url = f"/api/v1/employers/{employer.pk}/statistics/?year=2025"
    assert api_as(casemanager).get(url).status_code == 200
    assert api_as(make_user(Role.INSURER, employer=None)).get(url).status_code == 200
    assert api_as(make_user(Role.CASEMANAGER, employer=None)).get(url).status_code == 404


# --- Queries: constant in the number of cases. ------------------------------------------------------------


def _add_cases(employer: Employer, reporter: User, count: int) -> None:
    for n in range(count):
        employee = EmployeeFactory.create(employer=employer)
        sick = AbsenceCase.objects.create(
            employee=employee,
            employer=employer,
            first_sick_day=D(2025, 2, 1),
            status=CaseStatus.CLOSED,
            closed_on=D(2025, 3, 10),
            close_reason=CloseReason.RECOVERED,
            reported_by=reporter,
            safety_net=n % 2 == 0,
        )
        SickPeriod.objects.create(case=sick, start=D(2025, 2, 1), end=D(2025, 2, 10))
        Recovery.objects.create(case=sick, date=D(2025, 2, 5), recovered_pct=50, reported_by=reporter)
        Recovery.objects.create(case=sick, date=D(2025, 2, 11), recovered_pct=100, reported_by=reporter)


@pytest.mark.django_db
def test_loading_takes_a_constant_number_of_queries(make_user: Callable[..., User]) -> None:
    counts = []
    for count in (2, 20):
        employer = EmployerFactory()
        _add_cases(employer, make_user(Role.EMPLOYER, employer=employer), count)
        with CaptureQueriesContext(connection) as queries:
            result = statistics_data.employer_statistics(employer=employer, start=YEAR_START, end=YEAR_END)
        assert result.average_duration_days == Decimal("10.00")
        counts.append(len(queries))
    assert counts[0] == counts[1] == 4
