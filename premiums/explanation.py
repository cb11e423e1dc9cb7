"""Explains a stored premium calculation step by step (docs/domain.md §7), for the employer page and the notice.

Pure: it reads the fields of a loaded PremiumCalculation (with its parameter set) and its `inputs`, and never
queries. Every number comes from the calculation as stored, so the explanation shows what was approved, even
after the parameters or the employer's data changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from premiums import calculator
from premiums.models import Coverage, SbiSection, WaitingDays

if TYPE_CHECKING:
    from premiums.models import PremiumCalculation

HUNDRED = Decimal(100)


def uncapped_premium(
    *, insured_payroll: Decimal, base_rate_pct: Decimal, own_absence_factor_uncapped: Decimal
) -> Decimal:
    """What the premium would have been without the cap: payroll * base rate * uncapped F, in cents (half up)."""
    return calculator.money(insured_payroll * base_rate_pct / HUNDRED * own_absence_factor_uncapped)


def cap_saving(*, premium: Decimal, uncapped: Decimal) -> Decimal:
    """How much the cap saves: the uncapped premium minus the premium charged, never below zero.

    Taken from the two amounts the page shows, so they add up for the reader.
    """
    return max(uncapped - premium, Decimal("0.00"))


@dataclass(frozen=True)
class AbsenceYear:
    year: int
    pct: Decimal
    weight: int


@dataclass(frozen=True)
class Explanation:
    """The numbers of one calculation, in the order the explanation tells them."""

    year: int
    reference_date: dt.date | None
    insured_since: dt.date | None
    employee_count: int
    wage_cap: Decimal | None
    employer_charges_pct: Decimal
    insured_payroll: Decimal
    sector_section: str
    sector_label: str
    sector_rate_pct: Decimal | None
    average_age: Decimal | None
    age_wage_mix_factor: Decimal
    waiting_days: int | None
    waiting_days_label: str
    waiting_days_factor: Decimal
    coverage: str
    coverage_label: str
    coverage_factor: Decimal
    base_rate_pct: Decimal
    absence_years: tuple[AbsenceYear, ...]
    weighted_own_absence_pct: Decimal | None
    sector_absence_pct: Decimal | None
    experience_ratio: Decimal
    credibility_weight_pct: Decimal
    rest_weight_pct: Decimal
    own_absence_factor_uncapped: Decimal
    previous_own_absence_factor: Decimal | None
    rise_cap_pct: Decimal
    own_absence_factor_ceiling: Decimal | None
    own_absence_factor: Decimal
    cap_applied: bool
    uncapped_premium: Decimal
    cap_saving: Decimal
    premium: Decimal
    parameters_valid_from: dt.date

    @property
    def has_history(self) -> bool:
        return self.weighted_own_absence_pct is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_own_absence_factor is not None


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def choice_label(choices: Any, value: Any) -> str:
    """The Dutch label of `value` in `choices` (SbiSection, WaitingDays, Coverage); the value itself if unknown."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def absence_years(own_absence_pct: dict[str, Any], *, year: int) -> tuple[AbsenceYear, ...]:
    """The years that count, newest first, with their weight (3:2:1 for the years just before `year`)."""
    weights = calculator.DEFAULT_PARAMETERS.absence_weights
    found = []
    for offset, weight in enumerate(weights, start=1):
        pct = _decimal(own_absence_pct.get(str(year - offset)))
        if pct is not None:
            found.append(AbsenceYear(year=year - offset, pct=pct, weight=weight))
    return tuple(found)


@dataclass(frozen=True)
class InsuredEmployee:
    yearly_wage: Decimal | None
    date_of_birth: dt.date | None


def insured_employees(calculation: PremiumCalculation) -> list[InsuredEmployee]:
    """The insured employees as the calculation stored them (wage and date of birth only, no names)."""
    rows = (calculation.inputs or {}).get("employees") or []
    return [InsuredEmployee(_decimal(row.get("yearly_wage")), _date(row.get("date_of_birth"))) for row in rows]


def explain(calculation: PremiumCalculation) -> Explanation:
    inputs: dict[str, Any] = calculation.inputs or {}
    section = str(inputs.get("sbi_section", ""))
    waiting_days = inputs.get("waiting_days")
    coverage = str(inputs.get("coverage", ""))
    uncapped = uncapped_premium(
        insured_payroll=calculation.insured_payroll,
        base_rate_pct=calculation.base_rate_pct,
        own_absence_factor_uncapped=calculation.own_absence_factor_uncapped,
    )
    return Explanation(
        year=calculation.year,
        reference_date=_date(inputs.get("reference_date")),
        insured_since=_date(inputs.get("insured_since")),
        employee_count=calculation.employee_count,
        wage_cap=_decimal(inputs.get("wage_cap")),
        employer_charges_pct=_decimal(inputs.get("employer_charges_pct")) or Decimal(0),
        insured_payroll=calculation.insured_payroll,
        sector_section=section,
        sector_label=choice_label(SbiSection, section) if section else "",
        sector_rate_pct=_decimal(inputs.get("sector_rate_pct")),
        average_age=calculation.average_age,
        age_wage_mix_factor=calculation.age_wage_mix_factor,
        waiting_days=waiting_days,
        waiting_days_label=choice_label(WaitingDays, waiting_days),
        waiting_days_factor=calculation.waiting_days_factor,
        coverage=coverage,
        coverage_label=choice_label(Coverage, coverage),
        coverage_factor=calculation.coverage_factor,
        base_rate_pct=calculation.base_rate_pct,
        absence_years=absence_years(inputs.get("own_absence_pct") or {}, year=calculation.year),
        weighted_own_absence_pct=calculation.weighted_own_absence_pct,
        sector_absence_pct=_decimal(inputs.get("sector_absence_pct")),
        experience_ratio=calculation.experience_ratio,
        credibility_weight_pct=calculation.credibility_weight_pct,
        rest_weight_pct=HUNDRED - calculation.credibility_weight_pct,
        own_absence_factor_uncapped=calculation.own_absence_factor_uncapped,
        previous_own_absence_factor=calculation.previous_own_absence_factor,
        rise_cap_pct=calculation.parameter_set.rise_cap_pct,
        own_absence_factor_ceiling=calculation.own_absence_factor_ceiling,
        own_absence_factor=calculation.own_absence_factor,
        cap_applied=calculation.cap_applied,
        uncapped_premium=uncapped,
        cap_saving=cap_saving(premium=calculation.premium, uncapped=uncapped)
        if calculation.cap_applied
        else Decimal(0),
        premium=calculation.premium,
        parameters_valid_from=calculation.parameter_set.valid_from,
    )
