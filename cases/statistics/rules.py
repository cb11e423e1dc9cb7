"""Absence statistics of one employer (docs/domain.md §10, CBS 1996 standard): pure functions, no ORM.

Choices (docs/decisions.md):
* Part-time factor = weekly hours / 40, taken from the employee's current weekly hours (the portal
  keeps no history of hours). It cancels for a single employee but weighs a part-timer's sick day
  lighter than a full-timer's when employees are mixed.
* Fraction absent on a sick day = 100% until the first recovery report of that sick period, then
  100 - recovered percentage from the recovery date on; a full recovery ends the period the day before.
* A sick day counts only while the employee is employed (the denominator's days), so the percentage
  never exceeds 100.
* "Excluding pregnancy" leaves out safety-net cases (Ziektewet vangnet): the employer may not record a
  cause, and the safety-net flag is the only non-medical marker the portal holds; it covers
  pregnancy-related absence and is the same exclusion the premium's own absence makes (§7).
* Report frequency counts every sick period that starts in the period: the first report and every
  relapse (also one within 28 days that continues the case); a partial recovery is no new report.
  Average headcount = employed days / days in the period; the result is annualised (* 365 / days).
* Average duration ("gemiddelde verzuimduur") is per absence report, as the frequency is: every sick period
  is its own report, a relapse too (the standard: "Beëindigingen binnen samengesteld verzuim tellen als aparte
  verzuimmeldingen"). A report's duration is its calendar days from the first to the last sick day inclusive,
  weekends included and partial days as whole days, without a part-time factor (CBS, "Verzuimduur
  ziekteverzuim", https://www.cbs.nl/nl-nl/onze-diensten/methoden/begrippen/verzuimduur-ziekteverzuim; the 1996
  standard §2.4, https://compucase.nl/berekening-ziekteverzuim/ziekteverzuim-statistieken/gemiddelde-ziekteverzuimduur-gzvd).
  A report counts in the period that holds its recovery date ("hersteldatum", the day after its last sick day),
  never by the day the case closed 28 days later. A sick period still open in a case closed for another reason
  (employment ended, WIA) ended on the closing date. None when no report ended in the period.
* The period may end before the end of the year (a running year is counted up to today).
* A month's figures are the same formulas over that calendar month alone (the current month up to today;
  months after today have none). The year's percentage is therefore not the mean of the months': a month
  weighs by its available days.
* Results are rounded half up to two decimals.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

FULL_TIME_HOURS = Decimal(40)
HUNDRED = Decimal(100)
DAYS_PER_YEAR = Decimal(365)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class EmployeeSpan:
    """One employee: employed from `employment_start` up to and including `employment_end`."""

    employment_start: dt.date
    employment_end: dt.date | None
    weekly_hours: Decimal

    @property
    def part_time_factor(self) -> Decimal:
        return self.weekly_hours / FULL_TIME_HOURS


@dataclass(frozen=True)
class Period:
    """A sick period; `end` is the last sick day, None while it runs."""

    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class RecoveryReport:
    date: dt.date
    recovered_pct: int


@dataclass(frozen=True)
class CaseFacts:
    """What the statistics need of one absence case (nothing medical)."""

    employee: EmployeeSpan
    safety_net: bool
    closed_on: dt.date | None
    periods: tuple[Period, ...]
    recoveries: tuple[RecoveryReport, ...] = ()
    # The case's id when loaded from the database (premiums.simulator projects the open cases by it).
    case_id: Any = None


@dataclass(frozen=True)
class Statistics:
    absence_pct: Decimal
    absence_pct_excl_pregnancy: Decimal
    report_frequency: Decimal
    average_duration_days: Decimal | None


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _overlap_days(first: dt.date, last: dt.date | None, start: dt.date, end: dt.date) -> int:
    """Calendar days of [first, last] (last None: open) inside [start, end]."""
    low = max(first, start)
    high = end if last is None else min(last, end)
    return max((high - low).days + 1, 0)


def employed_days(employee: EmployeeSpan, start: dt.date, end: dt.date) -> int:
    return _overlap_days(employee.employment_start, employee.employment_end, start, end)


def absent_days(case: CaseFacts, start: dt.date, end: dt.date) -> Decimal:
    """Sick calendar days inside [start, end] weighted by the fraction absent (no part-time factor)."""
    employee = case.employee
    window_start = max(start, employee.employment_start)
    window_end = end if employee.employment_end is None else min(end, employee.employment_end)
    total = Decimal(0)
    for period in case.periods:
        # The period's own recoveries: after its first day and up to its end (a full one is the day after).
        steps = sorted(
            (r for r in case.recoveries if r.date > period.start and (period.end is None or r.date <= period.end)),
            key=lambda r: r.date,
        )
        segment_start = period.start
        fraction = Decimal(1)
        for recovery in steps:
            segment_end = recovery.date - dt.timedelta(days=1)
            total += fraction * _overlap_days(segment_start, segment_end, window_start, window_end)
            segment_start = recovery.date
            fraction = (HUNDRED - recovery.recovered_pct) / HUNDRED
        total += fraction * _overlap_days(segment_start, period.end, window_start, window_end)
    return total


def report_ended_on(case: CaseFacts, period: Period) -> dt.date | None:
    """The day a report (one sick period) ended: its recovery date, the day after its last sick day; for a
    period left open by a case closed otherwise, the closing date; None while it runs."""
    if period.end is not None:
        return period.end + dt.timedelta(days=1)
    return case.closed_on


def report_durations(cases: Iterable[CaseFacts], start: dt.date, end: dt.date) -> list[int]:
    """The calendar days of every report that ended in [start, end]: first sick day up to its end, exclusive."""
    durations = []
    for case in cases:
        for period in case.periods:
            ended_on = report_ended_on(case, period)
            if ended_on is not None and start <= ended_on <= end:
                durations.append((ended_on - period.start).days)
    return durations


def absence_pct(employees: Iterable[EmployeeSpan], cases: Iterable[CaseFacts], start: dt.date, end: dt.date) -> Decimal:
    available = sum((employed_days(e, start, end) * e.part_time_factor for e in employees), Decimal(0))
    if not available:
        return Decimal(0)
    absent = sum((absent_days(c, start, end) * c.employee.part_time_factor for c in cases), Decimal(0))
    return absent / available * HUNDRED


def report_frequency(
    employees: Iterable[EmployeeSpan], cases: Iterable[CaseFacts], start: dt.date, end: dt.date
) -> Decimal:
    days = (end - start).days + 1
    headcount = Decimal(sum(employed_days(e, start, end) for e in employees)) / days
    if not headcount:
        return Decimal(0)
    reports = sum(1 for c in cases for p in c.periods if start <= p.start <= end)
    return reports / headcount * DAYS_PER_YEAR / days


def average_duration_days(cases: Iterable[CaseFacts], start: dt.date, end: dt.date) -> Decimal | None:
    """The mean duration of the reports that ended (recovery date) in [start, end]; None when none did."""
    durations = report_durations(cases, start, end)
    if not durations:
        return None
    return Decimal(sum(durations)) / len(durations)


def absence_pct_excl_pregnancy(
    employees: Sequence[EmployeeSpan], cases: Iterable[CaseFacts], start: dt.date, end: dt.date
) -> Decimal:
    """The rounded absence percentage without safety-net cases: the statistics' field and the renewal's own absence
    (premiums.renewal), one function so the two cannot drift apart."""
    return _round(absence_pct(employees, [c for c in cases if not c.safety_net], start, end))


def statistics(
    employees: Sequence[EmployeeSpan], cases: Sequence[CaseFacts], start: dt.date, end: dt.date
) -> Statistics:
    """The §10 figures for [start, end] (inclusive), rounded to two decimals."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    duration = average_duration_days(cases, start, end)
    return Statistics(
        absence_pct=_round(absence_pct(employees, cases, start, end)),
        absence_pct_excl_pregnancy=absence_pct_excl_pregnancy(employees, cases, start, end),
        report_frequency=_round(report_frequency(employees, cases, start, end)),
        average_duration_days=None if duration is None else _round(duration),
    )


