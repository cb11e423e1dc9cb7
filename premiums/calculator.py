"""Premium for a policy year (docs/domain.md §7): pure functions over frozen dataclasses and Decimal.

Premium = insured payroll * base rate * own-absence factor F, with F = (1 - Z) + Z·E and the yearly
rise of F capped. No ORM and no settings here: the parameters come in as a frozen `Parameters`.

Rounding: every step works in full Decimal precision; only the returned values are rounded
(ROUND_HALF_UP): money to cents, factors and percentages to four decimal places.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import TypeVar

ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")


K = TypeVar("K")


def frozen(mapping: Mapping[K, Decimal]) -> Mapping[K, Decimal]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Parameters:
    """The §7 parameters for one product year; the defaults are the 2026 values."""

    wage_cap: Decimal = Decimal("79409")
    # Work days the employer carries before the insurer pays: fewer days, more risk, higher rate.
    waiting_days_factors: Mapping[int, Decimal] = field(
        default_factory=lambda: frozen(
            {10: Decimal("1.00"), 20: Decimal("0.93"), 30: Decimal("0.88"), 65: Decimal("0.75")}
        )
    )
    # Percentage of wage reimbursed in sickness year 1 / year 2; 100/70 is the statutory minimum.
    coverage_factors: Mapping[str, Decimal] = field(
        default_factory=lambda: frozen(
            {"100/70": Decimal("1.00"), "70/70": Decimal("0.83"), "100/100": Decimal("1.12")}
        )
    )
    # Age/wage mix: (from this wage-weighted average age, factor); the last band at or below the age applies.
    age_mix_bands: tuple[tuple[int, Decimal], ...] = (
        (0, Decimal("0.92")),
        (30, Decimal("0.96")),
        (40, Decimal("1.00")),
        (50, Decimal("1.06")),
        (60, Decimal("1.12")),
    )
    # Z(n) as (employees, weight as a fraction), piecewise linear between points, flat beyond the last.
    credibility_points: tuple[tuple[int, Decimal], ...] = (
        (1, Decimal("0.03")),
        (3, Decimal("0.09")),
        (8, Decimal("0.24")),
        (17, Decimal("0.39")),
        (25, Decimal("0.45")),
    )
    # F may rise by at most this fraction from one year to the next; falls pass in full.
    rise_cap: Decimal = Decimal("0.10")
    # Weights of the own absence of the years before the premium year, newest first.
    absence_weights: tuple[int, ...] = (3, 2, 1)


DEFAULT_PARAMETERS = Parameters()


@dataclass(frozen=True)
class EmployeeInput:
    yearly_wage: Decimal
    date_of_birth: dt.date | None = None


@dataclass(frozen=True)
class QuoteInput:
    year: int
    sector_rate_pct: Decimal
    employer_charges_pct: Decimal
    waiting_days: int
    coverage: str
    employees: tuple[EmployeeInput, ...]
    own_absence_pct: Mapping[int, Decimal]
    sector_absence_pct: Decimal
    previous_own_absence_factor: Decimal | None = None


@dataclass(frozen=True)
class QuoteResult:
    """Every intermediate value of the calculation, rounded for showing (see the module docstring)."""

    employee_count: int
    insured_payroll: Decimal
    average_age: Decimal | None
    age_wage_mix_factor: Decimal
    waiting_days_factor: Decimal
    coverage_factor: Decimal
    base_rate_pct: Decimal
    weighted_own_absence_pct: Decimal | None
    experience_ratio: Decimal
    credibility_weight_pct: Decimal
    own_absence_factor_uncapped: Decimal
    own_absence_factor_ceiling: Decimal | None
    own_absence_factor: Decimal
    cap_applied: bool
    premium: Decimal


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def four_places(value: Decimal) -> Decimal:
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def insured_payroll(
    *, employees: tuple[EmployeeInput, ...], employer_charges_pct: Decimal, parameters: Parameters
) -> Decimal:
    """sum of min(yearly wage, wage cap) * (1 + employer charges %)."""
    capped = sum((min(employee.yearly_wage, parameters.wage_cap) for employee in employees), Decimal(0))
    return capped * (ONE + employer_charges_pct / HUNDRED)


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    """Completed years of age on a date."""
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def average_age(*, employees: tuple[EmployeeInput, ...], on: dt.date, parameters: Parameters) -> Decimal | None:
    """The average age on `on`, weighted by the insured (capped) wage: the age/wage mix of the payroll.

    Employees without a known date of birth or without wage do not weigh; None when nobody weighs.
    """
    total = Decimal(0)
    weights = Decimal(0)
    for employee in employees:
        if employee.date_of_birth is None:
            continue
        weight = min(employee.yearly_wage, parameters.wage_cap)
        total += weight * age_on(employee.date_of_birth, on)
        weights += weight
    if not weights:
        return None
    return total / weights


def age_wage_mix_factor(*, average: Decimal | None, parameters: Parameters) -> Decimal:
    """The factor of the band the average age falls in; neutral (1) when no age is known."""
    if average is None:
        return ONE
    factor = ONE
    for from_age, band_factor in parameters.age_mix_bands:
        if average >= from_age:
            factor = band_factor
    return factor


def base_rate_pct(
    *,
    sector_rate_pct: Decimal,
    waiting_days: int,
    coverage: str,
    parameters: Parameters,
    mix_factor: Decimal = ONE,
) -> Decimal:
    """Sector rate * age/wage-mix factor * waiting-days factor * coverage factor (KeyError on an unknown option)."""
    return (
        sector_rate_pct
        * mix_factor
        * parameters.waiting_days_factors[waiting_days]
        * parameters.coverage_factors[coverage]
    )


def weighted_own_absence_pct(
    *, year: int, own_absence_pct: Mapping[int, Decimal], parameters: Parameters
) -> Decimal | None:
    """Weighted mean over the years just before `year` (3:2:1, newest first); missing years drop out.

    Years outside that window do not count. None when no year in the window is known.
    """
    total = Decimal(0)
    weight_sum = 0
    for offset, weight in enumerate(parameters.absence_weights, start=1):
        pct = own_absence_pct.get(year - offset)
        if pct is not None:
            total += weight * pct
            weight_sum += weight
    if weight_sum == 0:
        return None
    return total / weight_sum


def experience_ratio(*, weighted_absence_pct: Decimal | None, sector_absence_pct: Decimal) -> Decimal:
    """E = A / sector expected absence; E = 1 without history."""
    if weighted_absence_pct is None:
        return ONE
    return weighted_absence_pct / sector_absence_pct


def credibility_weight(*, employee_count: int, parameters: Parameters) -> Decimal:
    """Z(n) as a fraction: linear between the table's points, flat beyond the last.

    Below the first point (no insured employees) Z is 0: there is no own experience to weigh.
    """
    points = parameters.credibility_points
    if employee_count < points[0][0]:
        return Decimal(0)
    for (n_low, z_low), (n_high, z_high) in itertools.pairwise(points):
        if employee_count <= n_high:
            return z_low + (z_high - z_low) * Decimal(employee_count - n_low) / Decimal(n_high - n_low)
    return points[-1][1]


def own_absence_factor_ceiling(*, previous: Decimal | None, parameters: Parameters) -> Decimal | None:
    """The highest F allowed this year: previous F * (1 + rise cap); None without a previous F."""
    if previous is None:
        return None
    return previous * (ONE + parameters.rise_cap)


def own_absence_factor(*, uncapped: Decimal, previous: Decimal | None, parameters: Parameters) -> tuple[Decimal, bool]:
    """F capped at previous F * (1 + rise cap); falls pass in full; no previous F, no cap."""
    ceiling = own_absence_factor_ceiling(previous=previous, parameters=parameters)
    if ceiling is not None and uncapped > ceiling:
        return ceiling, True
    return uncapped, False


def premium_quote(quote: QuoteInput, *, parameters: Parameters = DEFAULT_PARAMETERS) -> QuoteResult:
    payroll = insured_payroll(
        employees=quote.employees, employer_charges_pct=quote.employer_charges_pct, parameters=parameters
    )
    # Ages on 1 January of the premium year.
    average = average_age(employees=quote.employees, on=dt.date(quote.year, 1, 1), parameters=parameters)
    mix = age_wage_mix_factor(average=average, parameters=parameters)
    rate_pct = base_rate_pct(
        sector_rate_pct=quote.sector_rate_pct,
        waiting_days=quote.waiting_days,
        coverage=quote.coverage,
        parameters=parameters,
        mix_factor=mix,
    )
    weighted = weighted_own_absence_pct(year=quote.year, own_absence_pct=quote.own_absence_pct, parameters=parameters)
    ratio = experience_ratio(weighted_absence_pct=weighted, sector_absence_pct=quote.sector_absence_pct)
    n = len(quote.employees)
    z = credibility_weight(employee_count=n, parameters=parameters)
    uncapped = (ONE - z) + z * ratio
    factor, cap_applied = own_absence_factor(
        uncapped=uncapped, previous=quote.previous_own_absence_factor, parameters=parameters
    )
    ceiling = own_absence_factor_ceiling(previous=quote.previous_own_absence_factor, parameters=parameters)
    premium = payroll * rate_pct / HUNDRED * factor
    return QuoteResult(
        employee_count=n,
        insured_payroll=money(payroll),
        average_age=None if average is None else money(average),
        age_wage_mix_factor=four_places(mix),
        waiting_days_factor=four_places(parameters.waiting_days_factors[quote.waiting_days]),
        coverage_factor=four_places(parameters.coverage_factors[quote.coverage]),
        base_rate_pct=four_places(rate_pct),
        weighted_own_absence_pct=None if weighted is None else four_places(weighted),
        experience_ratio=four_places(ratio),
        credibility_weight_pct=four_places(z * HUNDRED),
        own_absence_factor_uncapped=four_places(uncapped),
        own_absence_factor_ceiling=None if ceiling is None else four_places(ceiling),
        own_absence_factor=four_places(factor),
        cap_applied=cap_applied,
        premium=money(premium),
    )
