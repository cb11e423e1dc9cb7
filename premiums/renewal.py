"""Gathers the inputs of a policy's premium for a year and runs the calculator, for many policies at once.

Used by the yearly renewal (in batches of policies, a fixed number of queries per batch, so memory stays flat
however large the book is) and by a single recalculation by insurer staff (a batch of one).

Choices (docs/decisions.md #64):
* Insured employees: those employed on the reference date, 1 January of the premium year or the policy's start
  when that is later, as far as known on the calculation date.
* Own absence of a year: the CBS absence percentage without safety-net cases (cases.statistics.rules) over the part of
  that year the employer was insured with us (from the first policy's start) and up to the day before the
  calculation (a running year counts so far). A year without insured days or without employees drops out.
* Previous F: the approved calculation of the employer for the year before; none, no cap (new contract).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Min, Q

from cases.absence.models import AbsenceCase, Recovery, SickPeriod
from cases.statistics import rules as statistics
from premiums import calculator
from premiums.models import CalculationStatus, Policy, PremiumCalculation
from premiums.parameters import LoadedParameters, ParametersUnavailable
from verzuim.models import Employee

ABSENCE_YEARS = 3


@dataclass
class _EmployerFacts:
    employees: list[dict[str, Any]] = field(default_factory=list)
    cases: list[statistics.CaseFacts] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """A calculation ready to be saved, or the Dutch reason it could not be made."""

    policy: Policy
    calculation: PremiumCalculation | None
    problem: str = ""


def _span(row: dict[str, Any], prefix: str = "") -> statistics.EmployeeSpan:
    return statistics.EmployeeSpan(
        employment_start=row[f"{prefix}employment_start"],
        employment_end=row[f"{prefix}employment_end"],
        weekly_hours=row[f"{prefix}weekly_hours"],
    )


def reference_date(policy: Policy, year: int) -> dt.date:
    return max(dt.date(year, 1, 1), policy.start_date)


def _load_facts(employer_ids: Sequence[Any], start: dt.date, end: dt.date) -> dict[Any, _EmployerFacts]:
    """Employees and case facts of many employers for [start, end] in four queries."""
    facts: dict[Any, _EmployerFacts] = defaultdict(_EmployerFacts)
    employee_rows = Employee.objects.filter(
        Q(employment_end__isnull=True) | Q(employment_end__gte=start), employer_id__in=employer_ids
    ).values("employer_id", "yearly_wage", "date_of_birth", "employment_start", "employment_end", "weekly_hours")
    for employee_row in employee_rows:
        facts[employee_row["employer_id"]].employees.append(dict(employee_row))
    case_rows = list(
        AbsenceCase.objects.filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=start),
            employer_id__in=employer_ids,
            first_sick_day__lte=end,
        ).values(
            "id",
            "employer_id",
            "safety_net",
            "closed_on",
            "employee__employment_start",
            "employee__employment_end",
            "employee__weekly_hours",
        )
    )
    case_ids = [row["id"] for row in case_rows]
    periods: dict[Any, list[statistics.Period]] = defaultdict(list)
    for case_id, first, last in (
        SickPeriod.objects.filter(case_id__in=case_ids).order_by("start").values_list("case_id", "start", "end")
    ):
        periods[case_id].append(statistics.Period(start=first, end=last))
    recoveries: dict[Any, list[statistics.RecoveryReport]] = defaultdict(list)
    for case_id, day, pct in (
        Recovery.objects.filter(case_id__in=case_ids).order_by("date").values_list("case_id", "date", "recovered_pct")
    ):
        recoveries[case_id].append(statistics.RecoveryReport(date=day, recovered_pct=pct))
    for case_row in case_rows:
        facts[case_row["employer_id"]].cases.append(
            statistics.CaseFacts(
                employee=_span(dict(case_row), "employee__"),
                safety_net=case_row["safety_net"],
                closed_on=case_row["closed_on"],
                periods=tuple(periods[case_row["id"]]),
                recoveries=tuple(recoveries[case_row["id"]]),
            )
        )
    return facts


def _own_absence(
    facts: _EmployerFacts, *, year: int, insured_since: dt.date, calculated_on: dt.date
) -> dict[int, Decimal]:
    spans = [_span(row) for row in facts.employees]
    counted = [case for case in facts.cases if not case.safety_net]
    own: dict[int, Decimal] = {}
    for past in range(year - ABSENCE_YEARS, year):
        start = max(dt.date(past, 1, 1), insured_since)
        end = min(dt.date(past, 12, 31), calculated_on - dt.timedelta(days=1))
        if end < start or not any(statistics.employed_days(span, start, end) for span in spans):
            continue
        # statistics.statistics(...).absence_pct_excl_pregnancy without the three figures it computes besides
        # (a third of a renewal's time went into those).
        own[past] = statistics.absence_pct(spans, counted, start, end).quantize(
            statistics.TWO_PLACES, rounding=ROUND_HALF_UP
        )
    return own


def _json(value: Any) -> Any:
    if isinstance(value, Decimal | dt.date):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def calculate(
    policies: Iterable[Policy], *, year: int, loaded: LoadedParameters, calculated_on: dt.date
) -> list[Outcome]:
    """Unsaved calculations (status draft) for the policies, in a fixed number of queries.

    The policies need `employer` loaded (select_related).
    """
    policies = list(policies)
    if not policies:
        return []
    employer_ids = [policy.employer_id for policy in policies]
    earliest_start = dt.date(year - ABSENCE_YEARS, 1, 1)
    facts = _load_facts(employer_ids, earliest_start, dt.date(year, 12, 31))
    insured_since = dict(
        Policy.objects.filter(employer_id__in=employer_ids)
        .values("employer_id")
        .annotate(first=Min("start_date"))
        .values_list("employer_id", "first")
    )
    previous = dict(
        PremiumCalculation.objects.filter(
            employer_id__in=employer_ids, year=year - 1, status=CalculationStatus.APPROVED
        ).values_list("employer_id", "own_absence_factor")
    )
    outcomes = []
    for policy in policies:
        try:
            sector = loaded.sector_for(policy.employer.sbi_code)
        except ParametersUnavailable as error:
            outcomes.append(Outcome(policy=policy, calculation=None, problem=str(error)))
            continue
        employer_facts = facts[policy.employer_id]
        on = reference_date(policy, year)
        insured = [
            row
            for row in employer_facts.employees
            if row["employment_start"] <= on and (row["employment_end"] is None or row["employment_end"] >= on)
        ]
        own = _own_absence(
            employer_facts, year=year, insured_since=insured_since[policy.employer_id], calculated_on=calculated_on
        )
        quote = calculator.QuoteInput(
            year=year,
            sector_rate_pct=sector.rate_pct,
            employer_charges_pct=policy.employer_charges_pct,
            waiting_days=policy.waiting_days,
            coverage=policy.coverage,
            employees=tuple(
                calculator.EmployeeInput(yearly_wage=row["yearly_wage"], date_of_birth=row["date_of_birth"])
                for row in insured
            ),
            own_absence_pct=own,
            sector_absence_pct=sector.expected_absence_pct,
            previous_own_absence_factor=previous.get(policy.employer_id),
        )
        result = calculator.premium_quote(quote, parameters=loaded.parameters)
        inputs = {
            "reference_date": on.isoformat(),
            "sbi_code": policy.employer.sbi_code,
            "sbi_section": sector.section,
            "sector_rate_pct": _json(sector.rate_pct),
            "sector_absence_pct": _json(sector.expected_absence_pct),
            "employer_charges_pct": _json(policy.employer_charges_pct),
            "waiting_days": policy.waiting_days,
            "coverage": policy.coverage,
            "wage_cap": _json(loaded.parameters.wage_cap),
            "insured_since": insured_since[policy.employer_id].isoformat(),
            "own_absence_pct": {str(past): _json(pct) for past, pct in sorted(own.items())},
            "employees": [
                {"yearly_wage": _json(row["yearly_wage"]), "date_of_birth": _json(row["date_of_birth"])}
                for row in insured
            ],
        }
        outcomes.append(
            Outcome(
                policy=policy,
                calculation=PremiumCalculation(
                    policy=policy,
                    employer_id=policy.employer_id,
                    year=year,
                    parameter_set=loaded.parameter_set,
                    calculated_on=calculated_on,
                    status=CalculationStatus.DRAFT,
                    inputs=inputs,
                    employee_count=result.employee_count,
                    insured_payroll=result.insured_payroll,
                    average_age=result.average_age,
                    age_wage_mix_factor=result.age_wage_mix_factor,
                    waiting_days_factor=result.waiting_days_factor,
                    coverage_factor=result.coverage_factor,
                    base_rate_pct=result.base_rate_pct,
                    weighted_own_absence_pct=result.weighted_own_absence_pct,
                    experience_ratio=result.experience_ratio,
                    credibility_weight_pct=result.credibility_weight_pct,
                    own_absence_factor_uncapped=result.own_absence_factor_uncapped,
                    previous_own_absence_factor=quote.previous_own_absence_factor,
                    own_absence_factor_ceiling=result.own_absence_factor_ceiling,
                    own_absence_factor=result.own_absence_factor,
                    cap_applied=result.cap_applied,
                    premium=result.premium,
                ),
            )
        )
    return outcomes
