"""Premium simulator: what the absence of this year does to next year's premium (issue 24; docs/domain.md §7,
"Premium simulator"). Nothing is stored but the audit row of the read.

Next year's premium is computed as the renewal computes it (premiums.renewal.gather and quote_input build the
calculator's QuoteInput from the employer's data, premiums.calculator.premium_quote computes it), with one
change: the own absence of this year, which the renewal counts up to the day before the calculation, is projected
to 31 December (decision 362):

* every running sickness (an open case with a running sick period) lasts until its recovery "over N weeks": its
  last sick day is today + N weeks - 1 day, at the fraction absent it has now (a partial recovery stays as it is);
* of the working time left from today up to 31 December that the running sicknesses do not take, the "other
  absence" percentage is lost to new sickness (default: the employer's absence this year so far without the
  running cases, decision 363);
* the percentage is the CBS figure of cases.statistics.rules (calendar days, part-time factor, without safety-net
  cases), rounded half up to two decimals as the renewal's own absence is.

The other two years of the window (the two before this one) are the renewal's, as is everything else: insured
employees on the reference date, sector, waiting days, coverage, previous F and its rise cap. The parameters are
next year's dated set, or this year's set when next year's is not recorded yet (premiums.parameters.for_year
carries a set forward one year); `Basis.parameters_carried_forward` says which, and the page and the API say so.

The prefilled "recovers in N weeks" of a running sickness (decision 364): the newest estimate of its duration (the
occupational physician's functional assessment, else the employer's at the sickness report: one of the four
things that leave the medical compartment, cases.medical.selectors.expected_duration) when that ends after today;
otherwise as long again as the employee has been absent so far, at least two weeks. Never beyond 104 weeks of
sickness in all, the end of the wage-continuation obligation (BW art. 7:629 lid 1,
https://wetten.overheid.nl/BWBR0005290/#Boek7_Titeldeel10_Afdeling5_Artikel629).

The intervention line (decision 365): the same simulation with one running sickness N weeks shorter (default the
one expected to last longest, 4 weeks), and what that saves.

The simulation is only for next year (today's year + 1): for a later year the whole absence year would be an
assumption, and this year's premium is already set.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase, CaseStatus
from cases.medical.models import FunctionalAssessment
from cases.statistics import data as statistics_data
from cases.statistics import rules as statistics
from premiums import calculator, explanation, parameters, renewal
from premiums.models import Coverage, Policy, SbiSection, WaitingDays
from premiums.services import policies_in_force
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Employer, Role, User
from verzuim.selectors import employer_get

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")
# Wage continuation during sickness ends after 104 weeks (BW art. 7:629 lid 1).
MAX_WEEKS = 104
MIN_DEFAULT_WEEKS = 2
DEFAULT_INTERVENTION_WEEKS = 4
SIMULATOR_ROLES = frozenset({Role.EMPLOYER, Role.INSURER})


@dataclass(frozen=True)
class RunningCase:
    """A running sickness of the employer, with the prefilled expectation of its recovery."""

    case_id: uuid.UUID
    employee_name: str
    first_sick_day: dt.date
    weeks_absent: int
    safety_net: bool
    default_weeks: int
    default_source: str

    @property
    def max_weeks(self) -> int:
        return max(MAX_WEEKS - self.weeks_absent, 0)


@dataclass(frozen=True)
class Basis:
    """Everything the simulation reads of the database; `simulate` computes from it without a query."""

    employer: Employer
    policy: Policy
    year: int
    today: dt.date
    loaded: parameters.LoadedParameters
    sector: parameters.Sector
    prepared: renewal.Prepared
    facts: statistics_data.EmployerFacts
    running: tuple[RunningCase, ...]
    other_absence_pct_default: Decimal

    @property
    def absence_year(self) -> int:
        return self.year - 1

    @property
    def parameters_carried_forward(self) -> bool:
        """True when next year has no parameter set yet and this year's serves (premiums.parameters.for_year)."""
        return self.loaded.parameter_set.valid_from.year < self.year

    @property
    def parameters_valid_from(self) -> dt.date:
        return self.loaded.parameter_set.valid_from

    def running_case(self, case_id: Any) -> RunningCase | None:
        return next((case for case in self.running if str(case.case_id) == str(case_id)), None)


@dataclass(frozen=True)
class Assumptions:
    recovers_in_weeks: Mapping[uuid.UUID, int]
    other_absence_pct: Decimal
    intervention_case: uuid.UUID | None = None
    intervention_weeks: int = DEFAULT_INTERVENTION_WEEKS


@dataclass(frozen=True)
class Outcome:
    """One run of the calculator: its input, its result and the explanation of the premium page."""

    projected_absence_pct: Decimal | None
    quote: calculator.QuoteInput
    result: calculator.QuoteResult
    explanation: explanation.Explanation


