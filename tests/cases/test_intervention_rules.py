"""The pure eligibility rule of interventions (docs/domain.md §6), with hand-worked numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cases.interventions.rules import (
    PROPORTIONALITY_FRACTION,
    format_euro,
    intervention_eligibility,
    proportionality_limit,
)

POLICY_START = dt.date(2026, 1, 1)


def test_the_fraction_is_half_of_the_remaining_wage() -> None:
    assert Decimal("0.5") == PROPORTIONALITY_FRACTION


def test_limit_on_day_28_of_a_full_absence() -> None:
    # 728 - 28 = 700 days = 100 weeks; 52,000 / 52 = 1,000 a week; 100 absent; half of 100,000.
    assert proportionality_limit(clock_day=28, yearly_wage=Decimal(52000), absent_pct=100) == Decimal("50000.00")


def test_limit_of_a_partial_absence_in_the_second_year() -> None:
    # 728 - 371 = 357 days = 51 weeks; 41,600 / 52 = 800 a week; 50% absent: 51 x 800 x 0.5 = 20,400; half: 10,200.
    assert proportionality_limit(clock_day=371, yearly_wage=Decimal(41600), absent_pct=50) == Decimal("10200.00")


def test_limit_with_broken_weeks_is_rounded_to_cents_once() -> None:
    # 728 - 100 = 628 days = 89 5/7 weeks; 45,000 / 52 a week; half: 0.5 x 628 x 45,000 / 364 = 38,818.6813...
    assert proportionality_limit(clock_day=100, yearly_wage=Decimal(45000), absent_pct=100) == Decimal("38818.68")


def test_limit_is_zero_once_the_104_weeks_are_over() -> None:
    assert proportionality_limit(clock_day=728, yearly_wage=Decimal(52000), absent_pct=100) == Decimal("0.00")
    assert proportionality_limit(clock_day=800, yearly_wage=Decimal(52000), absent_pct=100) == Decimal("0.00")


def test_euro_amounts_are_written_the_dutch_way() -> None:
    assert format_euro(Decimal("1234.56")) == "€\u00a01.234,56"
    assert format_euro(Decimal(50000)) == "€\u00a050.000,00"
    assert format_euro(Decimal("0.5")) == "€\u00a00,50"
    assert format_euro(Decimal("1234567.891")) == "€\u00a01.234.567,89"
    assert format_euro(Decimal(999)) == "€\u00a0999,00"


def _eligibility(**overrides: object) -> tuple[bool, tuple[str, ...], Decimal]:
    values: dict[str, object] = {
        "first_sick_day": dt.date(2026, 3, 2),
        "policy_start": POLICY_START,
        "advised_by": "physician",
        "cost": Decimal(1500),
        "clock_day": 28,
        "yearly_wage": Decimal(52000),
        "absent_pct": 100,
        **overrides,
    }
    result = intervention_eligibility(**values)  # type: ignore[arg-type]
    return result.eligible, result.reasons, result.limit


def test_an_advised_proportionate_intervention_after_the_policy_start_is_eligible() -> None:
    assert _eligibility() == (True, (), Decimal("50000.00"))


def test_a_first_sick_day_on_the_policy_start_counts() -> None:
    assert _eligibility(first_sick_day=POLICY_START)[0] is True


def test_a_cost_exactly_at_the_limit_is_eligible_and_a_cent_more_is_not() -> None:
    assert _eligibility(cost=Decimal("50000.00"))[0] is True
    eligible, reasons, _limit = _eligibility(cost=Decimal("50000.01"))
    assert eligible is False
    assert reasons == (
        "De kosten (€\u00a050.000,01) zijn hoger dan de proportionaliteitsgrens van €\u00a050.000,00 "
        "(50% van het loon dat nog moet worden doorbetaald tot week 104).",
    )


def test_every_failing_condition_is_a_reason() -> None:
    eligible, reasons, _limit = _eligibility(
        first_sick_day=dt.date(2025, 12, 15), advised_by="employer", cost=Decimal("60000.00")
    )
    assert eligible is False
    assert reasons == (
        "De eerste ziektedag (15-12-2025) ligt vóór de ingangsdatum van de polis (01-01-2026).",
        "De interventie is niet geadviseerd door de bedrijfsarts of de casemanager.",
        "De kosten (€\u00a060.000,00) zijn hoger dan de proportionaliteitsgrens van €\u00a050.000,00 "
        "(50% van het loon dat nog moet worden doorbetaald tot week 104).",
    )


def test_no_policy_in_force_is_a_reason() -> None:
    assert _eligibility(policy_start=None)[1] == ("Er is geen lopende polis van de werkgever.",)


@given(
    day=st.integers(min_value=1, max_value=900),
    wage=st.decimals(min_value=0, max_value=200000, places=2),
    pct=st.integers(min_value=0, max_value=100),
)
def test_the_limit_never_grows_as_the_clock_runs(day: int, wage: Decimal, pct: int) -> None:
    today = proportionality_limit(clock_day=day, yearly_wage=wage, absent_pct=pct)
    tomorrow = proportionality_limit(clock_day=day + 1, yearly_wage=wage, absent_pct=pct)
    assert Decimal(0) <= tomorrow <= today
