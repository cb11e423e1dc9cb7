"""The wage reimbursement of one absence case over a period (docs/domain.md §8): pure rules, no ORM.

Reimbursement of a day = (insured yearly wage / 261) * fraction absent * coverage % of its clock year
* (1 + employer charges %), for every sick work day after the case's waiting days. The statement groups the
days into lines (a run of consecutive sick days with the same category, fraction, clock year and insured wage)
and rounds each line's amount half up to cents; the total is the sum of the lines.

Choices written down here (docs/decisions.md #72-#74):

* A work day is Monday to Friday, public holidays included: 261 is the number of weekdays in a year, and Dutch
  wage-claim practice divides the yearly wage by it and pays every weekday of sickness.
* Waiting days (eigen risico) are the first N sick work days of the *case*, counted from its first sick day
  across relapses (BW 7:629 lid 10 sums the periods), whatever period a statement is for; they are derived
  from the case's facts, never from earlier statements, so a later statement always knows what was used.
  A day is a waiting day even when it falls outside the policy or the employment.
* The fraction absent follows cases.statistics.rules: 100% from the start of each sick period until its first
  recovery report, then 100 - the recovered percentage; a full recovery ends the period the day before.
* Clock year 1 is clock days 1-364, year 2 days 365-728 (cases.absence.poortwachter.clock_day); a sick day after
  clock day 728 is never reimbursed (the wage obligation has ended).
* Only days inside the policy (start and end date inclusive) and the employment (both dates inclusive)
  are reimbursed; a sick day after the case closed (``closed_on``) does not count at all.
* Insured yearly wage = min(yearly wage, wage cap valid on that day): the cap can change inside a statement
  (a new parameter set), which starts a new line.
* Lines show their first and last *work* day; a run without a work day (a weekend) is left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from cases.absence.poortwachter import WAGE_OBLIGATION_LAST_DAY, SickPeriod
from cases.statistics.rules import RecoveryReport

WORK_DAYS_PER_YEAR = Decimal(261)
YEAR_ONE_LAST_DAY = 364
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

__all__ = [
    "WORK_DAYS_PER_YEAR",
    "CaseFacts",
    "Category",
    "Line",
    "RecoveryReport",
    "SickPeriod",
    "Statement",
    "Terms",
    "WageCap",
    "coverage_pcts",
    "statement",
]


class Category(StrEnum):
    """Why a line's days are (not) reimbursed."""

    PAID = "paid"  # reimbursed
    WAITING = "waiting"  # eigen risico: the case's first N sick work days
    NO_POLICY = "no_policy"  # before the policy's start or after its end
    NOT_EMPLOYED = "not_employed"  # outside the employment
    BEYOND_104_WEEKS = "beyond_104_weeks"  # after clock day 728


# The values as the API lists them; named in SPECTACULAR_SETTINGS so the schema keeps calling them CategoryEnum.
CATEGORY_VALUES = [category.value for category in Category]


@dataclass(frozen=True)
class WageCap:
    """The maximum insured yearly wage from `valid_from` until the next cap (premiums.ParameterSet.wage_cap)."""

    valid_from: dt.date
    amount: Decimal


@dataclass(frozen=True)
class Terms:
    """What the policy says: waiting days, coverage per clock year, employer charges, and when it runs."""

    waiting_days: int
    coverage_year1_pct: Decimal
    coverage_year2_pct: Decimal
    employer_charges_pct: Decimal
    policy_start: dt.date
    policy_end: dt.date | None = None  # last insured day; None: open-ended

    def __post_init__(self) -> None:
        if self.waiting_days < 0:
            raise ValueError("waiting days cannot be negative")
        for pct in (self.coverage_year1_pct, self.coverage_year2_pct, self.employer_charges_pct):
            if not Decimal(0) <= pct <= HUNDRED:
                raise ValueError(f"a percentage must be between 0 and 100, not {pct}")
        if self.policy_end is not None and self.policy_end < self.policy_start:
            raise ValueError("a policy cannot end before it starts")


@dataclass(frozen=True)
class CaseFacts:
    """One absence case as the claim needs it (nothing medical)."""

    periods: tuple[SickPeriod, ...]
    recoveries: tuple[RecoveryReport, ...]
    yearly_wage: Decimal
    employment_start: dt.date
    employment_end: dt.date | None = None
    closed_on: dt.date | None = None


