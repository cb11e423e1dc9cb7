"""The claim statement of docs/domain.md §8 (premiums.claims.rules): hand-worked examples and properties.

Unless a test says otherwise: yearly wage €52,200 (so the daily wage is 52,200 / 261 = €200.00 exactly),
employer charges 25%, 10 waiting days, coverage 100/70, wage cap €79,409, and a first sick day on
Monday 5 January 2026.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from premiums.claims.rules import (
    CaseFacts,
    Category,
    RecoveryReport,
    SickPeriod,
    Statement,
    Terms,
    WageCap,
    coverage_pcts,
    statement,
)

D = Decimal
DAY = dt.date
FIRST_SICK_DAY = DAY(2026, 1, 5)  # a Monday
CAPS = (WageCap(DAY(2025, 1, 1), D("79409.00")),)
TERMS = Terms(
    waiting_days=10,
    coverage_year1_pct=D(100),
    coverage_year2_pct=D(70),
    employer_charges_pct=D(25),
    policy_start=DAY(2025, 1, 1),
)


def facts(*periods: SickPeriod, recoveries: tuple[RecoveryReport, ...] = (), **overrides: object) -> CaseFacts:
    values: dict[str, object] = {
        "periods": periods or (SickPeriod(FIRST_SICK_DAY),),
        "recoveries": recoveries,
        "yearly_wage": D("52200.00"),
        "employment_start": DAY(2020, 1, 1),
    }
    values.update(overrides)
    return CaseFacts(**values)  # type: ignore[arg-type]


def summary(result: Statement) -> list[tuple[dt.date, dt.date, str, int, Decimal, int | None, Decimal]]:
    """Each line as (start, end, category, work days, absent %, clock year, amount)."""
    return [
        (line.start, line.end, str(line.category), line.work_days, line.absent_pct, line.coverage_year, line.amount)
        for line in result.lines
    ]


# --- Hand-worked examples --------------------------------------------------------------------------------------


def test_the_first_ten_sick_work_days_are_waiting_days_then_the_wage_is_reimbursed() -> None:
    result = statement(facts(), TERMS, CAPS, DAY(2026, 1, 5), DAY(2026, 1, 30))
    assert summary(result) == [
        # Mon 5 - Fri 16 January: 10 work days of eigen risico.
        (DAY(2026, 1, 5), DAY(2026, 1, 16), "waiting", 10, D(100), 1, D("0.00")),
        # Mon 19 - Fri 30 January: 200 * 10 days * 100% absent * 100% coverage * 1.25 = 2,500.00.
        (DAY(2026, 1, 19), DAY(2026, 1, 30), "paid", 10, D(100), 1, D("2500.00")),
    ]
    assert result.amount == D("2500.00")
    assert (result.waiting_days_before, result.waiting_days_in_period) == (0, 10)
    assert (result.sick_work_days, result.paid_work_days) == (20, 10)


def test_waiting_days_spanning_two_periods_are_counted_once_for_the_case() -> None:
    first = statement(facts(), TERMS, CAPS, DAY(2026, 1, 5), DAY(2026, 1, 9))
    # Mon 5 - Fri 9 January: 5 of the 10 waiting days, nothing to reimburse.
    assert (first.waiting_days_in_period, first.amount) == (5, D("0.00"))
    second = statement(facts(), TERMS, CAPS, DAY(2026, 1, 12), DAY(2026, 1, 23))
    # The second period knows 5 were used before it: 5 more (12-16 January), then 19-23 January is paid:
    # 200 * 5 * 1.25 = 1,250.00.
    assert (second.waiting_days_before, second.waiting_days_in_period) == (5, 5)
    assert summary(second) == [
        (DAY(2026, 1, 12), DAY(2026, 1, 16), "waiting", 5, D(100), 1, D("0.00")),
        (DAY(2026, 1, 19), DAY(2026, 1, 23), "paid", 5, D(100), 1, D("1250.00")),
    ]


def test_a_partial_recovery_mid_period_starts_a_line_at_the_remaining_fraction() -> None:
    # 50% recovered from Wednesday 21 January: absent 50% from then on.
    case = facts(recoveries=(RecoveryReport(DAY(2026, 1, 21), 50),))
    result = statement(case, TERMS, CAPS, DAY(2026, 1, 19), DAY(2026, 1, 30))
    assert result.waiting_days_before == 10
    assert summary(result) == [
        # Mon 19 - Tue 20: 200 * 2 * 100% * 1.25 = 500.00.
        (DAY(2026, 1, 19), DAY(2026, 1, 20), "paid", 2, D(100), 1, D("500.00")),
        # Wed 21 - Fri 30: 8 work days, 200 * 8 * 50% * 1.25 = 1,000.00.
        (DAY(2026, 1, 21), DAY(2026, 1, 30), "paid", 8, D(50), 1, D("1000.00")),
    ]
    assert result.amount == D("1500.00")


def test_crossing_from_clock_day_364_to_365_switches_from_100_to_70_percent() -> None:
    # Clock day 364 is Sunday 3 January 2027, day 365 Monday 4 January 2027.
    result = statement(facts(), TERMS, CAPS, DAY(2026, 12, 28), DAY(2027, 1, 8))
    assert summary(result) == [
        # Mon 28 December - Fri 1 January (New Year's Day is a weekday and counts): 200 * 5 * 100% * 1.25.
        (DAY(2026, 12, 28), DAY(2027, 1, 1), "paid", 5, D(100), 1, D("1250.00")),
        # Mon 4 - Fri 8 January 2027, clock year 2: 200 * 5 * 70% * 1.25 = 875.00.
        (DAY(2027, 1, 4), DAY(2027, 1, 8), "paid", 5, D(100), 2, D("875.00")),
    ]
    assert [line.coverage_pct for line in result.lines] == [D(100), D(70)]
    assert result.amount == D("2125.00")


def test_a_relapse_continues_the_waiting_days_and_starts_again_at_100_percent() -> None:
    # Sick Mon 5 January, 50% recovered Wed 7, fully recovered Sat 10 (period ends Fri 9), sick again Mon 19:
    # 9 recovered days, fewer than 28, so the same case.
    case = facts(
        SickPeriod(DAY(2026, 1, 5), DAY(2026, 1, 9)),
        SickPeriod(DAY(2026, 1, 19)),
        recoveries=(RecoveryReport(DAY(2026, 1, 7), 50), RecoveryReport(DAY(2026, 1, 10), 100)),
    )
    result = statement(case, TERMS, CAPS, DAY(2026, 1, 5), DAY(2026, 1, 30))
    assert summary(result) == [
        (DAY(2026, 1, 5), DAY(2026, 1, 6), "waiting", 2, D(100), 1, D("0.00")),
        (DAY(2026, 1, 7), DAY(2026, 1, 9), "waiting", 3, D(50), 1, D("0.00")),
        # The relapse uses the last 5 of the 10 waiting days (2 + 3 + 5 = 10).
        (DAY(2026, 1, 19), DAY(2026, 1, 23), "waiting", 5, D(100), 1, D("0.00")),
        # Mon 26 - Fri 30: 200 * 5 * 100% * 1.25 = 1,250.00.
        (DAY(2026, 1, 26), DAY(2026, 1, 30), "paid", 5, D(100), 1, D("1250.00")),
    ]


def test_a_statement_after_a_relapse_knows_the_waiting_days_of_the_first_period() -> None:
    case = facts(SickPeriod(DAY(2026, 1, 5), DAY(2026, 1, 9)), SickPeriod(DAY(2026, 1, 19)))
    result = statement(case, TERMS, CAPS, DAY(2026, 1, 19), DAY(2026, 1, 30))
    assert (result.waiting_days_before, result.waiting_days_in_period, result.amount) == (5, 5, D("1250.00"))


def test_money_is_rounded_half_up_at_the_end_of_each_line() -> None:
    # Wage 45,000, charges 20%, coverage 70/70; 19-23 January after the waiting days:
    # 45,000 / 261 * 5 * 70% * 1.20 = 724.1379... -> 724.14.
    terms = replace(TERMS, coverage_year1_pct=D(70), coverage_year2_pct=D(70), employer_charges_pct=D(20))
    result = statement(facts(yearly_wage=D("45000.00")), terms, CAPS, DAY(2026, 1, 19), DAY(2026, 1, 23))
    assert result.amount == D("724.14")
    assert result.lines[0].daily_wage == D("172.41")  # shown rounded; the amount uses 172.4137...


def test_an_exact_half_cent_rounds_up_not_to_even() -> None:
    # Wage 2,610 (daily wage 10.00), charges 0.25%, one work day: 10 * 1.0025 = 10.025 -> 10.03.
    terms = replace(TERMS, employer_charges_pct=D("0.25"))
    result = statement(facts(yearly_wage=D("2610.00")), terms, CAPS, DAY(2026, 1, 19), DAY(2026, 1, 19))
    assert result.amount == D("10.03")


def test_the_wage_above_the_cap_is_not_insured() -> None:
    # 100,000 is capped at 79,409: 79,409 / 261 * 5 * 1.25 = 1,901.556... -> 1,901.56.
    result = statement(facts(yearly_wage=D("100000.00")), TERMS, CAPS, DAY(2026, 1, 19), DAY(2026, 1, 23))
    assert result.lines[0].insured_yearly_wage == D("79409.00")
    assert result.amount == D("1901.56")


def test_a_new_wage_cap_starts_a_new_line_on_its_valid_from_date() -> None:
    caps = (*CAPS, WageCap(DAY(2027, 1, 1), D("81000.00")))
    case = facts(SickPeriod(DAY(2026, 6, 1)), yearly_wage=D("100000.00"))
    result = statement(case, TERMS, caps, DAY(2026, 12, 28), DAY(2027, 1, 8))
    assert [(line.start, line.end, line.work_days, line.insured_yearly_wage, line.amount) for line in result.lines] == [
        # 79,409 / 261 * 4 * 1.25 = 1,521.2452... -> 1,521.25.
        (DAY(2026, 12, 28), DAY(2026, 12, 31), 4, D("79409.00"), D("1521.25")),
        # 81,000 / 261 * 6 * 1.25 = 2,327.5862... -> 2,327.59.
        (DAY(2027, 1, 1), DAY(2027, 1, 8), 6, D("81000.00"), D("2327.59")),
    ]


def test_days_after_the_policy_ends_are_not_reimbursed() -> None:
    terms = replace(TERMS, policy_end=DAY(2026, 1, 27))
    result = statement(facts(), terms, CAPS, DAY(2026, 1, 19), DAY(2026, 1, 30))
    assert summary(result) == [
        # Mon 19 - Tue 27: 7 work days, 200 * 7 * 1.25 = 1,750.00.
        (DAY(2026, 1, 19), DAY(2026, 1, 27), "paid", 7, D(100), 1, D("1750.00")),
        (DAY(2026, 1, 28), DAY(2026, 1, 30), "no_policy", 3, D(100), 1, D("0.00")),
    ]


def test_waiting_days_count_from_the_first_sick_day_even_before_the_policy_starts() -> None:
    terms = replace(TERMS, policy_start=DAY(2026, 1, 14))
    result = statement(facts(), terms, CAPS, DAY(2026, 1, 5), DAY(2026, 1, 23))
    assert summary(result) == [
        (DAY(2026, 1, 5), DAY(2026, 1, 16), "waiting", 10, D(100), 1, D("0.00")),
        (DAY(2026, 1, 19), DAY(2026, 1, 23), "paid", 5, D(100), 1, D("1250.00")),
    ]


def test_days_before_the_policy_after_the_waiting_days_are_not_reimbursed() -> None:
    terms = replace(TERMS, policy_start=DAY(2026, 1, 21))
    result = statement(facts(), terms, CAPS, DAY(2026, 1, 19), DAY(2026, 1, 23))
    assert [(line.category, line.work_days, line.amount) for line in result.lines] == [
        (Category.NO_POLICY, 2, D("0.00")),
        (Category.PAID, 3, D("750.00")),  # 200 * 3 * 1.25
    ]


def test_days_after_the_employment_ended_are_not_reimbursed() -> None:
    case = facts(employment_end=DAY(2026, 1, 23))
    result = statement(case, TERMS, CAPS, DAY(2026, 1, 19), DAY(2026, 1, 30))
    assert [(line.category, line.work_days, line.amount) for line in result.lines] == [
        (Category.PAID, 5, D("1250.00")),
        (Category.NOT_EMPLOYED, 5, D("0.00")),
    ]


def test_days_after_clock_day_728_are_never_reimbursed() -> None:
    # Clock day 728 is Sunday 2 January 2028.
    result = statement(facts(), TERMS, CAPS, DAY(2027, 12, 27), DAY(2028, 1, 7))
    assert summary(result) == [
        # Clock year 2: 200 * 5 * 70% * 1.25 = 875.00.
        (DAY(2027, 12, 27), DAY(2027, 12, 31), "paid", 5, D(100), 2, D("875.00")),
        (DAY(2028, 1, 3), DAY(2028, 1, 7), "beyond_104_weeks", 5, D(100), None, D("0.00")),
    ]


def test_sick_days_after_the_case_closed_do_not_count() -> None:
    result = statement(facts(closed_on=DAY(2026, 1, 21)), TERMS, CAPS, DAY(2026, 1, 19), DAY(2026, 1, 30))
    assert summary(result) == [(DAY(2026, 1, 19), DAY(2026, 1, 21), "paid", 3, D(100), 1, D("750.00"))]


def test_recovered_days_between_two_periods_are_not_in_any_line() -> None:
    case = facts(SickPeriod(DAY(2026, 1, 5), DAY(2026, 1, 21)), SickPeriod(DAY(2026, 1, 28)))
    result = statement(case, TERMS, CAPS, DAY(2026, 1, 19), DAY(2026, 1, 30))
    assert [(line.start, line.end, line.work_days) for line in result.lines] == [
        (DAY(2026, 1, 19), DAY(2026, 1, 21), 3),
        (DAY(2026, 1, 28), DAY(2026, 1, 30), 3),
    ]


def test_a_weekend_alone_has_no_line() -> None:
    result = statement(facts(), TERMS, CAPS, DAY(2026, 1, 24), DAY(2026, 1, 25))
    assert result.lines == ()
    assert result.amount == D("0.00")


def test_a_day_without_a_wage_cap_is_refused() -> None:
    with pytest.raises(ValueError, match="no wage cap"):
        statement(facts(), TERMS, (WageCap(DAY(2026, 2, 1), D(79409)),), DAY(2026, 1, 19), DAY(2026, 1, 23))


def test_a_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        statement(facts(), TERMS, CAPS, DAY(2026, 1, 23), DAY(2026, 1, 19))


def test_coverage_options_read_as_year_one_and_year_two() -> None:
    assert coverage_pcts("100/70") == (D(100), D(70))
    assert coverage_pcts("70/70") == (D(70), D(70))
    with pytest.raises(ValueError, match="coverage"):
        coverage_pcts("100")


def test_terms_refuse_a_percentage_above_100() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        replace(TERMS, coverage_year1_pct=D(101))


# --- Properties ------------------------------------------------------------------------------------------------


@st.composite
def cases(draw: st.DrawFn) -> CaseFacts:
    """A case of one to three sick periods (relapses within 28 days), with partial recoveries inside them."""
    start = FIRST_SICK_DAY + dt.timedelta(days=draw(st.integers(0, 6)))
    periods: list[SickPeriod] = []
    recoveries: list[RecoveryReport] = []
    count = draw(st.integers(1, 3))
    for number in range(count):
        length = draw(st.integers(1, 400))
        last = number == count - 1
        end = None if last and draw(st.booleans()) else start + dt.timedelta(days=length - 1)
        periods.append(SickPeriod(start, end))
        if length > 1:
            for offset in sorted(draw(st.sets(st.integers(1, length - 1), max_size=2))):
                recoveries.append(RecoveryReport(start + dt.timedelta(days=offset), draw(st.integers(1, 99))))
        if end is not None:
            recoveries.append(RecoveryReport(end + dt.timedelta(days=1), 100))
            start = end + dt.timedelta(days=draw(st.integers(2, 28)))
    return facts(
        *periods,
        recoveries=tuple(recoveries),
        yearly_wage=draw(st.decimals(min_value=0, max_value=150000, places=2)),
        employment_end=draw(st.none() | st.dates(DAY(2026, 1, 5), DAY(2028, 6, 30))),
    )


@st.composite
def terms(draw: st.DrawFn) -> Terms:
    coverage = draw(st.sampled_from(["100/70", "70/70", "100/100"]))
    year1, year2 = coverage_pcts(coverage)
    policy_start = draw(st.dates(DAY(2025, 1, 1), DAY(2026, 6, 30)))
    return Terms(
        waiting_days=draw(st.sampled_from([10, 20, 30, 65])),
        coverage_year1_pct=year1,
        coverage_year2_pct=year2,
        employer_charges_pct=draw(st.decimals(min_value=0, max_value=100, places=2)),
        policy_start=policy_start,
        policy_end=draw(st.none() | st.dates(policy_start, DAY(2028, 12, 31))),
    )


periods_in_2026_2028 = st.tuples(st.dates(DAY(2026, 1, 1), DAY(2028, 6, 30)), st.integers(0, 200))


def weekdays(start: dt.date, end: dt.date) -> int:
    return sum(1 for n in range((end - start).days + 1) if (start + dt.timedelta(days=n)).weekday() < 5)


@settings(max_examples=150, deadline=None)
@given(case=cases(), policy=terms(), period=periods_in_2026_2028)
def test_the_total_never_exceeds_full_coverage_of_every_weekday(
    case: CaseFacts, policy: Terms, period: tuple[dt.date, int]
) -> None:
    start, length = period
    end = start + dt.timedelta(days=length)
    result = statement(case, policy, CAPS, start, end)
    insured = min(case.yearly_wage, CAPS[0].amount)
    full = insured / D(261) * weekdays(start, end) * (D(100) + policy.employer_charges_pct) / D(100)
    # Each line is rounded half up: at most half a cent more than its exact amount.
    assert result.amount <= full + D("0.005") * len(result.lines)
    assert all(line.amount == D("0.00") for line in result.lines if line.category != Category.PAID)


@settings(max_examples=150, deadline=None)
@given(case=cases(), policy=terms(), period=periods_in_2026_2028, more=st.integers(1, 60))
def test_more_waiting_days_never_raise_the_amount(
    case: CaseFacts, policy: Terms, period: tuple[dt.date, int], more: int
) -> None:
    start, length = period
    end = start + dt.timedelta(days=length)
    fewer = statement(case, policy, CAPS, start, end)
    longer = statement(case, replace(policy, waiting_days=policy.waiting_days + more), CAPS, start, end)
    assert longer.amount <= fewer.amount
    assert longer.paid_work_days <= fewer.paid_work_days


@settings(max_examples=150, deadline=None)
@given(case=cases(), policy=terms(), period=periods_in_2026_2028, split=st.integers(0, 200))
def test_waiting_days_are_used_once_however_the_period_is_split(
    case: CaseFacts, policy: Terms, period: tuple[dt.date, int], split: int
) -> None:
    start, length = period
    end = start + dt.timedelta(days=length)
    assume(split < length)
    middle = start + dt.timedelta(days=split)
    whole = statement(case, policy, CAPS, start, end)
    first = statement(case, policy, CAPS, start, middle)
    second = statement(case, policy, CAPS, middle + dt.timedelta(days=1), end)
    assert first.waiting_days_in_period + second.waiting_days_in_period == whole.waiting_days_in_period
    assert second.waiting_days_before == whole.waiting_days_before + first.waiting_days_in_period
    assert whole.waiting_days_before + whole.waiting_days_in_period <= policy.waiting_days
    assert first.paid_work_days + second.paid_work_days == whole.paid_work_days
