"""Loads the facts of cases.statistics.rules from the database: for one employer (the statistics page and API) or
for many at once (the premium renewal, premiums.renewal), in four queries however many employers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from cases.absence.models import AbsenceCase, Recovery, SickPeriod
from cases.statistics import rules as statistics
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Employee, Employer, User

SPAN_COLUMNS = ("employment_start", "employment_end", "weekly_hours")


@dataclass
class EmployerFacts:
    """One employer's employees and cases for a period. ``employee_rows`` are the employees' columns (those of
    the span and any the caller asked for besides), in the order of ``employees``."""

    employees: list[statistics.EmployeeSpan] = field(default_factory=list)
    employee_rows: list[dict[str, Any]] = field(default_factory=list)
    cases: list[statistics.CaseFacts] = field(default_factory=list)


def _span(row: dict[str, Any], prefix: str = "") -> statistics.EmployeeSpan:
    return statistics.EmployeeSpan(
        employment_start=row[f"{prefix}employment_start"],
        employment_end=row[f"{prefix}employment_end"],
        weekly_hours=row[f"{prefix}weekly_hours"],
    )


def employers_facts(
    employer_ids: Sequence[Any], *, start: dt.date, end: dt.date, employee_columns: Sequence[str] = ()
) -> defaultdict[Any, EmployerFacts]:
    """The employees employed and the cases with a sick day or closing in [start, end] of each employer, in four
    queries (two when there are no cases); an employer without either gets empty facts."""
    facts: defaultdict[Any, EmployerFacts] = defaultdict(EmployerFacts)
    employee_rows = Employee.objects.filter(
        Q(employment_end__isnull=True) | Q(employment_end__gte=start),
        employer_id__in=employer_ids,
        employment_start__lte=end,
    ).values("employer_id", *SPAN_COLUMNS, *employee_columns)
    for employee_row in employee_rows:
        employer = facts[employee_row["employer_id"]]
        employer.employees.append(_span(employee_row))
        employer.employee_rows.append(employee_row)
    # Every case that may have a sick day in the period or close in it.
    case_rows = list(
        AbsenceCase.objects.filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=start),
            employer_id__in=employer_ids,
            first_sick_day__lte=end,
        ).values("id", "employer_id", "safety_net", "closed_on", *(f"employee__{name}" for name in SPAN_COLUMNS))
    )
    case_ids = [row["id"] for row in case_rows]
    periods: defaultdict[Any, list[statistics.Period]] = defaultdict(list)
    for case_id, first, last in (
        SickPeriod.objects.filter(case_id__in=case_ids).order_by("start").values_list("case_id", "start", "end")
    ):
        periods[case_id].append(statistics.Period(start=first, end=last))
    recoveries: defaultdict[Any, list[statistics.RecoveryReport]] = defaultdict(list)
    for case_id, day, pct in (
        Recovery.objects.filter(case_id__in=case_ids).order_by("date").values_list("case_id", "date", "recovered_pct")
    ):
        recoveries[case_id].append(statistics.RecoveryReport(date=day, recovered_pct=pct))
    for case_row in case_rows:
        facts[case_row["employer_id"]].cases.append(
            statistics.CaseFacts(
                employee=_span(case_row, "employee__"),
                safety_net=case_row["safety_net"],
                closed_on=case_row["closed_on"],
                periods=tuple(periods[case_row["id"]]),
                recoveries=tuple(recoveries[case_row["id"]]),
                case_id=case_row["id"],
            )
        )
    return facts


def employer_facts(*, employer: Employer, start: dt.date, end: dt.date) -> EmployerFacts:
    """``employers_facts`` of one employer."""
    return employers_facts([employer.pk], start=start, end=end)[employer.pk]


def statistics_read_audit(*, user: User, employer: Employer, year: int) -> None:
    """The audit row of someone reading an employer's figures of a year (the page and the API)."""
    audit_record(
        actor=user,
        action=AuditAction.READ,
        object_type="employer_statistics",
        object_id=employer.pk,
        employer=employer,
        changes={"year": year},
    )


def employer_statistics(*, employer: Employer, start: dt.date, end: dt.date) -> statistics.Statistics:
    """The §10 figures of an employer for [start, end]; the caller has checked access."""
    facts = employer_facts(employer=employer, start=start, end=end)
    return statistics.statistics(facts.employees, facts.cases, start, end)


def employer_year_statistics(*, employer: Employer, year: int, today: dt.date) -> statistics.YearStatistics:
    """The figures of an employer for a calendar year and each of its months (a running year up to today).

    The facts are loaded once for the whole year; every month is computed from them. The caller has checked
    access and that the year has started.
    """
    start, end = statistics.year_period(year, today)
    facts = employer_facts(employer=employer, start=start, end=end)
    return statistics.year_statistics(facts.employees, facts.cases, year=year, today=today)
