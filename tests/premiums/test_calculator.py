"""The premium calculator of docs/domain.md §7: hand-worked examples and properties."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from premiums import calculator
from premiums.calculator import DEFAULT_PARAMETERS, EmployeeInput, QuoteInput

D = Decimal


def quote(**overrides: object) -> QuoteInput:
    """The acceptance quote: 5 employees of €40,000, 25% charges, sector 4%, previous F 0.90."""
    values: dict[str, object] = {
        "year": 2026,
        "sector_rate_pct": D("4"),
        "employer_charges_pct": D("25"),
        "waiting_days": 10,
        "coverage": "100/70",
        "employees": tuple(EmployeeInput(yearly_wage=D("40000")) for _ in range(5)),
        "own_absence_pct": {2025: D("6"), 2024: D("4"), 2023: D("2")},
        "sector_absence_pct": D("4"),
        "previous_own_absence_factor": D("0.90"),
    }
    values.update(overrides)
    return QuoteInput(**values)  # type: ignore[arg-type]


def z(n: int) -> Decimal:
    return calculator.credibility_weight(employee_count=n, parameters=DEFAULT_PARAMETERS)


def test_acceptance_quote_is_capped_at_previous_factor_plus_ten_percent() -> None:
    result = calculator.premium_quote(quote())
    assert result.weighted_own_absence_pct == D("4.6667")  # (3*6 + 2*4 + 1*2) / 6
    assert result.experience_ratio == D("1.1667")  # 4.6667 / 4
    assert result.credibility_weight_pct == D("15.0000")
    assert result.own_absence_factor_uncapped == D("1.0250")  # 0.85 + 0.15 * 1.1667
    assert result.own_absence_factor == D("0.9900")  # 0.90 * 1.10
    assert result.cap_applied is True
    assert result.insured_payroll == D("250000.00")  # 5 * 40,000 * 1.25
    assert result.base_rate_pct == D("4.0000")
    assert result.premium == D("9900.00")  # 250,000 * 4% * 0.99


def test_five_employees_interpolate_between_three_and_eight() -> None:
    assert z(5) == D("0.15")  # 9% + (24% - 9%) * 2/5


def test_credibility_passes_through_every_table_point() -> None:
    assert [z(n) for n in (1, 3, 8, 17, 25)] == [D("0.03"), D("0.09"), D("0.24"), D("0.39"), D("0.45")]


def test_credibility_is_flat_beyond_twenty_five_employees() -> None:
    assert z(26) == z(500) == D("0.45")


def test_credibility_is_zero_without_employees() -> None:
    assert z(0) == D(0)


def test_credibility_between_eight_and_seventeen_is_interpolated() -> None:
    assert calculator.four_places(z(10) * 100) == D("27.3333")  # 24% + 15% * 2/9


def test_wages_above_the_cap_count_up_to_the_cap() -> None:
    employees = (EmployeeInput(yearly_wage=D("50000")), EmployeeInput(yearly_wage=D("90000")))
    payroll = calculator.insured_payroll(
        employees=employees, employer_charges_pct=D("20"), parameters=DEFAULT_PARAMETERS
    )
    assert payroll == D("155290.80")  # (50,000 + 79,409) * 1.20


def test_money_is_rounded_half_up_to_cents() -> None:
    result = calculator.premium_quote(
        quote(employees=(EmployeeInput(yearly_wage=D("0.15")),), employer_charges_pct=D("10"))
    )
    assert result.insured_payroll == D("0.17")  # 0.165 rounds up, not to the even 0.16


def test_base_rate_multiplies_waiting_days_and_coverage_factors() -> None:
    result = calculator.premium_quote(quote(waiting_days=20, coverage="70/70"))
    assert result.base_rate_pct == D("3.0876")  # 4% * 1.00 * 0.93 * 0.83


def test_missing_years_drop_out_and_weights_renormalise() -> None:
    weighted = calculator.weighted_own_absence_pct(
        year=2026, own_absence_pct={2025: D("6"), 2023: D("2")}, parameters=DEFAULT_PARAMETERS
    )
    assert weighted == D("5")  # (3*6 + 1*2) / 4


def test_years_outside_the_three_year_window_do_not_count() -> None:
    weighted = calculator.weighted_own_absence_pct(
        year=2026, own_absence_pct={2024: D("4"), 2022: D("50"), 2026: D("50")}, parameters=DEFAULT_PARAMETERS
    )
    assert weighted == D("4")


def test_without_history_the_experience_ratio_is_one() -> None:
    result = calculator.premium_quote(quote(own_absence_pct={}, previous_own_absence_factor=None))
    assert result.weighted_own_absence_pct is None
    assert result.experience_ratio == D("1.0000")
    assert result.own_absence_factor == D("1.0000")


def test_without_previous_factor_there_is_no_cap() -> None:
    result = calculator.premium_quote(quote(previous_own_absence_factor=None))
    assert result.own_absence_factor == D("1.0250")
    assert result.cap_applied is False


def test_a_fall_passes_in_full() -> None:
    result = calculator.premium_quote(quote(own_absence_pct={2025: D("0")}, previous_own_absence_factor=D("1.20")))
    assert result.own_absence_factor == result.own_absence_factor_uncapped == D("0.8500")
    assert result.cap_applied is False


def test_a_rise_of_exactly_ten_percent_is_not_capped() -> None:
    capped = calculator.own_absence_factor(uncapped=D("1.10"), previous=D("1.00"), parameters=DEFAULT_PARAMETERS)
    assert capped == (D("1.10"), False)


def test_a_rise_above_ten_percent_is_capped() -> None:
    capped = calculator.own_absence_factor(uncapped=D("1.11"), previous=D("1.00"), parameters=DEFAULT_PARAMETERS)
    assert capped == (D("1.10"), True)


pct = st.decimals(min_value=0, max_value=100, places=2)
factor = st.decimals(min_value=D("0.01"), max_value=5, places=4)
absence = st.dictionaries(st.sampled_from([2023, 2024, 2025]), pct, max_size=3)
quotes = st.builds(
    quote,
    employees=st.lists(
        st.builds(EmployeeInput, yearly_wage=st.decimals(min_value=0, max_value=200_000, places=2)),
        min_size=1,
        max_size=40,
    ).map(tuple),
    own_absence_pct=absence,
    sector_absence_pct=st.decimals(min_value=D("0.1"), max_value=20, places=2),
    previous_own_absence_factor=st.none() | factor,
)


@given(quotes)
def test_factor_never_exceeds_previous_factor_plus_the_rise_cap(q: QuoteInput) -> None:
    result = calculator.premium_quote(q)
    if q.previous_own_absence_factor is not None:
        assert result.own_absence_factor <= calculator.four_places(q.previous_own_absence_factor * D("1.10"))


@given(uncapped=factor, previous=factor)
def test_a_fall_always_passes_in_full(uncapped: Decimal, previous: Decimal) -> None:
    capped, applied = calculator.own_absence_factor(uncapped=uncapped, previous=previous, parameters=DEFAULT_PARAMETERS)
    if uncapped <= previous:
        assert capped == uncapped
        assert applied is False


@given(
    q=quotes, year=st.sampled_from([2023, 2024, 2025]), base=pct, extra=st.decimals(min_value=0, max_value=50, places=2)
)
def test_more_own_absence_never_lowers_the_premium(q: QuoteInput, year: int, base: Decimal, extra: Decimal) -> None:
    before = calculator.premium_quote(replace(q, own_absence_pct={**q.own_absence_pct, year: base}))
    after = calculator.premium_quote(replace(q, own_absence_pct={**q.own_absence_pct, year: base + extra}))
    assert after.premium >= before.premium
    assert after.own_absence_factor >= before.own_absence_factor


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60))
def test_credibility_is_monotone_in_the_number_of_employees(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert z(low) <= z(high)


# --- Age/wage mix -------------------------------------------------------------------------------------------------


def test_average_age_is_weighted_by_the_capped_wage() -> None:
    # On 1 January 2027: 26 and 56 years old. Weights 40,000 and the cap 79,409 (not 200,000).
    employees = (
        EmployeeInput(yearly_wage=D("40000"), date_of_birth=dt.date(2000, 6, 1)),
        EmployeeInput(yearly_wage=D("200000"), date_of_birth=dt.date(1970, 1, 1)),
    )
    average = calculator.average_age(employees=employees, on=dt.date(2027, 1, 1), parameters=DEFAULT_PARAMETERS)
    # (40,000 * 26 + 79,409 * 57) / 119,409 = 46.6...
    assert average == (D("40000") * 26 + D("79409") * 57) / D("119409")


@pytest.mark.parametrize(
    ("average", "factor"),
    [(D("29.99"), D("0.92")), (D("30"), D("0.96")), (D("45"), D("1.00")), (D("50"), D("1.06")), (D("63"), D("1.12"))],
)
def test_age_band_from_its_lower_bound(average: D, factor: D) -> None:
    assert calculator.age_wage_mix_factor(average=average, parameters=DEFAULT_PARAMETERS) == factor


def test_without_any_date_of_birth_the_mix_factor_is_neutral() -> None:
    result = calculator.premium_quote(quote())
    assert (result.average_age, result.age_wage_mix_factor) == (None, D("1.0000"))


def test_an_older_workforce_raises_the_base_rate() -> None:
    young = tuple(EmployeeInput(yearly_wage=D("40000"), date_of_birth=dt.date(2001, 1, 1)) for _ in range(5))
    old = tuple(EmployeeInput(yearly_wage=D("40000"), date_of_birth=dt.date(1962, 1, 1)) for _ in range(5))
    young_result = calculator.premium_quote(quote(employees=young))
    old_result = calculator.premium_quote(quote(employees=old))
    assert (young_result.age_wage_mix_factor, old_result.age_wage_mix_factor) == (D("0.9200"), D("1.1200"))
    assert young_result.base_rate_pct == D("3.6800")  # 4.00 * 0.92
    assert old_result.premium > young_result.premium
