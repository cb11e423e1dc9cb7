"""cases/income/rules.py: the income consequences of docs/domain.md §9, branch by branch and boundary by boundary."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.income import rules as income
from cases.income.rules import IncomeFacts, Phase

REF = dt.date(2026, 6, 1)
MIN_WAGE_2026 = Decimal("2294.40")


def facts(**overrides: Any) -> IncomeFacts:
    values: dict[str, Any] = {
        "monthly_wage": Decimal(4000),
        "weekly_hours": Decimal(36),
        "reference_date": REF,
        "work_history_years": 12,
        "incapacity_pct": Decimal(50),
        "durable": False,
        "remaining_capacity_monthly": Decimal(2000),
        "expected_earnings_monthly": Decimal(1000),
    }
    values.update(overrides)
    return IncomeFacts(**values)


def by_code(phases: tuple[Phase, ...]) -> dict[str, Phase]:
    return {phase.code: phase for phase in phases}


def test_acceptance_example_gives_every_phase_with_its_months_and_amount() -> None:
    assert income.income_phases(facts()) == (
        Phase("year1", 12, Decimal("2800.00")),
        Phase("year2", 12, Decimal("2800.00")),
        Phase("wga_wage_related_first", 2, Decimal("2250.00")),
        Phase("wga_wage_related", 9, Decimal("2100.00")),
        Phase("wga_wage_supplement", None, Decimal("1400.00")),
    )


def test_incapacity_below_35_pct_gives_a_single_no_benefit_phase_after_year_two() -> None:
    phases = income.income_phases(facts(incapacity_pct=Decimal(30)))
    assert [p.code for p in phases] == ["year1", "year2", "no_benefit"]
    assert phases[-1] == Phase("no_benefit", None, Decimal("0.00"))


def test_just_below_35_pct_is_no_benefit_and_35_pct_is_wga() -> None:
    assert income.income_phases(facts(incapacity_pct=Decimal("34.99")))[-1].code == "no_benefit"
    assert income.income_phases(facts(incapacity_pct=Decimal(35)))[2].code == "wga_wage_related_first"


def test_80_pct_and_durable_gives_iva_at_75_pct_of_wage_without_end() -> None:
    phases = income.income_phases(facts(incapacity_pct=Decimal(80), durable=True))
    assert [p.code for p in phases] == ["year1", "year2", "iva"]
    assert phases[-1] == Phase("iva", None, Decimal("3000.00"))


def test_just_below_80_pct_durable_is_wga_not_iva() -> None:
    phases = income.income_phases(facts(incapacity_pct=Decimal("79.99"), durable=True))
    assert phases[2].code == "wga_wage_related_first"


def test_80_pct_not_durable_gets_the_wage_supplement_even_without_earnings() -> None:
    phases = income.income_phases(
        facts(incapacity_pct=Decimal(90), remaining_capacity_monthly=Decimal(400), expected_earnings_monthly=Decimal(0))
    )
    # Updated for issue 19: the old expectation 2520.00 (70% of wage - capacity) encoded a wrong rule. Without an
    # income requirement (Wet WIA art. 60 lid 3) the supplement is 70% of (wage - earnings) (art. 61 lid 2).
    assert phases[-1] == Phase("wga_wage_supplement", None, Decimal("2800.00"))  # 70% of (4000 - 0)


# --- Issue 19, items 1 and 2: Wet WIA art. 60-61 ------------------------------------------------------------


def test_earnings_above_the_remaining_capacity_give_70_pct_of_wage_minus_earnings() -> None:
    # Wet WIA art. 61 lid 2: 70% x (4000 - 2500), not 70% x (4000 - 2000) = 1400.00.
    phases = income.income_phases(facts(expected_earnings_monthly=Decimal(2500)))
    assert phases[-1] == Phase("wga_wage_supplement", None, Decimal("1050.00"))


def test_earnings_between_half_and_all_of_the_capacity_give_70_pct_of_wage_minus_capacity() -> None:
    # Wet WIA art. 61 lid 4: 70% x (4000 - 2000), whatever is earned between 1000 and 2000.
    for earned in (Decimal(1000), Decimal(1500), Decimal("1999.99")):
        assert income.income_phases(facts(expected_earnings_monthly=earned))[-1] == Phase(
            "wga_wage_supplement", None, Decimal("1400.00")
        )
    # At exactly the capacity lid 2 applies, and both formulas give the same amount.
    assert income.income_phases(facts(expected_earnings_monthly=Decimal(2000)))[-1].monthly_amount == Decimal("1400.00")


def test_85_pct_not_durable_gets_70_pct_of_the_wage_without_earnings() -> None:
    # Wet WIA art. 60 lid 3 with art. 61 lid 2: no income requirement, 70% x (4000 - 0), not 70% x (4000 - 600).
    phases = income.income_phases(
        facts(incapacity_pct=Decimal(85), remaining_capacity_monthly=Decimal(600), expected_earnings_monthly=Decimal(0))
    )
    assert phases[-1] == Phase("wga_wage_supplement", None, Decimal("2800.00"))


def test_a_wage_above_the_maximum_scales_earnings_and_capacity_by_capped_over_uncapped() -> None:
    # Wet WIA art. 61 lid 1 (C/D) and lid 4 (G/H). 2026: cap 304.25 x 21.75 = 6617.4375, factor 6617.4375 / 9000;
    # earnings 3000 count as 2205.8125, capacity 4500 as 3308.71875.
    phases = by_code(
        income.income_phases(
            facts(
                monthly_wage=Decimal(9000),
                remaining_capacity_monthly=Decimal(4500),
                expected_earnings_monthly=Decimal(3000),
            )
        )
    )
    assert phases["wga_wage_related_first"].monthly_amount == Decimal("3308.72")
    assert phases["wga_wage_related"].monthly_amount == Decimal("3088.14")
    assert phases["wga_wage_supplement"].monthly_amount == Decimal("2316.10")


def test_a_wage_at_the_maximum_leaves_earnings_unscaled() -> None:
    cap = Decimal("304.25") * Decimal("21.75")
    phases = by_code(income.income_phases(facts(monthly_wage=cap, expected_earnings_monthly=Decimal(2000))))
    assert phases["wga_wage_related"].monthly_amount == Decimal("3232.21")  # 0.7 x (6617.4375 - 2000)


# Werkloosheidswet art. 42 lid 2 (issue 19 item 3). The old expectations (one month a year for 10 years, half a
# month beyond, whatever the calendar years) hold now only for a history that lies wholly from 2016 on (before=0).
@pytest.mark.parametrize(
    ("years", "before", "months"),
    [
        (0, 0, 3),
        (2, 0, 3),
        (3, 0, 3),
        (4, 0, 4),
        (10, 0, 10),
        (11, 0, 10),
        (12, 0, 11),
        (13, 0, 11),
        (38, 0, 24),
        (50, 0, 24),
        # Every year before 2016 counts a full month, also beyond the tenth.
        (12, 12, 12),
        (20, 20, 20),
        (30, 30, 24),
        # From 2016 on: a full month while within the first 10 years, half a month beyond.
        (14, 4, 12),
        (26, 14, 20),
        (26, 20, 23),  # UWV's example (Jeroen): 20 + 6 x 0.5
        (11, 9, 10),
        (13, 9, 11),
    ],
)
def test_wage_related_length_follows_the_ww_with_a_full_month_per_year_before_2016(
    years: int, before: int, months: int
) -> None:
    assert income.wga_wage_related_months(years, before) == months


def test_issue_example_26_years_of_which_14_before_2016_give_20_months() -> None:
    phases = by_code(income.income_phases(facts(work_history_years=26, work_history_years_before_2016=14)))
    assert phases["wga_wage_related_first"].months == 2
    assert phases["wga_wage_related"].months == 18


@pytest.mark.parametrize(
    ("years", "reference_date", "before"),
    [
        (26, dt.date(2026, 6, 1), 16),  # 2016-2025 are 10 years from 2016 on
        (26, dt.date(2025, 1, 1), 17),
        (8, dt.date(2026, 6, 1), 0),
        (0, dt.date(2026, 6, 1), 0),
    ],
)
def test_without_the_years_before_2016_the_history_runs_without_a_break_up_to_the_reference_date(
    years: int, reference_date: dt.date, before: int
) -> None:
    assert income.years_before_2016(years, reference_date) == before
    assert income.years_before_2016(years, reference_date, 3) == 3
    phases = by_code(income.income_phases(facts(work_history_years=years, reference_date=reference_date)))
    expected = income.wga_wage_related_months(years, before)
    assert phases["wga_wage_related_first"].months + phases["wga_wage_related"].months == expected  # type: ignore[operator]


def test_26_years_without_a_break_to_2026_give_21_months() -> None:
    assert income.wage_related_months_for(facts(work_history_years=26)) == 21  # 16 + 10 x 0.5


def test_more_years_before_2016_than_in_total_are_refused() -> None:
    with pytest.raises(ValueError, match="work_history_years_before_2016"):
        facts(work_history_years=5, work_history_years_before_2016=6)
    with pytest.raises(ValueError, match="years_before_2016"):
        income.wga_wage_related_months(5, 6)


def test_wage_related_phases_split_into_two_first_months_and_the_rest() -> None:
    phases = by_code(income.income_phases(facts(work_history_years=0)))
    assert phases["wga_wage_related_first"].months == 2
    assert phases["wga_wage_related"].months == 1


def test_earnings_of_exactly_half_the_remaining_capacity_give_the_wage_supplement() -> None:
    phases = income.income_phases(
        facts(expected_earnings_monthly=Decimal(1000), remaining_capacity_monthly=Decimal(2000))
    )
    assert phases[-1].code == "wga_wage_supplement"


def test_earnings_a_cent_below_half_the_remaining_capacity_give_the_follow_up_benefit() -> None:
    phases = income.income_phases(
        facts(expected_earnings_monthly=Decimal("999.99"), remaining_capacity_monthly=Decimal(2000))
    )
    # 50% incapacity: class 45-55, 35% of the minimum wage of 2026.
    assert phases[-1] == Phase("wga_follow_up", None, Decimal("803.04"))


@pytest.mark.parametrize(
    ("incapacity", "pct"),
    [
        ("35", "28"),
        ("44.99", "28"),
        ("45", "35"),
        ("54.99", "35"),
        ("55", "42"),
        ("64.99", "42"),
        ("65", "50.75"),
        ("79.99", "50.75"),
    ],
)
def test_follow_up_benefit_is_the_class_share_of_the_minimum_wage(incapacity: str, pct: str) -> None:
    phases = income.income_phases(
        facts(
            incapacity_pct=Decimal(incapacity),
            expected_earnings_monthly=Decimal(0),
            remaining_capacity_monthly=Decimal(1),
        )
    )
    expected = (Decimal(pct) * MIN_WAGE_2026 / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert phases[-1] == Phase("wga_follow_up", None, expected)


def test_follow_up_benefit_uses_the_wage_when_it_is_below_the_minimum_wage() -> None:
    phases = income.income_phases(
        facts(monthly_wage=Decimal(1000), expected_earnings_monthly=Decimal(0), remaining_capacity_monthly=Decimal(500))
    )
    assert phases[-1] == Phase("wga_follow_up", None, Decimal("350.00"))  # 35% of 1000, not of 2294.40


def test_wage_above_the_maximum_is_capped_before_any_percentage() -> None:
    # 2026: 304.25 x 21.75 = 6617.4375 a month.
    phases = by_code(income.income_phases(facts(monthly_wage=Decimal(10000), incapacity_pct=Decimal(80), durable=True)))
    assert phases["year1"].monthly_amount == Decimal("4632.21")  # 70% of 6617.4375 = 4632.20625
    assert phases["iva"].monthly_amount == Decimal("4963.08")  # 75% of 6617.4375 = 4963.078125


def test_the_cap_follows_the_reference_date() -> None:
    # 2025: 290.67 x 21.75 = 6322.0725 a month; 70% = 4425.45075.
    phases = income.income_phases(facts(monthly_wage=Decimal(10000), reference_date=dt.date(2025, 12, 31)))
    assert phases[0].monthly_amount == Decimal("4425.45")


def test_a_wage_just_at_the_cap_is_not_reduced() -> None:
    assert income.capped_wage(facts(monthly_wage=Decimal("6617.43")), income.figures_on(REF)) == Decimal("6617.43")


@pytest.mark.parametrize(
    ("on", "minimum"),
    [
        (dt.date(2025, 1, 1), "2193.40"),
        (dt.date(2025, 6, 30), "2193.40"),
        (dt.date(2025, 7, 1), "2245.80"),
        (dt.date(2025, 12, 31), "2245.80"),
        (dt.date(2026, 1, 1), "2294.40"),
    ],
)
def test_minimum_wage_is_the_one_in_force_on_the_reference_date(on: dt.date, minimum: str) -> None:
    assert income.figures_on(on).minimum_wage_monthly == Decimal(minimum)


def test_year_one_never_falls_below_the_minimum_wage_but_year_two_may() -> None:
    phases = income.income_phases(facts(monthly_wage=Decimal(2500)))
    assert phases[0].monthly_amount == Decimal("2294.76")  # 14.71 x 36 x 52 / 12 = 2294.76; 70% would be 1750
    assert phases[1].monthly_amount == Decimal("1750.00")


# --- The minimum wage that applies to the employee (BW 7:629 lid 1) ------------------------------------------------


@pytest.mark.parametrize(
    ("wage", "hours", "year1"),
    [("3000", "40", "2549.73"), ("1500", "20", "1274.87")],  # 14.71 x 40 x 52 / 12 = 2549.733; x 20 = 1274.867
)
def test_issue_examples_year_one_floor_is_the_hourly_minimum_times_the_weekly_hours(
    wage: str, hours: str, year1: str
) -> None:
    phases = income.income_phases(facts(monthly_wage=Decimal(wage), weekly_hours=Decimal(hours)))
    assert phases[0] == Phase("year1", 12, Decimal(year1))
    assert phases[1].monthly_amount == Decimal(wage) * 7 / 10  # the floor is for the first year only


@pytest.mark.parametrize(
    ("on", "hourly"),
    [
        (dt.date(2025, 1, 1), "14.06"),
        (dt.date(2025, 6, 30), "14.06"),
        (dt.date(2025, 7, 1), "14.40"),
        (dt.date(2025, 12, 31), "14.40"),
        (dt.date(2026, 1, 1), "14.71"),
    ],
)
def test_the_hourly_minimum_wage_is_the_one_in_force_on_the_reference_date(on: dt.date, hourly: str) -> None:
    assert income.figures_on(on).minimum_wage_hourly == Decimal(hourly)


# The published hourly minimum (youth) wages, ages 21+, 20, 19, 18, 17, 16 and 15 (SZW's indexation decisions).
PUBLISHED_HOURLY = {
    dt.date(2025, 1, 1): ("14.06", "11.25", "8.44", "7.03", "5.55", "4.85", "4.22"),
    dt.date(2025, 7, 1): ("14.40", "11.52", "8.64", "7.20", "5.69", "4.97", "4.32"),
    dt.date(2026, 1, 1): ("14.71", "11.77", "8.83", "7.36", "5.81", "5.07", "4.41"),
}


@pytest.mark.parametrize("on", sorted(PUBLISHED_HOURLY))
def test_the_youth_minimum_per_hour_matches_the_published_amounts(on: dt.date) -> None:
    figures = income.figures_on(on)
    for age, published in zip((21, 20, 19, 18, 17, 16, 15), PUBLISHED_HOURLY[on], strict=True):
        born = dt.date(on.year - age, 1, 1)
        assert income.minimum_wage_hourly_for(facts(reference_date=on, date_of_birth=born), figures) == Decimal(
            published
        ), age


def test_the_youth_floor_applies_by_the_age_on_the_reference_date() -> None:
    # 20 on the reference date: 11.77 x 40 x 52 / 12 = 2040.13; the day they turn 21: the adult 2549.73.
    twenty = facts(monthly_wage=Decimal(2200), weekly_hours=Decimal(40), date_of_birth=dt.date(2005, 6, 2))
    assert income.income_phases(twenty)[0].monthly_amount == Decimal("2040.13")
    twenty_one = facts(monthly_wage=Decimal(2200), weekly_hours=Decimal(40), date_of_birth=dt.date(2005, 6, 1))
    assert income.income_phases(twenty_one)[0].monthly_amount == Decimal("2200.00")  # the floor, capped at the wage
    no_birth_date = facts(monthly_wage=Decimal(2200), weekly_hours=Decimal(40))
    assert income.income_phases(no_birth_date)[0].monthly_amount == Decimal("2200.00")


def test_under_15_there_is_no_minimum_wage_floor() -> None:
    young = facts(monthly_wage=Decimal(200), weekly_hours=Decimal(10), date_of_birth=dt.date(2011, 6, 2))  # 14
    assert income.income_phases(young)[0].monthly_amount == Decimal("140.00")  # 70%, no floor
    fifteen = facts(monthly_wage=Decimal(200), weekly_hours=Decimal(10), date_of_birth=dt.date(2011, 6, 1))
    assert income.income_phases(fifteen)[0].monthly_amount == Decimal("191.10")  # 4.41 x 10 x 52 / 12


def test_someone_born_on_29_february_turns_a_year_older_on_1_march() -> None:
    assert income.age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert income.age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18


def test_the_floor_is_never_above_the_wage_itself() -> None:
    phases = income.income_phases(facts(monthly_wage=Decimal(2000), weekly_hours=Decimal(40)))
    assert phases[0].monthly_amount == Decimal("2000.00")  # not 2549.73


def test_the_follow_up_benefit_keeps_the_reference_minimum_wage_whatever_the_hours_or_age() -> None:
    for hours, born in (("20", None), ("40", dt.date(2007, 1, 1))):
        phases = income.income_phases(
            facts(
                weekly_hours=Decimal(hours),
                date_of_birth=born,
                incapacity_pct=Decimal(40),
                expected_earnings_monthly=Decimal(0),
            )
        )
        assert phases[-1] == Phase("wga_follow_up", None, Decimal("642.43"))  # 28% of 2294.40


# --- Top-ups (collective agreement) -------------------------------------------------------------------------------


def test_a_top_up_is_paid_on_the_uncapped_wage_and_only_the_statutory_70_pct_is_capped() -> None:
    # 2026 cap 6617.4375 a month: 70% of it is 4632.21; 100% / 80% of the whole 10,000 wage.
    topped = income.income_phases(
        facts(monthly_wage=Decimal(10000), topup_year1_pct=Decimal(100), topup_year2_pct=Decimal(80))
    )
    assert (topped[0].monthly_amount, topped[1].monthly_amount) == (Decimal("10000.00"), Decimal("8000.00"))
    statutory = income.income_phases(facts(monthly_wage=Decimal(10000)))
    assert (statutory[0].monthly_amount, statutory[1].monthly_amount) == (Decimal("4632.21"), Decimal("4632.21"))


@pytest.mark.parametrize(
    ("year1", "year2", "warned"),
    [
        ("100", "80", True),  # 180%
        ("100", "70.01", True),
        ("100", "70", False),  # exactly 170%
        ("100", None, False),  # 100 + the statutory 70
        (None, None, False),
        ("85", "85.01", True),
        ("60", "100", False),  # the 60% top-up is below the statutory 70%: 70 + 100
    ],
)
def test_top_ups_above_170_pct_over_the_two_years_are_flagged_and_still_computed(
    year1: str | None, year2: str | None, warned: bool
) -> None:
    case = facts(topup_year1_pct=Decimal(year1) if year1 else None, topup_year2_pct=Decimal(year2) if year2 else None)
    assert income.income_warnings(case) == (("topups_above_170_pct",) if warned else ())
    if year1 and year2:
        phases = income.income_phases(case)
        expected = (max(Decimal(year1), Decimal(70)) * 40, max(Decimal(year2), Decimal(70)) * 40)  # % of 4000
        assert (phases[0].monthly_amount, phases[1].monthly_amount) == expected


def test_year_one_floor_is_the_full_wage_when_that_is_below_the_minimum_wage() -> None:
    phases = income.income_phases(facts(monthly_wage=Decimal(2000)))
    assert phases[0].monthly_amount == Decimal("2000.00")
    assert phases[1].monthly_amount == Decimal("1400.00")


def test_top_ups_replace_the_70_pct_only_when_higher() -> None:
    higher = income.income_phases(facts(topup_year1_pct=Decimal(100), topup_year2_pct=Decimal(85)))
    assert (higher[0].monthly_amount, higher[1].monthly_amount) == (Decimal("4000.00"), Decimal("3400.00"))
    lower = income.income_phases(facts(topup_year1_pct=Decimal(60), topup_year2_pct=Decimal(50)))
    assert (lower[0].monthly_amount, lower[1].monthly_amount) == (Decimal("2800.00"), Decimal("2800.00"))


def test_amounts_round_half_up_to_cents_at_the_end() -> None:
    # 70% of 3000.15 = 2100.105: half up gives .11 (banker's rounding would give .10).
    assert income.income_phases(facts(monthly_wage=Decimal("3000.15")))[1].monthly_amount == Decimal("2100.11")


def test_earnings_above_the_wage_give_a_zero_not_a_negative_wage_related_benefit() -> None:
    phases = by_code(income.income_phases(facts(expected_earnings_monthly=Decimal(5000))))
    assert phases["wga_wage_related"].monthly_amount == Decimal("0.00")


def test_reference_date_before_the_known_figures_is_refused() -> None:
    with pytest.raises(income.NoLegalFigures):
        income.income_phases(facts(reference_date=dt.date(2024, 12, 31)))


def test_a_reference_date_after_the_last_known_figures_uses_the_latest() -> None:
    assert income.figures_on(dt.date(2027, 6, 1)) == income.figures_on(dt.date(2026, 1, 1))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"monthly_wage": Decimal(-1)}, "monthly_wage cannot be negative"),
        ({"incapacity_pct": Decimal("100.01")}, "incapacity_pct must lie between 0 and 100"),
        ({"topup_year1_pct": Decimal(-1)}, "topup_year1_pct must lie between 0 and 100"),
        ({"work_history_years": -1}, "work_history_years cannot be negative"),
        ({"expected_earnings_monthly": Decimal("-0.01")}, "expected_earnings_monthly cannot be negative"),
        ({"weekly_hours": Decimal(0)}, "weekly_hours must be more than 0"),
        ({"date_of_birth": REF}, "date_of_birth must lie before the reference date"),
    ],
)
def test_impossible_facts_are_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        facts(**overrides)


# --- Properties ----------------------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=20000, places=2, allow_nan=False, allow_infinity=False)
pct = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
hours = st.decimals(min_value=Decimal("0.01"), max_value=60, places=2, allow_nan=False, allow_infinity=False)
ref_dates = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31))


@st.composite
def _any_facts(draw: st.DrawFn) -> IncomeFacts:
    reference_date = draw(ref_dates)
    day_before = reference_date - dt.timedelta(days=1)
    # Adults and, as often, the youth scale (14 to 21 years old on the reference date).
    date_of_birth = draw(
        st.none()
        | st.dates(min_value=dt.date(1950, 1, 1), max_value=day_before)
        | st.dates(min_value=reference_date - dt.timedelta(days=22 * 366), max_value=day_before)
    )
    return IncomeFacts(
        monthly_wage=draw(money),
        weekly_hours=draw(hours),
        date_of_birth=date_of_birth,
        reference_date=reference_date,
        work_history_years=draw(st.integers(min_value=0, max_value=50)),
        incapacity_pct=draw(pct),
        durable=draw(st.booleans()),
        remaining_capacity_monthly=draw(money),
        expected_earnings_monthly=draw(money),
        topup_year1_pct=draw(st.none() | pct),
        topup_year2_pct=draw(st.none() | pct),
        work_history_years_before_2016=draw(st.none() | st.just(0)),
    )


any_facts = _any_facts()
YEAR_PHASES = ("year1", "year2")


@given(any_facts)
def test_no_uwv_phase_exceeds_the_capped_wage_and_no_year_phase_the_wage(case: IncomeFacts) -> None:
    cap = income.capped_wage(case, income.figures_on(case.reference_date)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    for phase in income.income_phases(case):
        # A top-up is at most 100% of the uncapped wage; without one the employer pays at most the capped wage.
        topped = case.topup_year1_pct is not None or case.topup_year2_pct is not None
        ceiling = case.monthly_wage if phase.code in YEAR_PHASES and topped else cap
        assert Decimal(0) <= phase.monthly_amount <= ceiling


@given(any_facts, money)
def test_a_higher_wage_never_lowers_any_phase(case: IncomeFacts, extra: Decimal) -> None:
    higher = dataclasses.replace(case, monthly_wage=case.monthly_wage + extra)
    base, more = income.income_phases(case), income.income_phases(higher)
    assert [(p.code, p.months) for p in more] == [(p.code, p.months) for p in base]
    for before, after in zip(base, more, strict=True):
        assert after.monthly_amount >= before.monthly_amount, before.code


@given(any_facts, hours)
def test_more_hours_never_lower_any_phase(case: IncomeFacts, extra: Decimal) -> None:
    more = dataclasses.replace(case, weekly_hours=case.weekly_hours + extra)
    for before, after in zip(income.income_phases(case), income.income_phases(more), strict=True):
        assert after.monthly_amount >= before.monthly_amount, before.code


@given(any_facts, money)
def test_more_earnings_never_lower_the_total_income_of_a_wage_supplement_month(
    case: IncomeFacts, extra: Decimal
) -> None:
    # Put the case in the wage-supplement phase: earnings at least half the remaining capacity.
    base = IncomeFacts(
        **{
            **case.__dict__,
            "incapacity_pct": max(case.incapacity_pct, Decimal(35)) if case.incapacity_pct < 80 else Decimal(50),
            "expected_earnings_monthly": max(case.expected_earnings_monthly, case.remaining_capacity_monthly / 2),
        }
    )
    more = IncomeFacts(**{**base.__dict__, "expected_earnings_monthly": base.expected_earnings_monthly + extra})

    def supplement_month_total(f: IncomeFacts) -> Decimal:
        last = income.income_phases(f)[-1]
        assert last.code == "wga_wage_supplement"
        return last.monthly_amount + f.expected_earnings_monthly

    assert supplement_month_total(more) >= supplement_month_total(base)


@given(any_facts)
def test_the_wage_related_phases_last_the_computed_length_together(case: IncomeFacts) -> None:
    phases = by_code(income.income_phases(case))
    if "wga_wage_related_first" in phases:
        total = phases["wga_wage_related_first"].months + phases["wga_wage_related"].months  # type: ignore[operator]
        assert total == income.wage_related_months_for(case)
        assert income.WGA_MIN_MONTHS <= total <= income.WGA_MAX_MONTHS


@given(any_facts, money)
def test_more_earnings_never_lower_the_total_income_of_a_wage_related_month(case: IncomeFacts, extra: Decimal) -> None:
    base = IncomeFacts(**{**case.__dict__, "incapacity_pct": Decimal(50)})
    more = IncomeFacts(**{**base.__dict__, "expected_earnings_monthly": base.expected_earnings_monthly + extra})

    def wage_related_month_total(f: IncomeFacts) -> Decimal:
        return by_code(income.income_phases(f))["wga_wage_related"].monthly_amount + f.expected_earnings_monthly

    assert wage_related_month_total(more) >= wage_related_month_total(base)


@given(any_facts)
def test_every_phase_amount_is_zero_or_more(case: IncomeFacts) -> None:
    assert all(phase.monthly_amount >= 0 for phase in income.income_phases(case))


@given(any_facts, money)
def test_the_supplement_with_earnings_at_least_the_capacity_equals_the_wage_related_formula(
    case: IncomeFacts, extra: Decimal
) -> None:
    # Wet WIA art. 61 lid 2: then the supplement is the 70% wage-related benefit, scaled as in lid 1.
    at_least = IncomeFacts(
        **{
            **case.__dict__,
            "incapacity_pct": min(max(case.incapacity_pct, Decimal(35)), Decimal("79.99")),
            "expected_earnings_monthly": case.remaining_capacity_monthly + extra,
        }
    )
    phases = by_code(income.income_phases(at_least))
    assert phases["wga_wage_supplement"].monthly_amount == phases["wga_wage_related"].monthly_amount
    figures = income.figures_on(at_least.reference_date)
    wage = income.capped_wage(at_least, figures)
    earned = at_least.expected_earnings_monthly
    if at_least.monthly_wage > wage:
        earned = earned * wage / at_least.monthly_wage
    expected = max(Decimal(70) * (wage - earned) / 100, Decimal(0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert phases["wga_wage_supplement"].monthly_amount == expected


@given(st.integers(min_value=0, max_value=60), st.data())
def test_a_year_moved_before_2016_never_shortens_the_wage_related_benefit(years: int, data: st.DataObject) -> None:
    before = data.draw(st.integers(min_value=0, max_value=years))
    months = income.wga_wage_related_months(years, before)
    assert income.WGA_MIN_MONTHS <= months <= income.WGA_MAX_MONTHS
    if before < years:
        assert income.wga_wage_related_months(years, before + 1) >= months
