"""Loads the facts of cases.statistics.rules for one employer and period from the database in four queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q

from cases.absence.models import AbsenceCase, Recovery, SickPeriod
from cases.statistics import rules as statistics
from verzuim.models import Employee, Employer


def _span(employee: Employee) -> statistics.EmployeeSpan:
    return statistics.EmployeeSpan(
        employment_start=employee.employment_start,
        employment_end=employee.employment_end,
        weekly_hours=employee.weekly_hours,
    )


def employer_facts(
    *, employer: Employer, start: dt.date, end: dt.date
) -> tuple[list[statistics.EmployeeSpan], list[statistics.CaseFacts]]:
    """The employees employed and the cases with a sick day or closing in [start, end]: four queries."""
    employees = Employee.objects.filter(
        Q(employment_end__isnull=True) | Q(employment_end__gte=start),
        employer=employer,
        employment_start__lte=end,
    ).only("employment_start", "employment_end", "weekly_hours")
    # Every case that may have a sick day in the period or close in it.
    cases = (
        AbsenceCase.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start), employer=employer)
        .filter(first_sick_day__lte=end)
        .select_related("employee")
        .only(
            "safety_net",
            "closed_on",
            "employee__employment_start",
            "employee__employment_end",
            "employee__weekly_hours",
        )
        .prefetch_related(
            Prefetch("periods", queryset=SickPeriod.objects.order_by("start")),
            Prefetch("recoveries", queryset=Recovery.objects.order_by("date").only("case_id", "date", "recovered_pct")),
        )
    )
    facts = [
        statistics.CaseFacts(
            employee=_span(case.employee),
            safety_net=case.safety_net,
            closed_on=case.closed_on,
            periods=tuple(statistics.Period(start=p.start, end=p.end) for p in case.periods.all()),
            recoveries=tuple(
                statistics.RecoveryReport(date=r.date, recovered_pct=r.recovered_pct) for r in case.recoveries.all()
            ),
        )
        for case in cases
    ]
    return [_span(e) for e in employees], facts


def employer_statistics(*, employer: Employer, start: dt.date, end: dt.date) -> statistics.Statistics:
    """The §10 figures of an employer for [start, end]; the caller has checked access."""
    employees, cases = employer_facts(employer=employer, start=start, end=end)
    return statistics.statistics(employees, cases, start, end)


def employer_year_statistics(*, employer: Employer, year: int, today: dt.date) -> statistics.YearStatistics:
    """The figures of an employer for a calendar year and each of its months (a running year up to today).

    The facts are loaded once for the whole year; every month is computed from them. The caller has checked
    access and that the year has started.
    """
    start, end = statistics.year_period(year, today)
    employees, cases = employer_facts(employer=employer, start=start, end=end)
    return statistics.year_statistics(employees, cases, year=year, today=today)