@dataclass(frozen=True)
class Line:
    """A run of sick days with the same category, fraction, clock year and insured wage."""

    start: dt.date  # first work day of the run
    end: dt.date  # last work day of the run
    category: Category
    work_days: int
    absent_pct: Decimal  # fraction absent * 100
    coverage_year: int | None  # 1 or 2; None after clock day 728
    coverage_pct: Decimal  # 0 after clock day 728
    insured_yearly_wage: Decimal
    amount: Decimal  # rounded half up to cents; 0.00 unless the category is PAID

    @property
    def daily_wage(self) -> Decimal:
        """The insured wage of one work day (shown rounded; the amount uses the exact value)."""
        return (self.insured_yearly_wage / WORK_DAYS_PER_YEAR).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Statement:
    period_start: dt.date
    period_end: dt.date
    waiting_days: int  # the policy's N
    waiting_days_before: int  # used by the case before the period
    lines: tuple[Line, ...]

    def _work_days(self, category: Category | None = None) -> int:
        return sum(line.work_days for line in self.lines if category is None or line.category == category)

    @property
    def waiting_days_in_period(self) -> int:
        return self._work_days(Category.WAITING)

    @property
    def sick_work_days(self) -> int:
        return self._work_days()

    @property
    def paid_work_days(self) -> int:
        return self._work_days(Category.PAID)

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def coverage_pcts(coverage: str) -> tuple[Decimal, Decimal]:
    """ "100/70" → (100, 70): the coverage of clock year 1 and of clock year 2."""
    first, _slash, second = coverage.partition("/")
    if not (first.isdigit() and second.isdigit()):
        raise ValueError(f"coverage must look like '100/70', not {coverage!r}")
    return Decimal(first), Decimal(second)


def _wage_cap_on(caps: Sequence[WageCap], day: dt.date) -> Decimal:
    valid = [cap for cap in caps if cap.valid_from <= day]
    if not valid:
        raise ValueError(f"no wage cap is valid on {day}")
    return max(valid, key=lambda cap: cap.valid_from).amount


def _is_work_day(day: dt.date) -> bool:
    return day.weekday() < 5


@dataclass(frozen=True)
class _Day:
    day: dt.date
    clock_day: int
    absent_pct: Decimal
    waiting: bool  # among the case's first N sick work days (a weekend day: before the N-th is reached)


def _sick_days(facts: CaseFacts, waiting_days: int, until: dt.date) -> Iterator[_Day]:
    """Every sick day of the case up to `until`, in order, with its clock day, fraction and waiting flag."""
    clock = 0
    work_days_seen = 0
    for period in sorted(facts.periods, key=lambda p: p.start):
        last = period.end if period.end is not None and period.end <= until else until
        if facts.closed_on is not None:
            last = min(last, facts.closed_on)
        # The period's own recoveries: after its first day and up to its end (a full one is the day after).
        steps = sorted(
            (r for r in facts.recoveries if r.date > period.start and (period.end is None or r.date <= period.end)),
            key=lambda r: r.date,
        )
        day = period.start
        while day <= last:
            clock += 1
            absent_pct = HUNDRED
            for recovery in steps:
                if recovery.date <= day:
                    absent_pct = HUNDRED - recovery.recovered_pct
            work_day = _is_work_day(day)
            counts = clock <= WAGE_OBLIGATION_LAST_DAY
            if work_day and counts:
                work_days_seen += 1
                waiting = work_days_seen <= waiting_days
            else:
                waiting = counts and work_days_seen < waiting_days
            yield _Day(day=day, clock_day=clock, absent_pct=absent_pct, waiting=waiting)
            day += dt.timedelta(days=1)


def _category(facts: CaseFacts, terms: Terms, day: _Day) -> Category:
    if day.clock_day > WAGE_OBLIGATION_LAST_DAY:
        return Category.BEYOND_104_WEEKS
    if day.waiting:
        return Category.WAITING
    if day.day < facts.employment_start or (facts.employment_end is not None and day.day > facts.employment_end):
        return Category.NOT_EMPLOYED
    if day.day < terms.policy_start or (terms.policy_end is not None and day.day > terms.policy_end):
        return Category.NO_POLICY
    return Category.PAID


def _coverage(terms: Terms, clock_day: int) -> tuple[int | None, Decimal]:
    if clock_day <= YEAR_ONE_LAST_DAY:
        return 1, terms.coverage_year1_pct
    if clock_day <= WAGE_OBLIGATION_LAST_DAY:
        return 2, terms.coverage_year2_pct
    return None, Decimal(0)


