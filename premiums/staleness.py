"""Is a stored premium calculation still based on the employer's data as it is now, and how does its premium
compare with the premium approved before it (docs/domain.md §7, "A premium on stale data").

A calculation stores the roster it used: `employee_count` and `insured_payroll`, with the reference date, the
wage cap and the employer charges in `inputs`, and the own-absence percentages it used
(`inputs["own_absence_pct"]`, over the windows that end the day before `calculated_on`, from `insured_since`).

**Stale.** The same rules of premiums.renewal (`insured_rows`, `own_absence`, `calculator.insured_payroll`) are run
again on the employer's data as it is now, with everything else as stored: the reference date, the cap, the
charges, the insurance start and the calculation date. The calculation is stale when that gives another number of
insured employees, another insured payroll, or another own-absence percentage for one of the years. Facts dated
after the calculation do not make it stale, because they belong to the next calculation: an employee who joins
after the reference date, a sick day after the calculation date. What does is a change the calculation should have
seen: an employee entered, ended or given another wage with effect on the reference date, a sickness reported late
or a recovery corrected within the window. Only calculations that are open or in force (draft, submitted,
approved) are checked; a rejected or superseded one is history.

**Change against the last approved premium.** The newest calculation of the same employer that is or was the
approved premium (approved, or superseded after its approval), other than this one, of the same year or earlier,
and approved before this one was (if it was): for a recalculation the premium in force for that year, for a
renewal the premium of the year before. Change = premium - that premium, in euros and as a percentage of it
(one decimal, half up; none when that premium was nil). The employer as the unit follows the previous factor of
the renewal (premiums.renewal, docs/decisions.md #64).

`checks` does this for many calculations in a fixed number of queries (the four of
cases.statistics.data.employers_facts, two when there are no cases, plus one for the earlier premiums) per batch
of 500, so the review queue (50 rows a page) stays bounded however many rows it shows, and memory stays flat
for a long list (the API's). Its time is at most the renewal's for as many policies (bench/RESULTS.md: 40,000
in about a minute).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db.models import Q

from cases.statistics import data as statistics_data
from premiums import calculator, renewal
from premiums.models import OPEN_STATUSES, CalculationStatus, PremiumCalculation

# The statuses whose data still matter: waiting for review, or the premium in force.
CHECKED_STATUSES = (*OPEN_STATUSES, CalculationStatus.APPROVED)
HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")
MINUS = "\N{MINUS SIGN}"
CHECK_BATCH_SIZE = 500


@dataclass(frozen=True)
class AbsenceChange:
    year: int
    then: Decimal | None
    now: Decimal | None


@dataclass(frozen=True)
class Freshness:
    """The roster and absence figures of a calculation as stored ("then") and on today's data ("now")."""

    calculated_on: dt.date
    reference_date: dt.date
    employee_count_then: int
    employee_count_now: int
    insured_payroll_then: Decimal
    insured_payroll_now: Decimal
    absence_then: Mapping[int, Decimal]
    absence_now: Mapping[int, Decimal]

    @property
    def employee_count_changed(self) -> bool:
        return self.employee_count_then != self.employee_count_now

    @property
    def insured_payroll_changed(self) -> bool:
        return self.insured_payroll_then != self.insured_payroll_now

    @property
    def roster_changed(self) -> bool:
        return self.employee_count_changed or self.insured_payroll_changed

    @property
    def absence_changes(self) -> tuple[AbsenceChange, ...]:
        years = sorted(set(self.absence_then) | set(self.absence_now), reverse=True)
        return tuple(
            AbsenceChange(year, self.absence_then.get(year), self.absence_now.get(year))
            for year in years
            if self.absence_then.get(year) != self.absence_now.get(year)
        )

    @property
    def absence_changed(self) -> bool:
        return bool(self.absence_changes)

    @property
    def stale(self) -> bool:
        return self.roster_changed or self.absence_changed


@dataclass(frozen=True)
class PremiumChange:
    """This premium against the last approved one of the employer."""

    previous_id: uuid.UUID
    previous_year: int
    previous_premium: Decimal
    amount: Decimal  # signed: premium - previous premium
    pct: Decimal | None  # signed, one decimal; None when the previous premium was nil

    @property
    def sign(self) -> str:
        """ "+", a minus sign or "" (no change), to put before the amounts."""
        return "+" if self.amount > 0 else MINUS if self.amount < 0 else ""

    @property
    def amount_abs(self) -> Decimal:
        return abs(self.amount)

    @property
    def pct_abs(self) -> Decimal | None:
        return None if self.pct is None else abs(self.pct)


@dataclass(frozen=True)
class Check:
    freshness: Freshness | None  # None: not checked (rejected, superseded) or stored without the inputs it needs
    change: PremiumChange | None  # None: no earlier approved premium

    @property
    def stale(self) -> bool:
        return self.freshness is not None and self.freshness.stale


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class _Stored:
    """What a calculation's `inputs` must hold to be checked."""

    reference_date: dt.date
    insured_since: dt.date
    wage_cap: Decimal
    employer_charges_pct: Decimal
    absence: dict[int, Decimal]