@dataclass(frozen=True)
class MonthStatistics:
    """One calendar month of a year: `end` is its last counted day; both None for a month after today."""

    month: int
    end: dt.date | None
    figures: Statistics | None


@dataclass(frozen=True)
class YearStatistics:
    """The figures of one calendar year (up to `end`) and of each of its twelve months."""

    year: int
    start: dt.date
    end: dt.date
    figures: Statistics
    months: tuple[MonthStatistics, ...]


def year_period(year: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The counted days of a calendar year: a running year ends today; a year still to come is refused."""
    start = dt.date(year, 1, 1)
    if start > today:
        raise ValueError(f"the year {year} has not started on {today}")
    return start, min(dt.date(year, 12, 31), today)


def year_statistics(
    employees: Sequence[EmployeeSpan], cases: Sequence[CaseFacts], *, year: int, today: dt.date
) -> YearStatistics:
    """The §10 figures of `year` and of its months, from one set of facts covering the whole year."""
    start, end = year_period(year, today)
    months = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        if first > end:
            months.append(MonthStatistics(month=month, end=None, figures=None))
            continue
        last = min(dt.date(year, month, calendar.monthrange(year, month)[1]), end)
        months.append(MonthStatistics(month=month, end=last, figures=statistics(employees, cases, first, last)))
    return YearStatistics(
        year=year, start=start, end=end, figures=statistics(employees, cases, start, end), months=tuple(months)
    )