def _line_amount(terms: Terms, key: tuple[Category, Decimal, int | None, Decimal, Decimal], work_days: int) -> Decimal:
    category, absent_pct, _year, coverage_pct, insured_wage = key
    if category != Category.PAID:
        return Decimal("0.00")
    amount = (
        insured_wage
        / WORK_DAYS_PER_YEAR
        * work_days
        * absent_pct
        / HUNDRED
        * coverage_pct
        / HUNDRED
        * (HUNDRED + terms.employer_charges_pct)
        / HUNDRED
    )
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def statement(
    facts: CaseFacts, terms: Terms, wage_caps: Sequence[WageCap], period_start: dt.date, period_end: dt.date
) -> Statement:
    """The claim statement of the case for [period_start, period_end] (both inclusive)."""
    if period_end < period_start:
        raise ValueError(f"the period ends ({period_end}) before it starts ({period_start})")
    lines: list[Line] = []
    waiting_before = 0
    run_key: tuple[Category, Decimal, int | None, Decimal, Decimal] | None = None
    run_days: list[dt.date] = []  # the run's work days
    previous: dt.date | None = None

    def close_run() -> None:
        if run_key is not None and run_days:
            category, absent_pct, year, coverage_pct, insured_wage = run_key
            lines.append(
                Line(
                    start=run_days[0],
                    end=run_days[-1],
                    category=category,
                    work_days=len(run_days),
                    absent_pct=absent_pct,
                    coverage_year=year,
                    coverage_pct=coverage_pct,
                    insured_yearly_wage=insured_wage,
                    amount=_line_amount(terms, run_key, len(run_days)),
                )
            )

    for day in _sick_days(facts, terms.waiting_days, period_end):
        work_day = _is_work_day(day.day)
        if day.day < period_start:
            waiting_before += int(day.waiting and work_day)
            continue
        year, coverage_pct = _coverage(terms, day.clock_day)
        insured_wage = min(facts.yearly_wage, _wage_cap_on(wage_caps, day.day))
        key = (_category(facts, terms, day), day.absent_pct, year, coverage_pct, insured_wage)
        contiguous = previous is not None and day.day == previous + dt.timedelta(days=1)
        if key != run_key or not contiguous:
            close_run()
            run_key, run_days = key, []
        if work_day:
            run_days.append(day.day)
        previous = day.day
    close_run()
    return Statement(
        period_start=period_start,
        period_end=period_end,
        waiting_days=terms.waiting_days,
        waiting_days_before=waiting_before,
        lines=tuple(lines),
    )


# --- Poortwachter guarantee ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GuaranteeAmount:
    """The guarantee claim over a wage-sanction period: every work day of it, fully, at year 2's coverage."""

    period_start: dt.date
    period_end: dt.date
    work_days: int
    insured_yearly_wage: Decimal
    coverage_pct: Decimal
    employer_charges_pct: Decimal
    amount: Decimal  # rounded half up to cents

    @property
    def daily_wage(self) -> Decimal:
        return (self.insured_yearly_wage / WORK_DAYS_PER_YEAR).quantize(CENT, rounding=ROUND_HALF_UP)


def guarantee_amount(
    *,
    yearly_wage: Decimal,
    wage_caps: Sequence[WageCap],
    coverage_year2_pct: Decimal,
    employer_charges_pct: Decimal,
    period_start: dt.date,
    period_end: dt.date,
) -> GuaranteeAmount:
    """(insured yearly wage / 261) * work days * coverage % of year 2 * (1 + employer charges %) over the sanction.

    The sanction extends the wage obligation after the 104 weeks, so `statement` (which stops at clock day 728)
    does not apply. Work days are Monday to Friday, as in `statement`; the employee's wage is owed in full during
    the sanction, so there is no fraction absent and no waiting day; the insured wage is capped by the wage cap
    valid on the first day of the sanction; the coverage is that of the second year, the last one insured.
    """
    if period_end < period_start:
        raise ValueError(f"the period ends ({period_end}) before it starts ({period_start})")
    work_days = sum(
        1
        for offset in range((period_end - period_start).days + 1)
        if _is_work_day(period_start + dt.timedelta(days=offset))
    )
    insured_wage = min(yearly_wage, _wage_cap_on(wage_caps, period_start))
    amount = (
        insured_wage
        / WORK_DAYS_PER_YEAR
        * work_days
        * coverage_year2_pct
        / HUNDRED
        * (HUNDRED + employer_charges_pct)
        / HUNDRED
    ).quantize(CENT, rounding=ROUND_HALF_UP)
    return GuaranteeAmount(
        period_start=period_start,
        period_end=period_end,
        work_days=work_days,
        insured_yearly_wage=insured_wage,
        coverage_pct=coverage_year2_pct,
        employer_charges_pct=employer_charges_pct,
        amount=amount,
    )
