"""The Poortwachter engine: the 104-week clock of an absence case and every step's dates and status
(docs/domain.md §4-§5).

Pure rules: plain functions over frozen dataclasses, no ORM and no settings. Dates are counted in *clock days*:
day 1 is the first sick day and only days of (full or partial) incapacity count, so a fully recovered gap
stops the clock and shifts every later deadline by the length of the gap. "By week N" means by the end of
day 7·N. While the employee is in a recovered gap, a deadline whose clock day has not been reached yet has
no date (the step is *suspended*) until a relapse or until the case closes.

Choices written down here (docs/domain.md asks for them):

* ``window_start`` is ``None`` for a step without a window (only the first-year review, the current assessment
  and the WIA application have one).
* A step that was completed more than once (other than the recurring plan review) counts its *first*
  completion: that is the one the deadline is tested against.
* The case counts as closed on ``CaseFacts.closed_on`` and also, without it, once the employee has been
  fully recovered for 28 days (``case_closes_on``): open steps then become *not applicable*.
* The plan of action is due two weeks after the problem analysis was made (Regeling procesgang eerste en tweede
  ziektejaar art. 4 lid 1), and on day 56 (week 8) while no analysis is recorded. The Regeling counts calendar time;
  the engine counts the two weeks in clock days, so a fully recovered gap between the analysis and the plan's
  deadline moves that deadline by the gap. Chosen because a recovered employee has nothing to re-integrate into
  (the deadline is suspended in the gap like every other one, decisions.md #16) and the plan's date stays on
  the one clock the reviews, the guarantee and the reminders read; without a gap the two counts agree.
* The report to the arbodienst (``REPORT_TO_OHS``, Arbowet art. 14 lid 1 sub b) is due on day 7, a product
  parameter: no act names a day, in practice the report is made within the first week. The engine only dates it;
  that the sickness report in the portal completes it when the employer uses the policy's arbodienst is a service
  rule (cases/absence/services.py, docs/domain.md §5).
* Working days for the 42nd-week notice follow the Algemene termijnenwet (art. 3): the portal's one calendar,
  ``verzuim.workdays``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from verzuim.workdays import next_working_day_after

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Step codes of docs/domain.md §5, in the order of the table.
REPORT_TO_OHS = "report_to_ohs"
UWV_SAFETY_NET_REPORT = "uwv_safety_net_report"
CASEMANAGER_ASSIGNED = "casemanager_assigned"
PROBLEM_ANALYSIS = "problem_analysis"
ACTION_PLAN = "action_plan"
ACTION_PLAN_REVIEW = "action_plan_review"
UWV_WEEK42_NOTICE = "uwv_week42_notice"
FIRST_YEAR_REVIEW = "first_year_review"
INCOME_INSIGHT = "income_insight"
LABOUR_EXPERT_ASSESSMENT = "labour_expert_assessment"
TRACK_TWO_START = "track_two_start"
EARLY_IVA_DEADLINE = "early_iva_deadline"
CURRENT_ASSESSMENT = "current_assessment"
FINAL_REVIEW = "final_review"
REINTEGRATION_REPORT = "reintegration_report"
WIA_APPLICATION = "wia_application"
WAGE_OBLIGATION_END = "wage_obligation_end"

STATUSES = ("upcoming", "due_soon", "overdue", "done", "not_applicable", "suspended")
# How a step's status reads on the pages and in the PDFs (the check of the re-integration report has its own words:
# it speaks of parts being present or missing).
STATUS_LABELS = {
    "upcoming": _("Gepland"),
    "due_soon": _("Binnenkort"),
    "overdue": _("Te laat"),
    "done": _("Afgerond"),
    "not_applicable": _("Niet van toepassing"),
    "suspended": _("Opgeschort"),
}
OWNERS = ("employer", "physician", "casemanager", "insurer", "employee", "labour_expert", "none")

# BW art. 7:629 lid 1: wage continues for 104 weeks; the WIA benefit can start on the day after.
WAGE_OBLIGATION_LAST_DAY = 7 * 104
# Casemanager early when long absence threatens (docs/domain.md §5); "still sick on day 14" is one of the signs.
CASEMANAGER_EARLY_DAY = 14
LONG_ABSENCE_EXPECTED_DAYS = 28
# Regeling procesgang eerste en tweede ziektejaar: the problem analysis within six weeks (art. 2 lid 2) and the plan
# of action within two weeks of it (art. 4 lid 1); without an analysis, week 8 (6 + 2).
PROBLEM_ANALYSIS_DAY = 7 * 6
ACTION_PLAN_AFTER_ANALYSIS_DAYS = 14
ACTION_PLAN_DAY = PROBLEM_ANALYSIS_DAY + ACTION_PLAN_AFTER_ANALYSIS_DAYS
# Regeling procesgang art. 7 with Wet WIA art. 64 lid 1: the re-integration report is complete by week 91, to go with
# the WIA application; UWV judges the re-integration effort (and may impose a wage sanction) on that application.
REINTEGRATION_REPORT_DAY = 7 * 91


@dataclass(frozen=True)
class SickPeriod:
    """A stretch of (full or partial) incapacity. Full recovery on date R ends it with ``end = R - 1 day``."""

    start: date  # first sick day of this period
    end: date | None = None  # last sick day (inclusive); None while still sick

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"a sick period cannot end ({self.end}) before it starts ({self.start})")


@dataclass(frozen=True)
class Parameters:
    """The rule values insurer staff may change (docs/domain.md marks them as parameters)."""

    report_to_ohs_day: int = 7
    review_interval_days: int = 42  # Regeling procesgang: evaluate the plan at least every 6 weeks
    due_soon_days: int = 7  # reminder lead time for "due_soon"
    relapse_window_days: int = 28  # BW art. 7:629 lid 10: sick periods < 4 weeks apart are summed

    def __post_init__(self) -> None:
        for name in ("report_to_ohs_day", "review_interval_days", "relapse_window_days"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.due_soon_days < 0:
            raise ValueError("due_soon_days cannot be negative")


@dataclass(frozen=True)
class CaseFacts:
    """Everything the engine needs to know about one case."""

    periods: tuple[SickPeriod, ...]  # sorted by start, non-overlapping, all of one case
    # step code -> completion dates (action_plan_review may have several, the others one)
    completed: Mapping[str, tuple[date, ...]] = field(default_factory=dict)
    safety_net: bool = False  # Ziektewet safety-net flagged at the sickness report
    long_absence_threatens: bool = False  # see long_absence_threatens(): expected >= 28 days, day 14, physician
    closed_on: date | None = None  # case ended (recovered 28 days, employment end, death, WIA start)
    close_reason: str = ""  # Dutch reason shown for the steps that became not applicable
    params: Parameters = Parameters()


@dataclass(frozen=True)
class StepState:
    """One step of a case as it stands on a given day."""

    code: str
    sequence: int  # 1 for every step; action_plan_review: 1, 2, 3, ...
    title: str  # Dutch
    owner: str  # one of OWNERS
    window_start: date | None
    due_date: date | None  # None while suspended
    status: str  # one of STATUSES
    completed_on: date | None
    reason: str  # Dutch reason for not_applicable / suspended, else ""


# --- The clock (docs/domain.md §4) ---------------------------------------------------------------------------------


def clock_day(periods: Sequence[SickPeriod], on: date) -> int:
    """Sick days from the first sick day up to and including ``on``; recovered days do not count."""
    total = 0
    for period in periods:
        if on < period.start:
            break
        last = on if period.end is None or on <= period.end else period.end
        total += (last - period.start).days + 1
    return total


def date_of_clock_day(periods: Sequence[SickPeriod], day: int) -> date | None:
    """The date on which the clock reaches ``day`` (day 1 = first sick day).

    A day inside a recorded period has its historic date; a later day is projected while the last period is
    still open, and has no date (``None``: suspended) while the employee is fully recovered.
    """
    if day < 1:
        raise ValueError(f"clock days start at 1, not {day}")
    remaining = day
    for period in periods:
        if period.end is None:
            return period.start + timedelta(days=remaining - 1)
        length = (period.end - period.start).days + 1
        if remaining <= length:
            return period.start + timedelta(days=remaining - 1)
        remaining -= length
    return None


def first_day_after_104_weeks(periods: Sequence[SickPeriod]) -> date | None:
    """The first day the wage obligation no longer covers (BW art. 7:629 lid 1), the possible WIA start."""
    return date_of_clock_day(periods, WAGE_OBLIGATION_LAST_DAY + 1)


def reintegration_report_due(periods: Sequence[SickPeriod]) -> date | None:
    """The day the re-integration report is due (end of week 91); ``None`` while the clock is suspended before it."""
    return date_of_clock_day(periods, REINTEGRATION_REPORT_DAY)


def relapse_continues_case(last_sick_day: date, new_first_sick_day: date, params: Parameters = Parameters()) -> bool:
    """Whether a new sickness continues the case: fewer than 28 fully recovered days in between (BW 7:629 lid 10)."""
    if new_first_sick_day <= last_sick_day:
        raise ValueError(f"a new sickness ({new_first_sick_day}) must start after the last sick day ({last_sick_day})")
    recovered_days = (new_first_sick_day - last_sick_day).days - 1
    return recovered_days < params.relapse_window_days


def case_closes_on(periods: Sequence[SickPeriod], params: Parameters = Parameters()) -> date | None:
    """The day the employee completes 28 fully recovered days (the case is closed from then on); None while sick."""
    if not periods or periods[-1].end is None:
        return None
    return periods[-1].end + timedelta(days=params.relapse_window_days)


def long_absence_threatens(
    periods: Sequence[SickPeriod],
    today: date,
    *,
    expected_duration_days: int | None = None,
    physician_flagged: bool = False,
) -> bool:
    """Domain.md §5: expected to last 28 days or more, still sick on (clock) day 14, or the physician says so."""
    if physician_flagged:
        return True
    if expected_duration_days is not None and expected_duration_days >= LONG_ABSENCE_EXPECTED_DAYS:
        return True
    return clock_day(periods, today) >= CASEMANAGER_EARLY_DAY


# --- The steps (docs/domain.md §5) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Case:
    """The facts of one case plus the look-ups the due-day rules share."""

    facts: CaseFacts

    def completed_on(self, code: str) -> date | None:
        dates = self.facts.completed.get(code, ())
        return min(dates) if dates else None

    def completed_day(self, code: str) -> int | None:
        done = self.completed_on(code)
        return None if done is None else clock_day(self.facts.periods, done)


def _casemanager_day(case: _Case) -> int:
    return CASEMANAGER_EARLY_DAY if case.facts.long_absence_threatens else 56


def _action_plan_day(case: _Case) -> int:
    """Regeling procesgang eerste en tweede ziektejaar art. 4 lid 1: the plan within two weeks of the physician's
    judgement (the problem analysis). While there is no analysis, the plan is due in week 8 (day 56): the analysis
    is due on day 42 (art. 2 lid 2), plus two weeks. An analysis on time therefore brings the plan forward
    (analysis on day 20: plan on day 34); a late one pushes it back (day 50: day 64).

    The two weeks are counted in clock days, like every deadline of the engine: a recovered gap after the analysis
    stops them (see the module docstring)."""
    analysis_day = case.completed_day(PROBLEM_ANALYSIS)
    return ACTION_PLAN_DAY if analysis_day is None else analysis_day + ACTION_PLAN_AFTER_ANALYSIS_DAYS


def _first_review_day(case: _Case) -> int:
    # Counted from the plan's completion, or from its due day while it is not done yet.
    plan_day = case.completed_day(ACTION_PLAN)
    return (plan_day if plan_day is not None else _action_plan_day(case)) + case.facts.params.review_interval_days


def _track_two_day(case: _Case) -> int:
    # BW 7:658a lid 3 (tweede spoor); UWV's Werkwijzer Poortwachter expects it within 6 weeks of the first-year
    # review. A late (or missing) review counts as held on day 364.
    review_day = case.completed_day(FIRST_YEAR_REVIEW)
    if review_day is not None and review_day <= 364:
        return review_day + 42
    return 364 + 42


@dataclass(frozen=True)
class StepRule:
    """One row of docs/domain.md §5. ``due_day`` is a clock day, or a rule computing it from the case."""

    code: str
    title: StrPromise
    owner: str
    due_day: int | Callable[[_Case], int]
    window_day: int | None = None
    # The deadline is the first working day after the due day's date instead of that date itself.
    working_day_after: bool = False
    # Returns a Dutch reason when the step does not apply to this case.
    not_applicable: Callable[[CaseFacts], StrPromise | None] | None = None
    recurring: bool = False


def _safety_net_not_applicable(facts: CaseFacts) -> StrPromise | None:
    return None if facts.safety_net else _("Geen vangnetsituatie (Ziektewet) gemeld.")


STEP_RULES: tuple[StepRule, ...] = (
    # Arbowet art. 14 lid 1 sub b: the employer engages the arbodienst; reported within a week in practice, the day
    # a product parameter. On the policy's arbodienst the sickness report completes it (cases.absence.services).
    StepRule(REPORT_TO_OHS, _("Ziekmelding aan de arbodienst"), "employer", lambda c: c.facts.params.report_to_ohs_day),
    # Ziektewet safety net (vangnet): UWV pays the benefit, so it must hear of the sickness early (docs/domain.md §5).
    StepRule(
        UWV_SAFETY_NET_REPORT,
        _("Vangnetmelding Ziektewet aan UWV"),
        "employer",
        4,
        not_applicable=_safety_net_not_applicable,
    ),
    StepRule(CASEMANAGER_ASSIGNED, _("Casemanager aangesteld"), "insurer", _casemanager_day),
    # Regeling procesgang eerste en tweede ziektejaar art. 2 lid 2: probleemanalyse within 6 weeks.
    StepRule(PROBLEM_ANALYSIS, _("Probleemanalyse"), "physician", PROBLEM_ANALYSIS_DAY),
    # Regeling procesgang art. 4 lid 1: two weeks after the analysis (week 8 while there is none).
    StepRule(ACTION_PLAN, _("Plan van aanpak"), "employer", _action_plan_day),
    # Regeling procesgang: the plan is evaluated and adjusted periodically (every 6 weeks by default).
    StepRule(ACTION_PLAN_REVIEW, _("Bijstelling plan van aanpak"), "casemanager", _first_review_day, recurring=True),
    # Ziektewet art. 38: report to UWV at the latest on the first working day after week 42.
    StepRule(UWV_WEEK42_NOTICE, _("42e-weeksmelding aan UWV"), "employer", 7 * 42, working_day_after=True),
    # Regeling procesgang: eerstejaarsevaluatie in weeks 46-52.
    StepRule(FIRST_YEAR_REVIEW, _("Eerstejaarsevaluatie"), "employer", 7 * 52, window_day=316),
    # MKB-VOV service (docs/domain.md §6): at the latest after one year the employee sees the income consequences.
    StepRule(INCOME_INSIGHT, _("Gesprek inkomensgevolgen met werknemer"), "casemanager", 7 * 52),
    StepRule(LABOUR_EXPERT_ASSESSMENT, _("Arbeidsdeskundig onderzoek"), "labour_expert", 7 * 52),
    StepRule(TRACK_TWO_START, _("Start tweede spoor"), "employer", _track_two_day),
    # Wet WIA: an early IVA can be requested until week 68 (information for the employee).
    StepRule(EARLY_IVA_DEADLINE, _("Uiterste datum aanvraag vervroegde IVA"), "employee", 7 * 68),
    # Regeling procesgang: the physician's actueel oordeel in weeks 87-91, for the WIA application.
    StepRule(CURRENT_ASSESSMENT, _("Actueel oordeel bedrijfsarts"), "physician", 7 * 91, window_day=603),
    StepRule(FINAL_REVIEW, _("Eindevaluatie"), "employer", 7 * 91),
    StepRule(REINTEGRATION_REPORT, _("Re-integratieverslag compleet"), "employer", REINTEGRATION_REPORT_DAY),
    # Wet WIA art. 64: the application at the latest 11 weeks before the end of the 104 weeks (week 93).
    StepRule(WIA_APPLICATION, _("WIA-aanvraag"), "employee", 7 * 93, window_day=610),
    StepRule(WAGE_OBLIGATION_END, _("Einde loondoorbetaling (104 weken)"), "none", WAGE_OBLIGATION_LAST_DAY),
)
STEP_CODES: tuple[str, ...] = tuple(rule.code for rule in STEP_RULES)


def _rule_day(rule: StepRule, case: _Case) -> int:
    return rule.due_day if isinstance(rule.due_day, int) else rule.due_day(case)


def _due_date(rule: StepRule, periods: Sequence[SickPeriod], day: int) -> date | None:
    on = date_of_clock_day(periods, day)
    if on is None or not rule.working_day_after:
        return on
    return next_working_day_after(on)


def _closure(facts: CaseFacts, today: date) -> str | None:
    """The Dutch reason the case is closed on ``today``, or None while it runs."""
    if facts.closed_on is not None and facts.closed_on <= today:
        return facts.close_reason or str(_("Het verzuimgeval is afgesloten."))
    recovered_closure = case_closes_on(facts.periods, facts.params)
    if recovered_closure is not None and recovered_closure <= today:
        return str(
            _("Het verzuimgeval is afgesloten: de werknemer is %(days)s dagen volledig hersteld.")
            % {"days": facts.params.relapse_window_days}
        )
    return None


def _state(
    rule: StepRule,
    case: _Case,
    today: date,
    *,
    sequence: int,
    due_day: int,
    completed_on: date | None,
    closure: str | None,
) -> StepState:
    facts = case.facts
    due_date = _due_date(rule, facts.periods, due_day)
    window_start = None if rule.window_day is None else date_of_clock_day(facts.periods, rule.window_day)
    inapplicable = rule.not_applicable(facts) if rule.not_applicable is not None else None
    reason = ""
    if completed_on is not None:
        status = "done"
    elif inapplicable is not None:
        status, reason = "not_applicable", str(inapplicable)
    elif closure is not None:
        status, reason = "not_applicable", closure
    elif due_date is None:
        status = "suspended"
        reason = str(
            _(
                "Opgeschort: de werknemer is volledig hersteld. Bij een nieuwe ziekmelding binnen %(days)s dagen "
                "loopt de termijn verder."
            )
            % {"days": facts.params.relapse_window_days}
        )
    elif due_date < today:
        status = "overdue"
    elif (due_date - today).days <= facts.params.due_soon_days:
        status = "due_soon"
    else:
        status = "upcoming"
    return StepState(
        code=rule.code,
        sequence=sequence,
        title=str(rule.title),
        owner=rule.owner,
        window_start=window_start,
        due_date=due_date,
        status=status,
        completed_on=completed_on,
        reason=reason,
    )


def _review_states(rule: StepRule, case: _Case, today: date, closure: str | None) -> list[StepState]:
    """Every completed plan review plus the next open one.

    Review k+1 is due ``review_interval_days`` clock days after the later of the plan's completion and review
    k's completion; the first review is due by ``_first_review_day``.
    """
    facts = case.facts
    plan_day = case.completed_day(ACTION_PLAN)
    due_day = _rule_day(rule, case)
    states = []
    reviews = sorted(facts.completed.get(rule.code, ()))
    for sequence, done_on in enumerate(reviews, start=1):
        states.append(
            _state(rule, case, today, sequence=sequence, due_day=due_day, completed_on=done_on, closure=closure)
        )
        review_day = clock_day(facts.periods, done_on)
        anchor = review_day if plan_day is None else max(plan_day, review_day)
        due_day = anchor + facts.params.review_interval_days
    next_sequence = len(reviews) + 1
    states.append(
        _state(rule, case, today, sequence=next_sequence, due_day=due_day, completed_on=None, closure=closure)
    )
    return states


def check_periods(periods: Sequence[SickPeriod]) -> None:
    """Raise ValueError unless the periods are non-empty, sorted, non-overlapping and only the last is open."""
    if not periods:
        raise ValueError("a case has at least one sick period")
    for earlier, later in pairwise(periods):
        if earlier.end is None or later.start <= earlier.end:
            raise ValueError(f"sick periods overlap or are out of order: {earlier} and {later}")


def step_states(facts: CaseFacts, today: date) -> list[StepState]:
    """Every step of docs/domain.md §5 on ``today``, in the table's order (plan reviews by sequence in their place)."""
    check_periods(facts.periods)
    case = _Case(facts)
    closure = _closure(facts, today)
    states: list[StepState] = []
    for rule in STEP_RULES:
        if rule.recurring:
            states.extend(_review_states(rule, case, today, closure))
        else:
            states.append(
                _state(
                    rule,
                    case,
                    today,
                    sequence=1,
                    due_day=_rule_day(rule, case),
                    completed_on=case.completed_on(rule.code),
                    closure=closure,
                )
            )
    return states