@dataclass(frozen=True)
class CaseLine:
    case: RunningCase
    recovers_in_weeks: int
    recovery_date: dt.date


@dataclass(frozen=True)
class Intervention:
    case: RunningCase
    weeks_shorter: int  # as asked
    weeks_applied: int  # at most the weeks the case is still expected to last
    outcome: Outcome
    premium_without: Decimal  # the simulation's premium without the intervention
    recovery_date: dt.date  # the expected recovery with the intervention
    absence_year: int  # the year whose absence the simulated premium weighs most

    @property
    def saving(self) -> Decimal:
        return self.premium_without - self.outcome.result.premium

    @property
    def still_running_at_year_end(self) -> bool:
        """Whether the sickness still runs past 31 December with the intervention: then the weeks it saves fall
        in a year the simulated premium does not count yet, and the page says why the saving is nil."""
        return self.recovery_date > dt.date(self.absence_year, 12, 31)


@dataclass(frozen=True)
class Simulation:
    basis: Basis
    assumptions: Assumptions
    lines: tuple[CaseLine, ...]
    outcome: Outcome
    intervention: Intervention | None


# --- Loading -----------------------------------------------------------------------------------------------------


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _weeks_absent(first_sick_day: dt.date, today: dt.date) -> int:
    return max((today - first_sick_day).days // 7, 0)


def default_weeks(
    *, first_sick_day: dt.date, today: dt.date, estimate_days: int | None, estimate_source: str
) -> tuple[int, str]:
    """The prefilled "recovers in N weeks" and where it comes from (decision 364, the module docstring)."""
    absent = _weeks_absent(first_sick_day, today)
    most = max(MAX_WEEKS - absent, 0)
    if estimate_days:
        remaining = (first_sick_day + dt.timedelta(days=estimate_days) - today).days
        if remaining > 0:
            return min(math.ceil(remaining / 7), most), estimate_source
    return min(max(absent, MIN_DEFAULT_WEEKS), most), _(
        "aanname: ongeveer even lang als het verzuim tot nu toe, want er is geen verwachte duur die na vandaag eindigt"
    )


def _running_cases(employer: Employer, today: dt.date) -> tuple[RunningCase, ...]:
    """The employer's open cases with a running sick period, oldest first, in two queries."""
    cases = list(
        AbsenceCase.objects.filter(employer=employer, status=CaseStatus.OPEN, periods__end__isnull=True)
        .select_related("employee")
        .distinct()
        .order_by("first_sick_day", "pk")
    )
    estimates: dict[uuid.UUID, tuple[int | None, str]] = {}
    for case_id, days, assessed_on in (
        FunctionalAssessment.objects.filter(case__in=[case.pk for case in cases], expected_duration_days__isnull=False)
        .order_by("-assessed_on", "-created_at")
        .values_list("case_id", "expected_duration_days", "assessed_on")
    ):
        if case_id not in estimates:
            source = _("volgens de bedrijfsarts op %(date)s") % {"date": f"{assessed_on:%d-%m-%Y}"}
            estimates[case_id] = (days, source)
    running = []
    for case in cases:
        days, source = estimates.get(case.pk) or (case.expected_duration_days, _("volgens de ziekmelding"))
        weeks, source = default_weeks(
            first_sick_day=case.first_sick_day, today=today, estimate_days=days, estimate_source=source
        )
        running.append(
            RunningCase(
                case_id=case.pk,
                employee_name=case.employee.full_name,
                first_sick_day=case.first_sick_day,
                weeks_absent=_weeks_absent(case.first_sick_day, today),
                safety_net=case.safety_net,
                default_weeks=weeks,
                default_source=source,
            )
        )
    return tuple(running)


def _window(prepared: renewal.Prepared, absence_year: int) -> tuple[dt.date, dt.date]:
    return max(dt.date(absence_year, 1, 1), prepared.insured_since), dt.date(absence_year, 12, 31)


def _absence_so_far_without(
    facts: statistics_data.EmployerFacts, *, running_ids: set[Any], start: dt.date, today: dt.date
) -> Decimal:
    """This year's absence up to yesterday without the running cases: the default "other absence" (decision 363)."""
    end = today - dt.timedelta(days=1)
    if end < start:
        return Decimal(0)
    others = [case for case in facts.cases if case.case_id not in running_ids]
    return statistics.absence_pct_excl_pregnancy(facts.employees, others, start, end)


def simulation_employer(*, fetched_by: User, employer_id: Any) -> Employer:
    """The employer whose premium the user may simulate: an employer user its own, insurer staff any; else 404."""
    if fetched_by.role not in SIMULATOR_ROLES:
        raise Http404
    return employer_get(fetched_by=fetched_by, employer_id=employer_id)


def next_year(today: dt.date) -> int:
    return today.year + 1


def simulation_basis(*, employer: Employer, year: int, today: dt.date) -> Basis:
    """Loads what the simulation needs, in a fixed number of queries however many cases the employer has.

    Raises ValidationError (Dutch, on `year` or `employer`) when next year cannot be simulated.
    """
    if year != next_year(today):
        raise ValidationError(
            {"year": [_("De simulatie rekent de premie van volgend jaar door: %(year)d.") % {"year": next_year(today)}]}
        )
    try:
        loaded = parameters.for_year(year)
    except parameters.ParametersUnavailable as error:
        raise ValidationError({"year": [str(error)]}) from error
    policy = (
        Policy.objects.filter(policies_in_force(year), employer=employer)
        .select_related("employer")
        .order_by("-start_date")
        .first()
    )
    if policy is None:
        raise ValidationError({"employer": [_("Er is geen lopende polis die in %(year)d geldt.") % {"year": year}]})
    try:
        sector = loaded.sector_for(employer.sbi_code)
    except parameters.ParametersUnavailable as error:
        raise ValidationError({"employer": [str(error)]}) from error
    gathered = renewal.gather([employer.pk], year=year)
    prepared = renewal.quote_input(policy, year=year, sector=sector, gathered=gathered, calculated_on=today)
    facts = gathered.facts[employer.pk]
    running = _running_cases(employer, today)
    start, _end = _window(prepared, year - 1)
    return Basis(
        employer=employer,
        policy=policy,
        year=year,
        today=today,
        loaded=loaded,
        sector=sector,
        prepared=prepared,
        facts=facts,
        running=running,
        other_absence_pct_default=_absence_so_far_without(
            facts, running_ids={case.case_id for case in running}, start=start, today=today
        ),
    )


def simulation_audit(*, user: User, basis: Basis, view: str) -> None:
    """The read of the employer's data: one audit row per simulation shown (nothing else is stored)."""
    audit_record(
        actor=user,
        action=AuditAction.READ,
        object_type="premium_simulation",
        object_id=basis.employer.pk,
        employer=basis.employer,
        changes={"year": basis.year, "view": view},
    )


# --- Computing (no queries) --------------------------------------------------------------------------------------


def _projected_case(case: statistics.CaseFacts, *, last_sick_day: dt.date) -> statistics.CaseFacts:
    periods = tuple(
        statistics.Period(start=period.start, end=last_sick_day) if period.end is None else period
        for period in case.periods
    )
    return replace(case, periods=periods)


def projected_absence_pct(
    basis: Basis, *, recovers_in_weeks: Mapping[uuid.UUID, int], other_absence_pct: Decimal
) -> Decimal | None:
    """This year's own absence up to 31 December under the assumptions (the module docstring); None when the
    employer had no insured employee days this year (the year drops out, as in the renewal)."""
    start, end = _window(basis.prepared, basis.absence_year)
    employees = basis.facts.employees
    if end < start or not any(statistics.employed_days(span, start, end) for span in employees):
        return None
    today = basis.today
    cases = [
        _projected_case(case, last_sick_day=today + dt.timedelta(weeks=recovers_in_weeks[case.case_id], days=-1))
        if case.case_id in recovers_in_weeks
        else case
        for case in basis.facts.cases
    ]
    available = sum((statistics.employed_days(e, start, end) * e.part_time_factor for e in employees), Decimal(0))
    if not available:
        return None
    absent = sum(
        (statistics.absent_days(c, start, end) * c.employee.part_time_factor for c in cases if not c.safety_net),
        Decimal(0),
    )
    rest_start = max(today, start)
    if rest_start <= end:
        rest = sum((statistics.employed_days(e, rest_start, end) * e.part_time_factor for e in employees), Decimal(0))
        taken = sum(
            (
                statistics.absent_days(c, rest_start, end) * c.employee.part_time_factor
                for c in cases
                if c.case_id in recovers_in_weeks
            ),
            Decimal(0),
        )
        absent += other_absence_pct / HUNDRED * max(rest - taken, Decimal(0))
    return _round(min(absent / available * HUNDRED, HUNDRED))


def explain(basis: Basis, quote: calculator.QuoteInput, result: calculator.QuoteResult) -> explanation.Explanation:
    """The explanation of the premium page (premiums.explanation.Explanation) for a simulated quote."""
    uncapped = explanation.uncapped_premium(
        insured_payroll=result.insured_payroll,
        base_rate_pct=result.base_rate_pct,
        own_absence_factor_uncapped=result.own_absence_factor_uncapped,
    )
    return explanation.Explanation(
        year=quote.year,
        reference_date=basis.prepared.reference_date,
        insured_since=basis.prepared.insured_since,
        employee_count=result.employee_count,
        wage_cap=basis.loaded.parameters.wage_cap,
        employer_charges_pct=quote.employer_charges_pct,
        insured_payroll=result.insured_payroll,
        sector_section=basis.sector.section,
        sector_label=explanation.choice_label(SbiSection, basis.sector.section),
        sector_rate_pct=quote.sector_rate_pct,
        average_age=result.average_age,
        age_wage_mix_factor=result.age_wage_mix_factor,
        waiting_days=quote.waiting_days,
        waiting_days_label=explanation.choice_label(WaitingDays, quote.waiting_days),
        waiting_days_factor=result.waiting_days_factor,
        coverage=quote.coverage,
        coverage_label=explanation.choice_label(Coverage, quote.coverage),
        coverage_factor=result.coverage_factor,
        base_rate_pct=result.base_rate_pct,
        absence_years=explanation.absence_years(
            {str(year): pct for year, pct in quote.own_absence_pct.items()}, year=quote.year
        ),
        weighted_own_absence_pct=result.weighted_own_absence_pct,
        sector_absence_pct=quote.sector_absence_pct,
        experience_ratio=result.experience_ratio,
        credibility_weight_pct=result.credibility_weight_pct,
        rest_weight_pct=HUNDRED - result.credibility_weight_pct,
        own_absence_factor_uncapped=result.own_absence_factor_uncapped,
        previous_own_absence_factor=quote.previous_own_absence_factor,
        rise_cap_pct=basis.loaded.parameter_set.rise_cap_pct,
        own_absence_factor_ceiling=result.own_absence_factor_ceiling,
        own_absence_factor=result.own_absence_factor,
        cap_applied=result.cap_applied,
        uncapped_premium=uncapped,
        cap_saving=explanation.cap_saving(premium=result.premium, uncapped=uncapped)
        if result.cap_applied
        else Decimal(0),
        premium=result.premium,
        parameters_valid_from=basis.parameters_valid_from,
    )


def outcome(basis: Basis, *, recovers_in_weeks: Mapping[uuid.UUID, int], other_absence_pct: Decimal) -> Outcome:
    """Next year's premium under the assumptions: the renewal's QuoteInput with this year's absence projected."""
    projected = projected_absence_pct(basis, recovers_in_weeks=recovers_in_weeks, other_absence_pct=other_absence_pct)
    own = {year: pct for year, pct in basis.prepared.quote.own_absence_pct.items() if year != basis.absence_year}
    if projected is not None:
        own[basis.absence_year] = projected
    quote = replace(basis.prepared.quote, own_absence_pct=own)
    result = calculator.premium_quote(quote, parameters=basis.loaded.parameters)
    return Outcome(
        projected_absence_pct=projected, quote=quote, result=result, explanation=explain(basis, quote, result)
    )


def default_assumptions(basis: Basis) -> Assumptions:
    return Assumptions(
        recovers_in_weeks={case.case_id: case.default_weeks for case in basis.running},
        other_absence_pct=basis.other_absence_pct_default,
    )


def simulate(basis: Basis, assumptions: Assumptions) -> Simulation:
    """The simulation under the assumptions; a running case the assumptions do not name keeps its prefill."""
    weeks = {
        case.case_id: assumptions.recovers_in_weeks.get(case.case_id, case.default_weeks) for case in basis.running
    }
    main = outcome(basis, recovers_in_weeks=weeks, other_absence_pct=assumptions.other_absence_pct)
    lines = tuple(
        CaseLine(
            case=case,
            recovers_in_weeks=weeks[case.case_id],
            recovery_date=basis.today + dt.timedelta(weeks=weeks[case.case_id]),
        )
        for case in basis.running
    )
    intervention = None
    target = basis.running_case(assumptions.intervention_case) if assumptions.intervention_case else None
    if target is None and basis.running:
        # Default: the running sickness expected to last longest (the first of equals).
        target = max(basis.running, key=lambda case: weeks[case.case_id])
    if target is not None:
        applied = min(assumptions.intervention_weeks, weeks[target.case_id])
        shorter = {**weeks, target.case_id: weeks[target.case_id] - applied}
        intervention = Intervention(
            case=target,
            weeks_shorter=assumptions.intervention_weeks,
            weeks_applied=applied,
            outcome=outcome(basis, recovers_in_weeks=shorter, other_absence_pct=assumptions.other_absence_pct),
            premium_without=main.result.premium,
            recovery_date=basis.today + dt.timedelta(weeks=shorter[target.case_id]),
            absence_year=basis.absence_year,
        )
    return Simulation(basis=basis, assumptions=assumptions, lines=lines, outcome=main, intervention=intervention)
