"""The pure helpers behind the premium explanation (premiums.explanation): the premium without the cap and what
the cap saves, and the weighted years."""

from __future__ import annotations

from decimal import Decimal as D

from premiums import explanation


def test_uncapped_premium_is_payroll_times_base_rate_times_the_uncapped_factor() -> None:
    # 262,500 x 4.4% = 11,550; x 1.4382 = 16,611.21.
    assert explanation.uncapped_premium(
        insured_payroll=D("262500.00"), base_rate_pct=D("4.4000"), own_absence_factor_uncapped=D("1.4382")
    ) == D("16611.21")


def test_uncapped_premium_rounds_half_up_to_cents() -> None:
    # 100 x 1% x 1.005 = 1.005: half up gives 1.01 (banker's rounding would give 1.00).
    assert explanation.uncapped_premium(
        insured_payroll=D("100.00"), base_rate_pct=D("1.0000"), own_absence_factor_uncapped=D("1.0050")
    ) == D("1.01")


def test_cap_saving_is_the_difference_with_the_premium_charged() -> None:
    assert explanation.cap_saving(premium=D("12705.00"), uncapped=D("16611.21")) == D("3906.21")


def test_cap_saving_is_never_negative() -> None:
    assert explanation.cap_saving(premium=D("100.00"), uncapped=D("99.99")) == D("0.00")


def test_absence_years_are_the_three_before_the_premium_year_newest_first_weighted_3_2_1() -> None:
    years = explanation.absence_years({"2026": "4.5", "2024": "6", "2022": "9.9"}, year=2027)
    assert years == (explanation.AbsenceYear(2026, D("4.5"), 3), explanation.AbsenceYear(2024, D("6"), 1))