def _stored(calculation: PremiumCalculation) -> _Stored | None:
    inputs: dict[str, Any] = calculation.inputs or {}
    reference_date, insured_since = _date(inputs.get("reference_date")), _date(inputs.get("insured_since"))
    wage_cap, charges = _decimal(inputs.get("wage_cap")), _decimal(inputs.get("employer_charges_pct"))
    if reference_date is None or insured_since is None or wage_cap is None or charges is None:
        return None
    absence = {}
    for year, pct in (inputs.get("own_absence_pct") or {}).items():
        value = _decimal(pct)
        if value is not None and str(year).isdigit():
            absence[int(year)] = value
    return _Stored(reference_date, insured_since, wage_cap, charges, absence)


def _freshness(calculation: PremiumCalculation, stored: _Stored, facts: statistics_data.EmployerFacts) -> Freshness:
    rows = renewal.insured_rows(facts.employee_rows, stored.reference_date)
    payroll = calculator.insured_payroll(
        employees=tuple(calculator.EmployeeInput(yearly_wage=row["yearly_wage"]) for row in rows),
        employer_charges_pct=stored.employer_charges_pct,
        parameters=calculator.Parameters(wage_cap=stored.wage_cap),
    )
    absence_now = renewal.own_absence(
        facts, year=calculation.year, insured_since=stored.insured_since, calculated_on=calculation.calculated_on
    )
    return Freshness(
        calculated_on=calculation.calculated_on,
        reference_date=stored.reference_date,
        employee_count_then=calculation.employee_count,
        employee_count_now=len(rows),
        insured_payroll_then=calculation.insured_payroll,
        insured_payroll_now=calculator.money(payroll),
        absence_then=stored.absence,
        absence_now=absence_now,
    )


def _change(calculation: PremiumCalculation, previous: dict[str, Any]) -> PremiumChange:
    amount = calculation.premium - previous["premium"]
    pct = (
        (amount / previous["premium"] * HUNDRED).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
        if previous["premium"]
        else None
    )
    return PremiumChange(
        previous_id=previous["pk"],
        previous_year=previous["year"],
        previous_premium=previous["premium"],
        amount=amount,
        pct=pct,
    )


def _previous(calculation: PremiumCalculation, candidates: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The last approved premium before `calculation` among the employer's (once) approved calculations."""
    earlier = [
        row
        for row in candidates
        if row["pk"] != calculation.pk
        and row["year"] <= calculation.year
        and (calculation.reviewed_at is None or row["reviewed_at"] < calculation.reviewed_at)
    ]
    return max(earlier, key=lambda row: (row["year"], row["reviewed_at"]), default=None)


def checks(calculations: Sequence[PremiumCalculation]) -> dict[uuid.UUID, Check]:
    """The check of each calculation, by primary key: a fixed number of queries for every `CHECK_BATCH_SIZE`
    calculations (the renewal's batch size), so memory stays flat for a long list too."""
    result: dict[uuid.UUID, Check] = {}
    for start in range(0, len(calculations), CHECK_BATCH_SIZE):
        result.update(_checks(calculations[start : start + CHECK_BATCH_SIZE]))
    return result


def _checks(calculations: Sequence[PremiumCalculation]) -> dict[uuid.UUID, Check]:
    if not calculations:
        return {}
    employer_ids = sorted({c.employer_id for c in calculations}, key=str)
    approved_before = (
        Q(status=CalculationStatus.APPROVED) | Q(status=CalculationStatus.SUPERSEDED, reviewed_by__isnull=False)
    ) & Q(reviewed_at__isnull=False)
    candidates: dict[Any, list[dict[str, Any]]] = {}
    for row in PremiumCalculation.objects.filter(
        approved_before, employer_id__in=employer_ids, year__lte=max(c.year for c in calculations)
    ).values("pk", "employer_id", "year", "premium", "reviewed_at"):
        candidates.setdefault(row["employer_id"], []).append(dict(row))

    stored = {c.pk: _stored(c) for c in calculations if c.status in CHECKED_STATUSES}
    checked = [c for c in calculations if stored.get(c.pk) is not None]
    facts = (
        statistics_data.employers_facts(
            sorted({c.employer_id for c in checked}, key=str),
            start=dt.date(min(c.year for c in checked) - renewal.ABSENCE_YEARS, 1, 1),
            end=max(
                max(dt.date(c.year, 12, 31) for c in checked),
                max(s.reference_date for s in stored.values() if s is not None),
            ),
            employee_columns=("yearly_wage",),
        )
        if checked
        else None
    )
    result = {}
    for calculation in calculations:
        own = stored.get(calculation.pk)
        previous = _previous(calculation, candidates.get(calculation.employer_id, []))
        result[calculation.pk] = Check(
            freshness=_freshness(calculation, own, facts[calculation.employer_id])
            if own is not None and facts is not None
            else None,
            change=_change(calculation, previous) if previous is not None else None,
        )
    return result


def check(calculation: PremiumCalculation) -> Check:
    """`checks` of one calculation."""
    return checks([calculation])[calculation.pk]
