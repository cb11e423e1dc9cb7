"""Gathers the inputs of a policy's premium for a year and runs the calculator, for many policies at once.

Used by the yearly renewal (in batches of policies, a fixed number of queries per batch, so memory stays flat
however large the book is) and by a single recalculation by insurer staff (a batch of one).

Choices (docs/decisions.md #64):
* Insured employees: those employed on the reference date, 1 January of the premium year or the policy's start
  when that is later, as far as known on the calculation date.
* Own absence of a year: the CBS absence percentage without safety-net cases
  (cases.statistics.rules.absence_pct_excl_pregnancy, the very function of the statistics page) over the part of
  that year the employer was insured with us (from the first policy's start) and up to the day before the
  calculation (a running year counts so far). A year without insured days or without employees drops out.
* Previous F: the approved calculation of the employer for the year before; none, no cap (new contract).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Min

from cases.statistics import data as statistics_data
from cases.statistics import rules as statistics
from premiums import calculator
from premiums.models import CalculationStatus, Policy, PremiumCalculation
from premiums.parameters import LoadedParameters, ParametersUnavailable, Sector

ABSENCE_YEARS = 3


@dataclass(frozen=True)
class Outcome:
    """A calculation ready to be saved, or the Dutch reason it could not be made."""

    policy: Policy
    calculation: PremiumCalculation | None
    problem: str = ""


def reference_date(policy: Policy, year: int) -> dt.date:
    return max(dt.date(year, 1, 1), policy.start_date)


def own_absence(
    facts: statistics_data.EmployerFacts, *, year: int, insured_since: dt.date, calculated_on: dt.date
) -> dict[int, Decimal]:
    spans = facts.employees
    own: dict[int, Decimal] = {}
    for past in range(year - ABSENCE_YEARS, year):
        start = max(dt.date(past, 1, 1), insured_since)
        end = min(dt.date(past, 12, 31), calculated_on - dt.timedelta(days=1))
        if end < start or not any(statistics.employed_days(span, start, end) for span in spans):
            continue
        # The statistics' own field function, without the three figures statistics.statistics computes besides
        # (a third of a renewal's time went into those).
        own[past] = statistics.absence_pct_excl_pregnancy(spans, facts.cases, start, end)
    return own


def insured_rows(rows: Iterable[dict[str, Any]], on: dt.date) -> list[dict[str, Any]]:
    """The employee rows (of statistics_data.EmployerFacts) employed on the reference date `on`."""
    return [
        row
        for row in rows
        if row["employment_start"] <= on and (row["employment_end"] is None or row["employment_end"] >= on)
    ]


def _json(value: Any) -> Any:
    if isinstance(value, Decimal | dt.date):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


@dataclass(frozen=True)
class Gathered:
    """What the calculation reads of the database for a premium year, for many employers at once."""

    facts: defaultdict[Any, statistics_data.EmployerFacts]
    insured_since: dict[Any, dt.date]
    previous: dict[Any, Decimal]


def gather(employer_ids: Sequence[Any], *, year: int) -> Gathered:
    """The employees and cases of the absence window, the insurance start and the previous F of the employers, in
    a fixed number of queries (cases.statistics.data.employers_facts, plus two)."""
    facts = statistics_data.employers_facts(
        employer_ids,
        start=dt.date(year - ABSENCE_YEARS, 1, 1),
        end=dt.date(year, 12, 31),
        employee_columns=("yearly_wage", "date_of_birth"),
    )
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
    return Gathered(facts=facts, insured_since=insured_since, previous=previous)


@dataclass(frozen=True)
class Prepared:
    """The calculator's input for one policy, with the insured employees' rows it was built from."""

    quote: calculator.QuoteInput
    reference_date: dt.date
    insured: list[dict[str, Any]]
    insured_since: dt.date


def quote_input(policy: Policy, *, year: int, sector: Sector, gathered: Gathered, calculated_on: dt.date) -> Prepared:
    """The QuoteInput of a policy's premium for `year` from the gathered data (no queries): the renewal's, a
    recalculation's and the simulator's (premiums.simulator) one input."""
    employer_facts = gathered.facts[policy.employer_id]
    on = reference_date(policy, year)
    insured = insured_rows(employer_facts.employee_rows, on)
    since = gathered.insured_since[policy.employer_id]
    own = own_absence(employer_facts, year=year, insured_since=since, calculated_on=calculated_on)
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
        previous_own_absence_factor=gathered.previous.get(policy.employer_id),
    )
    return Prepared(quote=quote, reference_date=on, insured=insured, insured_since=since)


def calculate(
    policies: Iterable[Policy], *, year: int, loaded: LoadedParameters, calculated_on: dt.date
) -> list[Outcome]:
    """Unsaved calculations (status draft) for the policies, in a fixed number of queries.

    The policies need `employer` loaded (select_related).
    """
    policies = list(policies)
    if not policies:
        return []
    gathered = gather([policy.employer_id for policy in policies], year=year)
    outcomes = []
    for policy in policies:
        try:
            sector = loaded.sector_for(policy.employer.sbi_code)
        except ParametersUnavailable as error:
            outcomes.append(Outcome(policy=policy, calculation=None, problem=str(error)))
            continue
        prepared = quote_input(policy, year=year, sector=sector, gathered=gathered, calculated_on=calculated_on)
        quote, on, insured = prepared.quote, prepared.reference_date, prepared.insured
        own = quote.own_absence_pct
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
            "insured_since": prepared.insured_since.isoformat(),
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
