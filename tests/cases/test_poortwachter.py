"""The Poortwachter engine: the 104-week clock and the steps of docs/domain.md §4-§5."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.absence.poortwachter import (
    ACTION_PLAN,
    ACTION_PLAN_REVIEW,
    CASEMANAGER_ASSIGNED,
    FIRST_YEAR_REVIEW,
    PROBLEM_ANALYSIS,
    REPORT_TO_OHS,
    STEP_CODES,
    TRACK_TWO_START,
    UWV_SAFETY_NET_REPORT,
    UWV_WEEK42_NOTICE,
    CaseFacts,
    Parameters,
    SickPeriod,
    StepState,
    case_closes_on,
    clock_day,
    date_of_clock_day,
    first_day_after_104_weeks,
    long_absence_threatens,
    relapse_continues_case,
    step_states,
)
from verzuim.workdays import next_working_day_after

SUSPENDED_REASON = (
    "Opgeschort: de werknemer is volledig hersteld. Bij een nieuwe ziekmelding binnen 28 dagen loopt de termijn verder."
)
RECOVERED_CLOSURE_REASON = "Het verzuimgeval is afgesloten: de werknemer is 28 dagen volledig hersteld."

# First sick day of the worked example in docs/domain.md §5 (a Monday), no interruption.
FIRST_DAY = date(2026, 1, 5)


def sick_from(first_day: date = FIRST_DAY, **facts: object) -> CaseFacts:
    return CaseFacts(periods=(SickPeriod(first_day),), **facts)


def by_step(states: list[StepState]) -> dict[tuple[str, int], StepState]:
    return {(state.code, state.sequence): state for state in states}


def step(states: list[StepState], code: str, sequence: int = 1) -> StepState:
    return by_step(states)[(code, sequence)]


# --- The clock ------------------------------------------------------------------------------------------------


def test_clock_is_zero_before_the_first_sick_day_and_one_on_it() -> None:
    periods = (SickPeriod(FIRST_DAY),)
    assert clock_day(periods, FIRST_DAY - timedelta(days=1)) == 0
    assert clock_day(periods, FIRST_DAY) == 1
    assert clock_day(periods, date(2026, 2, 15)) == 42


def test_clock_stands_still_over_a_recovered_gap_and_resumes_on_relapse() -> None:
    periods = (SickPeriod(date(2022, 1, 3), date(2022, 7, 3)), SickPeriod(date(2022, 7, 25)))
    assert clock_day(periods, date(2022, 7, 3)) == 182
    assert clock_day(periods, date(2022, 7, 4)) == 182
    assert clock_day(periods, date(2022, 7, 24)) == 182
    assert clock_day(periods, date(2022, 7, 25)) == 183


def test_date_of_clock_day_is_historic_projected_or_suspended() -> None:
    ended = (SickPeriod(date(2022, 1, 3), date(2022, 7, 3)),)
    assert date_of_clock_day(ended, 1) == date(2022, 1, 3)
    assert date_of_clock_day(ended, 182) == date(2022, 7, 3)
    # Recovered: a day the clock has not reached has no date until a relapse.
    assert date_of_clock_day(ended, 183) is None
    relapsed = (*ended, SickPeriod(date(2022, 7, 25)))
    assert date_of_clock_day(relapsed, 183) == date(2022, 7, 25)
    assert date_of_clock_day(relapsed, 200) == date(2022, 8, 11)


def test_clock_days_start_at_one() -> None:
    with pytest.raises(ValueError, match="clock days start at 1"):
        date_of_clock_day((SickPeriod(FIRST_DAY),), 0)


def test_first_day_after_104_weeks_without_interruption() -> None:
    assert first_day_after_104_weeks((SickPeriod(date(2022, 1, 3)),)) == date(2024, 1, 1)


def test_relapse_after_three_recovered_weeks_moves_the_end_of_the_104_weeks_by_the_gap() -> None:
    # docs/domain.md §4 worked check.
    periods = (SickPeriod(date(2022, 1, 3), date(2022, 7, 3)), SickPeriod(date(2022, 7, 25)))
    assert first_day_after_104_weeks(periods) == date(2024, 1, 22)


def test_first_day_after_104_weeks_is_unknown_while_recovered() -> None:
    assert first_day_after_104_weeks((SickPeriod(date(2022, 1, 3), date(2022, 7, 3)),)) is None


@pytest.mark.parametrize(
    ("new_first_sick_day", "continues"),
    [
        (date(2022, 7, 4), True),  # no recovered day at all
        (date(2022, 7, 25), True),  # 21 recovered days
        (date(2022, 7, 31), True),  # 27 recovered days
        (date(2022, 8, 1), False),  # 28 recovered days: a new case
    ],
)
def test_relapse_within_28_recovered_days_continues_the_case(new_first_sick_day: date, continues: bool) -> None:
    assert relapse_continues_case(date(2022, 7, 3), new_first_sick_day) is continues


def test_relapse_window_is_a_parameter() -> None:
    assert relapse_continues_case(date(2022, 7, 3), date(2022, 7, 25), Parameters(relapse_window_days=14)) is False


def test_a_relapse_must_start_after_the_last_sick_day() -> None:
    with pytest.raises(ValueError, match="must start after the last sick day"):
        relapse_continues_case(date(2022, 7, 3), date(2022, 7, 3))


def test_case_closes_on_the_28th_recovered_day() -> None:
    assert case_closes_on((SickPeriod(date(2022, 1, 3), date(2022, 7, 3)),)) == date(2022, 7, 31)


def test_a_case_with_an_open_period_has_no_closing_day() -> None:
    assert case_closes_on((SickPeriod(date(2022, 1, 3), date(2022, 7, 3)), SickPeriod(date(2022, 7, 25)))) is None


def test_a_sick_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="cannot end"):
        SickPeriod(FIRST_DAY, FIRST_DAY - timedelta(days=1))


@pytest.mark.parametrize(
    "periods",
    [
        (SickPeriod(date(2022, 1, 3)), SickPeriod(date(2022, 2, 1))),  # open period followed by another
        (SickPeriod(date(2022, 1, 3), date(2022, 2, 1)), SickPeriod(date(2022, 2, 1))),  # overlap
        (SickPeriod(date(2022, 3, 1), date(2022, 3, 5)), SickPeriod(date(2022, 1, 3))),  # out of order
        (),
    ],
)
def test_steps_refuse_inconsistent_periods(periods: tuple[SickPeriod, ...]) -> None:
    with pytest.raises(ValueError, match="sick period"):
        step_states(CaseFacts(periods=periods), FIRST_DAY)


# --- Working days ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "next_working_day"),
    [
        (date(2026, 10, 23), date(2026, 10, 26)),  # Friday -> Monday
        (date(2026, 10, 26), date(2026, 10, 27)),  # Monday -> Tuesday
        (date(2026, 4, 24), date(2026, 4, 28)),  # Friday, then the weekend and King's Day (Monday 27 April)
        (date(2026, 12, 24), date(2026, 12, 28)),  # Christmas on Friday and Saturday
        (date(2027, 5, 4), date(2027, 5, 7)),  # 5 May (Algemene termijnenwet) and Ascension Day
    ],
)
def test_next_working_day_skips_weekends_and_dutch_public_holidays(day: date, next_working_day: date) -> None:
    assert next_working_day_after(day) == next_working_day


# --- The steps ------------------------------------------------------------------------------------------------


def test_uninterrupted_case_has_every_due_date_of_domain_guide() -> None:
    # docs/domain.md §5 worked dates: PA 2026-02-15, plan 2026-03-01, 42nd-week notice 2026-10-26 (day 294 is
    # Sunday 2026-10-25), first-year review 2027-01-03, WIA application 2027-10-17, end 2028-01-02.
    states = step_states(sick_from(), FIRST_DAY)
    assert [(s.code, s.sequence, s.window_start, s.due_date) for s in states] == [
        ("report_to_ohs", 1, None, date(2026, 1, 11)),
        ("uwv_safety_net_report", 1, None, date(2026, 1, 8)),
        ("casemanager_assigned", 1, None, date(2026, 3, 1)),
        ("problem_analysis", 1, None, date(2026, 2, 15)),
        ("action_plan", 1, None, date(2026, 3, 1)),
        ("action_plan_review", 1, None, date(2026, 4, 12)),
        ("uwv_week42_notice", 1, None, date(2026, 10, 26)),
        ("first_year_review", 1, date(2026, 11, 16), date(2027, 1, 3)),
        ("income_insight", 1, None, date(2027, 1, 3)),
        ("labour_expert_assessment", 1, None, date(2027, 1, 3)),
        ("track_two_start", 1, None, date(2027, 2, 14)),
        ("early_iva_deadline", 1, None, date(2027, 4, 25)),
        ("current_assessment", 1, date(2027, 8, 30), date(2027, 10, 3)),
        ("final_review", 1, None, date(2027, 10, 3)),
        ("reintegration_report", 1, None, date(2027, 10, 3)),
        ("wia_application", 1, date(2027, 9, 6), date(2027, 10, 17)),
        ("wage_obligation_end", 1, None, date(2028, 1, 2)),
    ]


def test_steps_carry_dutch_titles_and_owners() -> None:
    states = step_states(sick_from(), FIRST_DAY)
    assert [(s.title, s.owner) for s in states] == [
        ("Ziekmelding aan de arbodienst", "employer"),
        ("Vangnetmelding Ziektewet aan UWV", "employer"),
        ("Casemanager aangesteld", "insurer"),
        ("Probleemanalyse", "physician"),
        ("Plan van aanpak", "employer"),
        ("Bijstelling plan van aanpak", "casemanager"),
        ("42e-weeksmelding aan UWV", "employer"),
        ("Eerstejaarsevaluatie", "employer"),
        ("Gesprek inkomensgevolgen met werknemer", "casemanager"),
        ("Arbeidsdeskundig onderzoek", "labour_expert"),
        ("Start tweede spoor", "employer"),
        ("Uiterste datum aanvraag vervroegde IVA", "employee"),
        ("Actueel oordeel bedrijfsarts", "physician"),
        ("Eindevaluatie", "employer"),
        ("Re-integratieverslag compleet", "employer"),
        ("WIA-aanvraag", "employee"),
        ("Einde loondoorbetaling (104 weken)", "none"),
    ]
    assert [s.code for s in states] == list(STEP_CODES)


@pytest.mark.parametrize(
    ("first_sick_day", "notice_due"),
    [
        (date(2026, 3, 6), date(2026, 12, 28)),  # day 294 is Thursday 24 December: Christmas, then the weekend
        (date(2026, 7, 7), date(2027, 4, 28)),  # day 294 is Monday 26 April: Tuesday 27 April is King's Day
        (date(2026, 6, 5), date(2027, 3, 30)),  # day 294 is Thursday 25 March: Good Friday, weekend, Easter Monday
    ],
)
def test_week42_notice_is_due_on_the_first_working_day_after_day_294(first_sick_day: date, notice_due: date) -> None:
    assert step(step_states(sick_from(first_sick_day), first_sick_day), UWV_WEEK42_NOTICE).due_date == notice_due


def test_report_to_ohs_day_is_a_parameter() -> None:
    facts = sick_from(params=Parameters(report_to_ohs_day=3))
    assert step(step_states(facts, FIRST_DAY), REPORT_TO_OHS).due_date == date(2026, 1, 7)


def test_safety_net_report_is_due_on_day_4_when_flagged() -> None:
    state = step(step_states(sick_from(safety_net=True), FIRST_DAY), UWV_SAFETY_NET_REPORT)
    assert (state.due_date, state.status, state.reason) == (date(2026, 1, 8), "due_soon", "")


def test_safety_net_report_does_not_apply_without_a_safety_net_case() -> None:
    state = step(step_states(sick_from(), FIRST_DAY), UWV_SAFETY_NET_REPORT)
    assert (state.status, state.reason) == ("not_applicable", "Geen vangnetsituatie (Ziektewet) gemeld.")


def test_casemanager_is_due_on_day_14_when_long_absence_threatens() -> None:
    state = step(step_states(sick_from(long_absence_threatens=True), FIRST_DAY), CASEMANAGER_ASSIGNED)
    assert state.due_date == date(2026, 1, 18)


@pytest.mark.parametrize(
    ("today", "expected_duration_days", "physician_flagged", "threatens"),
    [
        (date(2026, 1, 17), None, False, False),  # day 13, nothing known
        (date(2026, 1, 18), None, False, True),  # still sick on day 14
        (FIRST_DAY, 28, False, True),
        (FIRST_DAY, 27, False, False),
        (FIRST_DAY, None, True, True),
    ],
)
def test_long_absence_threatens_on_duration_day_14_or_physician(
    today: date, expected_duration_days: int | None, physician_flagged: bool, threatens: bool
) -> None:
    periods = (SickPeriod(FIRST_DAY),)
    assert (
        long_absence_threatens(
            periods, today, expected_duration_days=expected_duration_days, physician_flagged=physician_flagged
        )
        is threatens
    )


# Issue 19 item 6 (Regeling procesgang eerste en tweede ziektejaar art. 4 lid 1): the plan is due two weeks after
# the problem analysis was made, and in week 8 (day 56) while there is none. The rule used to be
# max(56, analysis + 14), which let an analysis made on time push the plan no earlier than week 8.
ISSUE_FIRST_DAY = date(2026, 3, 6)


def test_issue_example_plan_due_two_weeks_after_an_analysis_on_time() -> None:
    facts = sick_from(ISSUE_FIRST_DAY, completed={PROBLEM_ANALYSIS: (date(2026, 3, 25),)})  # day 20
    plan = step(step_states(facts, date(2026, 4, 30)), ACTION_PLAN)
    assert (plan.due_date, plan.status) == (date(2026, 4, 8), "overdue")  # day 34


def test_issue_example_without_an_analysis_the_plan_is_due_on_day_56() -> None:
    plan = step(step_states(sick_from(ISSUE_FIRST_DAY), date(2026, 4, 30)), ACTION_PLAN)
    assert plan.due_date == date_of_clock_day((SickPeriod(ISSUE_FIRST_DAY),), 56) == date(2026, 4, 30)


def test_issue_example_a_late_analysis_on_day_50_moves_the_plan_to_day_64() -> None:
    periods = (SickPeriod(ISSUE_FIRST_DAY),)
    analysis = date_of_clock_day(periods, 50)
    assert analysis is not None
    plan = step(
        step_states(sick_from(ISSUE_FIRST_DAY, completed={PROBLEM_ANALYSIS: (analysis,)}), analysis), ACTION_PLAN
    )
    assert plan.due_date == date_of_clock_day(periods, 64) == date(2026, 5, 8)


@pytest.mark.parametrize(
    ("analysis_done", "plan_due"),
    [
        # Was 2026-03-01 (week 8) under the old max(56, analysis + 14): now two weeks after the analysis.
        (date(2026, 2, 10), date(2026, 2, 24)),  # on time (day 37): day 51
        (date(2026, 2, 15), date(2026, 3, 1)),  # on the last day (day 42): day 56, week 8
        (date(2026, 2, 20), date(2026, 3, 6)),  # day 47: 14 days later is day 61
        (date(2026, 3, 10), date(2026, 3, 24)),  # day 65: day 79
    ],
)
def test_action_plan_is_due_14_days_after_the_problem_analysis(analysis_done: date, plan_due: date) -> None:
    facts = sick_from(completed={PROBLEM_ANALYSIS: (analysis_done,)})
    states = step_states(facts, date(2026, 3, 11))
    assert step(states, PROBLEM_ANALYSIS).completed_on == analysis_done
    assert step(states, ACTION_PLAN).due_date == plan_due


def test_a_recovered_gap_after_the_analysis_moves_the_plan_by_the_gap() -> None:
    # Decision: the two weeks are clock days. Analysis on day 20 (2026-03-25), sick until 2026-03-29 (day 24),
    # back at work 2026-03-30 .. 2026-04-09 (11 days), sick again from 2026-04-10: day 34 falls on 2026-04-19
    # instead of 2026-04-08.
    periods = (SickPeriod(ISSUE_FIRST_DAY, date(2026, 3, 29)), SickPeriod(date(2026, 4, 10)))
    facts = CaseFacts(periods=periods, completed={PROBLEM_ANALYSIS: (date(2026, 3, 25),)})
    assert step(step_states(facts, date(2026, 4, 10)), ACTION_PLAN).due_date == date(2026, 4, 19)
    # While the employee is back at work and day 34 has not been reached, the plan is suspended, not overdue.
    in_gap = CaseFacts(periods=periods[:1], completed=facts.completed)
    assert step(step_states(in_gap, date(2026, 4, 9)), ACTION_PLAN).status == "suspended"


def test_first_review_counts_from_the_moved_action_plan_while_the_plan_is_open() -> None:
    facts = sick_from(completed={PROBLEM_ANALYSIS: (date(2026, 3, 10),)})
    # Plan due on day 79; the first review 42 clock days later, day 121.
    assert step(step_states(facts, date(2026, 3, 11)), ACTION_PLAN_REVIEW).due_date == date(2026, 5, 5)


def test_first_review_counts_from_the_earlier_plan_after_an_analysis_on_time() -> None:
    facts = sick_from(ISSUE_FIRST_DAY, completed={PROBLEM_ANALYSIS: (date(2026, 3, 25),)})
    # Plan due on day 34 (2026-04-08); the first review 42 clock days later, day 76.
    assert step(step_states(facts, date(2026, 4, 1)), ACTION_PLAN_REVIEW).due_date == date(2026, 5, 20)


def test_reviews_recur_from_the_later_of_the_plan_and_the_last_review() -> None:
    facts = sick_from(
        completed={
            ACTION_PLAN: (date(2026, 3, 5),),  # day 60
            ACTION_PLAN_REVIEW: (date(2026, 5, 29), date(2026, 4, 10)),  # days 145 and 96, in any order
        }
    )
    states = step_states(facts, date(2026, 6, 1))
    reviews = [(s.sequence, s.due_date, s.status, s.completed_on) for s in states if s.code == ACTION_PLAN_REVIEW]
    assert reviews == [
        (1, date(2026, 4, 16), "done", date(2026, 4, 10)),  # day 60 + 42
        (2, date(2026, 5, 22), "done", date(2026, 5, 29)),  # day 96 + 42 (done late)
        (3, date(2026, 7, 10), "upcoming", None),  # day 145 + 42
    ]
    codes = [s.code for s in states]
    assert codes[codes.index(ACTION_PLAN) + 1 : codes.index(UWV_WEEK42_NOTICE)] == [ACTION_PLAN_REVIEW] * 3


def test_review_interval_is_a_parameter() -> None:
    facts = sick_from(params=Parameters(review_interval_days=28))
    assert step(step_states(facts, FIRST_DAY), ACTION_PLAN_REVIEW).due_date == date(2026, 3, 29)


@pytest.mark.parametrize(
    ("review_done", "track_two_due"),
    [
        (date(2026, 12, 20), date(2027, 1, 31)),  # day 350: 42 days after the review
        (date(2027, 1, 10), date(2027, 2, 14)),  # day 371, late: day 406
    ],
)
def test_track_two_starts_42_days_after_the_first_year_review(review_done: date, track_two_due: date) -> None:
    facts = sick_from(completed={FIRST_YEAR_REVIEW: (review_done,)})
    assert step(step_states(facts, date(2027, 1, 10)), TRACK_TWO_START).due_date == track_two_due


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 2, 7), "upcoming"),  # 8 days before
        (date(2026, 2, 8), "due_soon"),  # 7 days before
        (date(2026, 2, 15), "due_soon"),  # the due day itself
        (date(2026, 2, 16), "overdue"),
    ],
)
def test_status_follows_the_due_date_and_the_reminder_lead_time(today: date, status: str) -> None:
    state = step(step_states(sick_from(), today), PROBLEM_ANALYSIS)
    assert (state.status, state.reason, state.completed_on) == (status, "", None)


def test_due_soon_lead_time_is_a_parameter() -> None:
    facts = sick_from(params=Parameters(due_soon_days=14))
    assert step(step_states(facts, date(2026, 2, 1)), PROBLEM_ANALYSIS).status == "due_soon"


def test_a_completed_step_is_done_even_when_completed_late() -> None:
    facts = sick_from(completed={PROBLEM_ANALYSIS: (date(2026, 3, 10),)})
    state = step(step_states(facts, date(2026, 3, 11)), PROBLEM_ANALYSIS)
    assert (state.status, state.due_date, state.completed_on) == ("done", date(2026, 2, 15), date(2026, 3, 10))


def test_a_step_completed_twice_counts_its_first_completion() -> None:
    facts = sick_from(completed={PROBLEM_ANALYSIS: (date(2026, 3, 10), date(2026, 2, 10))})
    states = step_states(facts, date(2026, 3, 11))
    assert step(states, PROBLEM_ANALYSIS).completed_on == date(2026, 2, 10)
    # The plan follows the first analysis (day 37 + 14; was 2026-03-01 under the old week-8 floor).
    assert step(states, ACTION_PLAN).due_date == date(2026, 2, 24)


# --- Recovery, relapse and closing ----------------------------------------------------------------------------

RECOVERED = (SickPeriod(FIRST_DAY, date(2026, 3, 31)),)  # 86 sick days, fully recovered on 1 April


def test_future_steps_are_suspended_while_recovered_and_past_ones_keep_their_dates() -> None:
    facts = CaseFacts(periods=RECOVERED, completed={PROBLEM_ANALYSIS: (date(2026, 2, 12),)})
    states = step_states(facts, date(2026, 4, 10))
    assert (step(states, PROBLEM_ANALYSIS).status, step(states, PROBLEM_ANALYSIS).due_date) == (
        "done",
        date(2026, 2, 15),
    )
    # Analysis on day 39: plan due day 53 (was 2026-03-01 under the old week-8 floor).
    assert (step(states, ACTION_PLAN).status, step(states, ACTION_PLAN).due_date) == ("overdue", date(2026, 2, 26))
    # The first review (day 98) and everything after it lie beyond the 86 days the clock reached.
    suspended = [s for s in states if s.status == "suspended"]
    assert [s.code for s in suspended] == list(STEP_CODES[STEP_CODES.index(ACTION_PLAN_REVIEW) :])
    assert {(s.due_date, s.window_start, s.reason) for s in suspended} == {(None, None, SUSPENDED_REASON)}


def test_relapse_within_28_days_resumes_the_clock_and_shifts_future_dates_by_the_gap() -> None:
    periods = (*RECOVERED, SickPeriod(date(2026, 4, 20)))  # 19 recovered days
    states = step_states(CaseFacts(periods=periods), date(2026, 4, 20))
    assert step(states, PROBLEM_ANALYSIS).due_date == date(2026, 2, 15)
    assert step(states, ACTION_PLAN_REVIEW).due_date == date(2026, 5, 1)  # 2026-04-12 + 19
    assert step(states, FIRST_YEAR_REVIEW).due_date == date(2027, 1, 22)  # 2027-01-03 + 19
    assert step(states, FIRST_YEAR_REVIEW).window_start == date(2026, 12, 5)  # 2026-11-16 + 19


def test_case_recovered_for_28_days_is_closed_and_open_steps_no_longer_apply() -> None:
    facts = CaseFacts(periods=RECOVERED, completed={PROBLEM_ANALYSIS: (date(2026, 2, 12),)})
    assert step(step_states(facts, date(2026, 4, 27)), FIRST_YEAR_REVIEW).status == "suspended"  # 27 days
    states = step_states(facts, date(2026, 4, 28))
    assert step(states, PROBLEM_ANALYSIS).status == "done"
    others = [s for s in states if s.code not in {PROBLEM_ANALYSIS, UWV_SAFETY_NET_REPORT}]
    assert {(s.status, s.reason) for s in others} == {("not_applicable", RECOVERED_CLOSURE_REASON)}


def test_closed_case_shows_the_given_reason_from_the_closing_day() -> None:
    facts = sick_from(
        completed={PROBLEM_ANALYSIS: (date(2026, 2, 12),)},
        closed_on=date(2026, 6, 30),
        close_reason="Einde dienstverband",
    )
    assert step(step_states(facts, date(2026, 6, 29)), ACTION_PLAN).status == "overdue"
    states = step_states(facts, date(2026, 6, 30))
    assert step(states, PROBLEM_ANALYSIS).status == "done"
    assert (step(states, ACTION_PLAN).status, step(states, ACTION_PLAN).reason) == (
        "not_applicable",
        "Einde dienstverband",
    )
    assert step(states, FIRST_YEAR_REVIEW).reason == "Einde dienstverband"


def test_closed_case_without_a_reason_gets_a_dutch_default() -> None:
    state = step(step_states(sick_from(closed_on=date(2026, 6, 30)), date(2026, 7, 1)), ACTION_PLAN)
    assert (state.status, state.reason) == ("not_applicable", "Het verzuimgeval is afgesloten.")


# --- Properties -----------------------------------------------------------------------------------------------

start_dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
gaps = st.integers(min_value=1, max_value=27)  # recovered days that still continue the case


@st.composite
def case_periods(draw: st.DrawFn) -> tuple[SickPeriod, ...]:
    """One to four sick periods separated by recovered gaps of fewer than 28 days; the last may be open."""
    day = draw(start_dates)
    periods = []
    count = draw(st.integers(min_value=1, max_value=4))
    for index in range(count):
        length = draw(st.integers(min_value=1, max_value=300))
        last = index == count - 1
        if last and draw(st.booleans()):
            periods.append(SickPeriod(day))
            break
        end = day + timedelta(days=length - 1)
        periods.append(SickPeriod(day, end))
        day = end + timedelta(days=draw(gaps) + 1)
    return tuple(periods)


@settings(max_examples=150, deadline=None)
@given(case_periods(), st.integers(min_value=-30, max_value=1000), st.booleans(), st.booleans())
def test_due_dates_never_precede_the_first_sick_day(
    periods: tuple[SickPeriod, ...], today_offset: int, safety_net: bool, threatens: bool
) -> None:
    first = periods[0].start
    facts = CaseFacts(periods=periods, safety_net=safety_net, long_absence_threatens=threatens)
    for state in step_states(facts, first + timedelta(days=today_offset)):
        assert state.due_date is None or state.due_date >= first
        assert state.window_start is None or state.window_start >= first


@settings(max_examples=150, deadline=None)
@given(
    start_dates,
    st.integers(min_value=1, max_value=720),
    gaps,
    st.integers(min_value=0, max_value=800),
    st.booleans(),
    st.booleans(),
)
def test_a_recovered_gap_shifts_every_date_after_it_by_exactly_the_gap(
    first: date, sick_days_before: int, gap: int, days_after_relapse: int, safety_net: bool, threatens: bool
) -> None:
    last_before_gap = first + timedelta(days=sick_days_before - 1)
    relapse = last_before_gap + timedelta(days=gap + 1)
    shift = timedelta(days=gap)
    uninterrupted = CaseFacts(periods=(SickPeriod(first),), safety_net=safety_net, long_absence_threatens=threatens)
    with_gap = CaseFacts(
        periods=(SickPeriod(first, last_before_gap), SickPeriod(relapse)),
        safety_net=safety_net,
        long_absence_threatens=threatens,
    )
    # Compare on the same clock day, so both cases have reached the same point.
    today = relapse + timedelta(days=days_after_relapse)
    plain = by_step(step_states(uninterrupted, today - shift))
    gapped = by_step(step_states(with_gap, today))
    assert plain.keys() == gapped.keys()
    for key, before in plain.items():
        after = gapped[key]
        assert before.due_date is not None
        if key[0] == UWV_WEEK42_NOTICE:
            day_294 = first + timedelta(days=293)
            expected = next_working_day_after(day_294 + shift if day_294 > last_before_gap else day_294)
            assert after.due_date == expected
        elif before.due_date > last_before_gap:
            assert after.due_date == before.due_date + shift
            assert after.status == before.status
        else:
            assert after.due_date == before.due_date


@settings(max_examples=150, deadline=None)
@given(case_periods())
def test_the_clock_counts_sick_days_and_never_recovered_days(periods: tuple[SickPeriod, ...]) -> None:
    first = periods[0].start
    last = periods[-1].end or periods[-1].start + timedelta(days=30)
    day, previous = first, 0
    while day <= last + timedelta(days=5):
        sick = any(p.start <= day and (p.end is None or day <= p.end) for p in periods)
        current = clock_day(periods, day)
        assert current == previous + (1 if sick else 0)
        previous, day = current, day + timedelta(days=1)


@settings(max_examples=150, deadline=None)
@given(case_periods(), st.integers(min_value=1, max_value=1500))
def test_date_of_clock_day_is_the_inverse_of_clock_day(periods: tuple[SickPeriod, ...], day: int) -> None:
    on = date_of_clock_day(periods, day)
    if on is None:
        assert periods[-1].end is not None
        assert clock_day(periods, periods[-1].end) < day
    else:
        assert clock_day(periods, on) == day
        assert clock_day(periods, on - timedelta(days=1)) == day - 1
