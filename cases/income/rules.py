"""Income consequences of long sickness for the employee (docs/domain.md §9): pure rules, no ORM and no settings.

All amounts are gross per month. "Wage" is the monthly wage capped at the maximum monthly wage (the maximum
daily wage x 21.75) *before* any percentage is applied; only a collective-agreement top-up is a percentage of the
uncapped wage (below). Every computation runs on exact Decimals and rounds half up to cents once, at the end
(`Phase.monthly_amount`).

The legal figures are dated: the set in force on the reference date is used for every phase, so the picture is
"today's money" (docs/domain.md: "figures by date"). A reference date before the oldest known figures is refused.

Choices written down here (docs/domain.md leaves them open):

* Incapacity classes are half-open: 35 ≤ x < 45 is the 28 % class, and so on; 80 % or more is never in a
  follow-up class (durable: IVA; not durable: the wage supplement).
* A difference that would be negative (earnings above the wage, a remaining capacity above the wage) counts
  as zero: a benefit is never negative.
* The year-1 floor is the minimum wage that applies to the employee (BW 7:629 lid 1 "het voor hem geldende
  minimumloon"), or the full (capped) wage when that is lower: the hourly minimum wage (Wet minimumloon en
  minimumvakantiebijslag art. 8 lid 1, `MINIMUM_WAGE_HOURLY`) x the employee's weekly hours x 52 / 12, not the
  36-hour reference month. For an employee under 21 on the reference date (``date_of_birth`` given) the hourly
  minimum is the youth percentage of it (Besluit minimumjeugdloonregeling art. 2 lid 1 as from 1 July 2019, Stb.
  2017, 270: 20 years 80 %, 19 years 60 %, 18 years 50 %, 17 years 39.5 %, 16 years 34.5 %, 15 years 30 %),
  rounded half up to cents as the published hourly youth amounts are; under 15 there is no minimum wage (art. 1 of
  that Besluit), so no floor. Without a date of birth the adult minimum applies.
* A collective-agreement top-up (``topup_year1_pct``, ``topup_year2_pct``) is a percentage of the uncapped wage:
  only the statutory 70 % is capped at the maximum daily wage (BW 7:629 lid 1). It replaces the statutory amount
  only when it is higher. When the percentages of the two years (the statutory 70 % for a year without a higher
  top-up) add up to more than 170 %, `income_warnings` says so (`TOPUPS_ABOVE_170`: the agreement of the
  Najaarsoverleg 2004 that cao parties limit the top-ups to 170 % over the two years, reported on by the Stichting
  van de Arbeid in "Bovenwettelijke aanvullingen loondoorbetaling bij ziekte", 10 February 2017); the amounts are
  computed all the same.
* The WGA amounts follow Wet WIA art. 60 and 61 (checked against the text of the law, decisions.md #176):
  the wage-related benefit is 75 % (two months) then 70 % of (wage - earnings x C/D) (art. 61 lid 1), where
  C/D is the capped daily wage / the uncapped daily wage (1 for a wage at or below the maximum). The wage
  supplement (art. 60 lid 1 a: earnings at least the income requirement of half the remaining capacity, art. 60
  lid 2) equals the 70 % wage-related formula when the earnings reach the remaining capacity or when there is no
  income requirement (art. 61 lid 2; art. 60 lid 3: able to earn at most 20 %, here 80 % or more and not
  durable), and otherwise 70 % of (wage - remaining capacity x G/H) (art. 61 lid 4).
* The length of the wage-related benefit (Wet WIA art. 59) is built as the WW duration (WW art. 42 lid 2 as from
  2016, with the years before 2016 kept at a month each; UWV "Arbeidsverleden van 11 jaar of langer"; issue 19
  item 3): each year of work history before 2016 counts a full month; a year from 2016 on counts a full month while
  it is one of the first 10 years and half a month beyond. The total is rounded down to whole months (the phases
  count whole months) and lies between 3 and 24. When the years before 2016 are not given, the history is taken to
  have run without a break up to the calendar year before the reference date (`years_before_2016`).
* The follow-up benefit is a share of the minimum wage, or of the (capped) wage when that is lower (Wet WIA
  art. 62: the maandloon replaces the minimum wage when it is lower), so no UWV phase exceeds the capped wage. That
  minimum wage is the monthly reference amount (`MINIMUM_WAGE_MONTHLY`), whatever the hours or the age.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

# Wet financiering sociale verzekeringen art. 17 lid 1: the maximum daily wage, indexed every 1 January.
MAX_DAILY_WAGE: tuple[tuple[date, Decimal], ...] = (
    (date(2025, 1, 1), Decimal("290.67")),
    (date(2026, 1, 1), Decimal("304.25")),
)
# Wet minimumloon en minimumvakantiebijslag: the monthly minimum wage at 36 hours a week, indexed twice a year.
MINIMUM_WAGE_MONTHLY: tuple[tuple[date, Decimal], ...] = (
    (date(2025, 1, 1), Decimal("2193.40")),
    (date(2025, 7, 1), Decimal("2245.80")),
    (date(2026, 1, 1), Decimal("2294.40")),
)
# Wet minimumloon en minimumvakantiebijslag art. 8 lid 1 (the minimum wage per hour since 2024, indexed under art. 14)
# for an employee of 21 or older: SZW's indexation decisions as published with the youth amounts (docs/domain.md §9).
MINIMUM_WAGE_HOURLY: tuple[tuple[date, Decimal], ...] = (
    (date(2025, 1, 1), Decimal("14.06")),
    (date(2025, 7, 1), Decimal("14.40")),
    (date(2026, 1, 1), Decimal("14.71")),
)
# Besluit minimumjeugdloonregeling art. 2 lid 1 (as from 1 July 2019, Stb. 2017, 270): the youth minimum wage as a
# percentage of the adult minimum, by age; 21 and older 100 %, under 15 none (art. 1).
ADULT_MINIMUM_WAGE_AGE = 21
YOUTH_MINIMUM_WAGE_PCT: dict[int, Decimal] = {
    20: Decimal(80),
    19: Decimal(60),
    18: Decimal(50),
    17: Decimal("39.5"),
    16: Decimal("34.5"),
    15: Decimal(30),
}
WEEKS_PER_YEAR = Decimal(52)
MONTHS_PER_YEAR = Decimal(12)
DAYS_PER_MONTH = Decimal("21.75")  # Dagloonbesluit: 261 working days a year / 12

YEAR1 = "year1"
YEAR2 = "year2"
WGA_WAGE_RELATED_FIRST = "wga_wage_related_first"
WGA_WAGE_RELATED = "wga_wage_related"
WGA_WAGE_SUPPLEMENT = "wga_wage_supplement"
WGA_FOLLOW_UP = "wga_follow_up"
IVA = "iva"
NO_BENEFIT = "no_benefit"
PHASE_CODES = (
    YEAR1,
    YEAR2,
    WGA_WAGE_RELATED_FIRST,
    WGA_WAGE_RELATED,
    WGA_WAGE_SUPPLEMENT,
    WGA_FOLLOW_UP,
    IVA,
    NO_BENEFIT,
)

PCT_YEAR = Decimal(70)
# Najaarsoverleg 2004 (Stichting van de Arbeid, 10 February 2017): the two sick years together at most 170 %.
TOPUPS_NORM_PCT = Decimal(170)
TOPUPS_ABOVE_170 = "topups_above_170_pct"
WARNING_CODES = (TOPUPS_ABOVE_170,)
PCT_IVA = Decimal(75)
PCT_WGA_FIRST = Decimal(75)
PCT_WGA = Decimal(70)
PCT_SUPPLEMENT = Decimal(70)
WIA_THRESHOLD_PCT = Decimal(35)
FULL_INCAPACITY_PCT = Decimal(80)
WGA_FIRST_MONTHS = 2
WGA_MIN_MONTHS = 3
WGA_MAX_MONTHS = 24
# Werkloosheidswet art. 42 lid 2: a full month a year for the first 10 years (and for every year before 2016).
WW_FULL_MONTH_YEARS = 10
WW_HALF_MONTH_FROM_YEAR = 2016
# Wet WIA art. 61: the follow-up benefit as a share of the minimum wage per incapacity class (lower bound).
FOLLOW_UP_CLASSES: tuple[tuple[Decimal, Decimal], ...] = (
    (Decimal(65), Decimal("50.75")),
    (Decimal(55), Decimal(42)),
    (Decimal(45), Decimal(35)),
    (Decimal(35), Decimal(28)),
)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


class NoLegalFigures(ValueError):
    """The reference date lies before the oldest legal figures this module knows."""


@dataclass(frozen=True)
class LegalFigures:
    max_daily_wage: Decimal
    minimum_wage_monthly: Decimal
    minimum_wage_hourly: Decimal  # for an employee of 21 or older

    @property
    def max_monthly_wage(self) -> Decimal:
        return self.max_daily_wage * DAYS_PER_MONTH


def _in_force(table: tuple[tuple[date, Decimal], ...], on: date) -> Decimal:
    value = None
    for valid_from, amount in table:
        if valid_from <= on:
            value = amount
    if value is None:
        raise NoLegalFigures(f"no legal figures before {table[0][0]} (asked for {on})")
    return value


def figures_on(reference_date: date) -> LegalFigures:
    """The maximum daily wage and the monthly and hourly minimum wage in force on ``reference_date``."""
    return LegalFigures(
        max_daily_wage=_in_force(MAX_DAILY_WAGE, reference_date),
        minimum_wage_monthly=_in_force(MINIMUM_WAGE_MONTHLY, reference_date),
        minimum_wage_hourly=_in_force(MINIMUM_WAGE_HOURLY, reference_date),
    )


def earliest_reference_date() -> date:
    return max(MAX_DAILY_WAGE[0][0], MINIMUM_WAGE_MONTHLY[0][0], MINIMUM_WAGE_HOURLY[0][0])


@dataclass(frozen=True)
class IncomeFacts:
    """The employee's situation. Percentages are 0-100; amounts gross per month."""

    monthly_wage: Decimal
    weekly_hours: Decimal  # the hours of the employee's contract
    reference_date: date
    work_history_years: int
    incapacity_pct: Decimal
    durable: bool
    remaining_capacity_monthly: Decimal
    expected_earnings_monthly: Decimal
    topup_year1_pct: Decimal | None = None
    topup_year2_pct: Decimal | None = None
    work_history_years_before_2016: int | None = None  # None: no break up to the reference date
    date_of_birth: date | None = None  # None: the adult minimum wage applies

    def __post_init__(self) -> None:
        for name in ("monthly_wage", "remaining_capacity_monthly", "expected_earnings_monthly"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")
        if not self.weekly_hours > 0:
            raise ValueError("weekly_hours must be more than 0")
        if self.date_of_birth is not None and self.date_of_birth >= self.reference_date:
            raise ValueError("date_of_birth must lie before the reference date")
        for name in ("incapacity_pct", "topup_year1_pct", "topup_year2_pct"):
            value = getattr(self, name)
            if value is not None and not Decimal(0) <= value <= HUNDRED:
                raise ValueError(f"{name} must lie between 0 and 100")
        if self.work_history_years < 0:
            raise ValueError("work_history_years cannot be negative")
        before = self.work_history_years_before_2016
        if before is not None and not 0 <= before <= self.work_history_years:
            raise ValueError("work_history_years_before_2016 must lie between 0 and work_history_years")


@dataclass(frozen=True)
class Phase:
    code: str  # one of PHASE_CODES
    months: int | None  # None: the phase has no end (until state pension age or a new assessment)
    monthly_amount: Decimal  # rounded half up to cents


def capped_wage(facts: IncomeFacts, figures: LegalFigures) -> Decimal:
    return min(facts.monthly_wage, figures.max_monthly_wage)


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years of age on ``day`` (someone born on 29 February turns a year older on 1 March)."""
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def minimum_wage_hourly_for(facts: IncomeFacts, figures: LegalFigures) -> Decimal:
    """The hourly minimum wage that applies to the employee on the reference date (0 under 15).

    21 or older, or no date of birth: the adult hourly minimum. 15 to 20: the youth percentage of it, rounded half up
    to cents (Besluit minimumjeugdloonregeling art. 2 lid 1; the published hourly youth amounts are so rounded).
    """
    if facts.date_of_birth is None:
        return figures.minimum_wage_hourly
    age = age_on(facts.date_of_birth, facts.reference_date)
    if age >= ADULT_MINIMUM_WAGE_AGE:
        return figures.minimum_wage_hourly
    pct = YOUTH_MINIMUM_WAGE_PCT.get(age)
    if pct is None:
        return Decimal(0)
    return _share(pct, figures.minimum_wage_hourly).quantize(CENT, rounding=ROUND_HALF_UP)


def applicable_minimum_wage_monthly(facts: IncomeFacts, figures: LegalFigures) -> Decimal:
    """The minimum wage that applies to the employee per month: hourly minimum x weekly hours x 52 / 12 (unrounded)."""
    return minimum_wage_hourly_for(facts, figures) * facts.weekly_hours * WEEKS_PER_YEAR / MONTHS_PER_YEAR


def _year_pct(topup: Decimal | None) -> Decimal:
    """The percentage of the wage paid in a sick year: the top-up when it is higher than the statutory 70 %."""
    return max(PCT_YEAR, topup or Decimal(0))


def income_warnings(facts: IncomeFacts) -> tuple[str, ...]:
    """Codes of what the employee should know about the facts (`WARNING_CODES`); the amounts are computed anyway."""
    warnings: list[str] = []
    if _year_pct(facts.topup_year1_pct) + _year_pct(facts.topup_year2_pct) > TOPUPS_NORM_PCT:
        warnings.append(TOPUPS_ABOVE_170)
    return tuple(warnings)


def years_before_2016(work_history_years: int, reference_date: date, given: int | None = None) -> int:
    """The years of work history before 2016: ``given``, or those of a history without a break up to the reference
    date (its last full calendar year is the one before the reference date's year)."""
    if given is not None:
        return given
    years_from_2016 = max(reference_date.year - WW_HALF_MONTH_FROM_YEAR, 0)
    return max(work_history_years - years_from_2016, 0)


def wga_wage_related_months(work_history_years: int, years_before_2016: int) -> int:
    """The WW duration (Werkloosheidswet art. 42 lid 2): a month per year before 2016; from 2016 on a month per year
    while within the first 10 years, half a month beyond; rounded down to whole months, 3 to 24."""
    if not 0 <= years_before_2016 <= work_history_years:
        raise ValueError("years_before_2016 must lie between 0 and work_history_years")
    years_from_2016 = work_history_years - years_before_2016
    full_from_2016 = min(years_from_2016, max(WW_FULL_MONTH_YEARS - years_before_2016, 0))
    months = Decimal(years_before_2016 + full_from_2016) + Decimal(years_from_2016 - full_from_2016) / 2
    whole = int(months.to_integral_value(rounding=ROUND_DOWN))
    return max(WGA_MIN_MONTHS, min(WGA_MAX_MONTHS, whole))


def wage_related_months_for(facts: IncomeFacts) -> int:
    """The length of the wage-related benefit for ``facts`` (the years before 2016 filled in when not given)."""
    before = years_before_2016(facts.work_history_years, facts.reference_date, facts.work_history_years_before_2016)
    return wga_wage_related_months(facts.work_history_years, before)


def follow_up_pct(incapacity_pct: Decimal) -> Decimal:
    """Share of the minimum wage for the incapacity class (35 ≤ x < 80)."""
    if not WIA_THRESHOLD_PCT <= incapacity_pct < FULL_INCAPACITY_PCT:
        raise ValueError(f"no follow-up class for {incapacity_pct}%")
    for lower_bound, pct in FOLLOW_UP_CLASSES:
        if incapacity_pct >= lower_bound:
            return pct
    raise AssertionError("unreachable: the classes cover 35 to 80")  # pragma: no cover


def gets_wage_supplement(facts: IncomeFacts) -> bool:
    """After the wage-related benefit: earnings at least half the remaining capacity, or 80 %+ not durably.

    Wet WIA art. 60 lid 1 a, lid 2 (the income requirement is half the remaining capacity) and lid 3 (none for who
    can earn at most 20 %).
    """
    if facts.incapacity_pct >= FULL_INCAPACITY_PCT and not facts.durable:
        return True
    return facts.expected_earnings_monthly * 2 >= facts.remaining_capacity_monthly


def scaled_to_cap(amount: Decimal, facts: IncomeFacts, figures: LegalFigures) -> Decimal:
    """``amount`` x capped daily wage / uncapped daily wage (Wet WIA art. 61 lid 1 C/D and lid 4 G/H).

    The capped and uncapped monthly wages are the daily wages x 21.75, so their ratio is the same; a wage at or
    below the maximum leaves the amount as it is.
    """
    wage = capped_wage(facts, figures)
    if wage >= facts.monthly_wage:
        return amount
    return amount * wage / facts.monthly_wage


def wage_supplement(facts: IncomeFacts, figures: LegalFigures) -> Decimal:
    """The monthly wage supplement before rounding (Wet WIA art. 60 and 61 lid 2-4); needs `gets_wage_supplement`.

    * Earnings at least the remaining capacity, or no income requirement (80 % or more, not durable: art. 60
      lid 3): the 70 % wage-related formula, 0.7 x (wage - earnings x C/D) (art. 61 lid 2 with lid 1 b).
    * Earnings at least half of but below the remaining capacity: 0.7 x (wage - capacity x G/H) (art. 61 lid 4).
    """
    wage = capped_wage(facts, figures)
    no_income_requirement = facts.incapacity_pct >= FULL_INCAPACITY_PCT and not facts.durable
    if no_income_requirement or facts.expected_earnings_monthly >= facts.remaining_capacity_monthly:
        return _share(PCT_SUPPLEMENT, wage - scaled_to_cap(facts.expected_earnings_monthly, facts, figures))
    return _share(PCT_SUPPLEMENT, wage - scaled_to_cap(facts.remaining_capacity_monthly, facts, figures))


def _share(pct: Decimal, amount: Decimal) -> Decimal:
    return pct * amount / HUNDRED


def _cents(amount: Decimal) -> Decimal:
    return max(amount, Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)


def income_phases(facts: IncomeFacts) -> tuple[Phase, ...]:
    """Every phase of income from the first sick month on, in order (docs/domain.md §9)."""
    figures = figures_on(facts.reference_date)
    wage = capped_wage(facts, figures)

    # BW 7:629 lid 1: 70 % of the capped wage, in year one at least the employee's own minimum wage (or the wage when
    # that is lower); a top-up is a percentage of the uncapped wage and counts when it is higher.
    floor = min(applicable_minimum_wage_monthly(facts, figures), wage)
    year1 = max(_share(PCT_YEAR, wage), _share(facts.topup_year1_pct or Decimal(0), facts.monthly_wage), floor)
    year2 = max(_share(PCT_YEAR, wage), _share(facts.topup_year2_pct or Decimal(0), facts.monthly_wage))
    phases = [Phase(YEAR1, 12, _cents(year1)), Phase(YEAR2, 12, _cents(year2))]

    if facts.incapacity_pct < WIA_THRESHOLD_PCT:
        return (*phases, Phase(NO_BENEFIT, None, _cents(Decimal(0))))
    if facts.incapacity_pct >= FULL_INCAPACITY_PCT and facts.durable:
        return (*phases, Phase(IVA, None, _cents(_share(PCT_IVA, wage))))

    # Wet WIA art. 61 lid 1: A - B x C/D, the earnings scaled by capped / uncapped wage.
    lost = wage - scaled_to_cap(facts.expected_earnings_monthly, facts, figures)
    total_months = wage_related_months_for(facts)
    phases.append(Phase(WGA_WAGE_RELATED_FIRST, WGA_FIRST_MONTHS, _cents(_share(PCT_WGA_FIRST, lost))))
    phases.append(Phase(WGA_WAGE_RELATED, total_months - WGA_FIRST_MONTHS, _cents(_share(PCT_WGA, lost))))
    if gets_wage_supplement(facts):
        phases.append(Phase(WGA_WAGE_SUPPLEMENT, None, _cents(wage_supplement(facts, figures))))
    else:
        base = min(figures.minimum_wage_monthly, wage)
        follow_up = _share(follow_up_pct(facts.incapacity_pct), base)
        phases.append(Phase(WGA_FOLLOW_UP, None, _cents(follow_up)))
    return tuple(phases)


def monthly_series(phases: tuple[Phase, ...], *, open_ended_months: int) -> list[tuple[int, Phase]]:
    """(month number from 1, phase) for every month, showing each open-ended phase for ``open_ended_months``."""
    series: list[tuple[int, Phase]] = []
    for phase in phases:
        for _month in range(phase.months if phase.months is not None else open_ended_months):
            series.append((len(series) + 1, phase))
    return series
