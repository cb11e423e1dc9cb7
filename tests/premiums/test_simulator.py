"""The premium simulator (premiums.simulator, issue 24): next year's premium with the running sicknesses as the
user expects them, by the renewal's inputs and the same calculator; its page and its API."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal as D
from types import MappingProxyType
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import strip_tags
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from cases.absence.models import AbsenceCase, CaseStatus, CloseReason, SickPeriod
from cases.medical.models import FunctionalAssessment
from cases.statistics import data as statistics_data
from cases.statistics import rules as statistics
from premiums import calculator, parameters, renewal, services_parameters, simulator
from premiums.models import Coverage, ParameterSet, Policy, PremiumCalculation
from tests.factories import EmployeeFactory, EmployerFactory, PolicyFactory, UserFactory
from verzuim.models import AuditLog, Employer, Role, User

MakeUser = Callable[..., User]
ApiAs = Callable[[User], APIClient]
TODAY = dt.date(2026, 11, 2)


def firm(*, employees: int = 5) -> Policy:
    """SBI 4322 (section F: rate 4.40%, sector absence 5.10%), 10 days, 100/70, 25% charges, full-timers earning
    40,000 born 1 May 1980, employed since 2020, insured since 1 January 2024."""
    employer = EmployerFactory(sbi_code="4322", name="Bouwbedrijf Simulatie")
    for _ in range(employees):
        EmployeeFactory(
            employer=employer,
            yearly_wage=D("40000"),
            date_of_birth=dt.date(1980, 5, 1),
            weekly_hours=D("40"),
            employment_start=dt.date(2020, 1, 1),
        )
    return PolicyFactory(employer=employer, start_date=dt.date(2024, 1, 1), employer_charges_pct=D("25"))


def _reporter(employer: Employer) -> User:
    return User.objects.filter(employer=employer).first() or UserFactory.create(role=Role.EMPLOYER, employer=employer)


def employee_at(employer: Employer, index: int) -> Any:
    return employer.employees.order_by("personnel_number")[index]


def closed_case(employer: Employer, first: dt.date, last: dt.date, *, index: int = 0) -> AbsenceCase:
    case = AbsenceCase.objects.create(
        employee=employee_at(employer, index),
        employer=employer,
        first_sick_day=first,
        status=CaseStatus.CLOSED,
        closed_on=last + dt.timedelta(days=29),
        close_reason=CloseReason.RECOVERED,
        reported_by=_reporter(employer),
    )
    SickPeriod.objects.create(case=case, start=first, end=last)
    return case


def running_case(
    employer: Employer, first: dt.date, *, index: int = 1, expected_duration_days: int | None = None
) -> AbsenceCase:
    case = AbsenceCase.objects.create(
        employee=employee_at(employer, index),
        employer=employer,
        first_sick_day=first,
        reported_by=_reporter(employer),
        expected_duration_days=expected_duration_days,
    )
    SickPeriod.objects.create(case=case, start=first, end=None)
    return case


def parameters_up_to_this_year() -> None:
    """The seeded set is 2026's; in a later year the tests on today's date need one that serves next year."""
    admin = None
    while (newest := ParameterSet.objects.order_by("-valid_from").first()).valid_from.year < timezone.localdate().year:
        admin = admin or UserFactory.create(role=Role.ADMIN)
        services_parameters.parameter_set_copy(copied_by=admin, parameter_set=newest)


def physician() -> User:
    return User.objects.filter(role=Role.OCCUPATIONAL_PHYSICIAN).first() or UserFactory(
        role=Role.OCCUPATIONAL_PHYSICIAN
    )


def assess(case: AbsenceCase, on: dt.date, *, days: int) -> None:
    """A functional assessment of the physician with an expected duration (one of the four things the employer sees)."""
    FunctionalAssessment.objects.create(
        case=case,
        assessed_on=on,
        functional_limitations="-",
        incapacity_pct=50,
        physician=physician(),
        expected_duration_days=days,
    )


def calculation_2026(policy: Policy, *, status: str, factor: D, premium: D, **extra: Any) -> PremiumCalculation:
    """A premium calculation of 2026 for `policy` with own-absence factor `factor` (uncapped the same)."""
    return PremiumCalculation.objects.create(
        policy=policy,
        employer=policy.employer,
        year=2026,
        parameter_set=ParameterSet.objects.get(valid_from=dt.date(2026, 1, 1)),
        calculated_on=dt.date(2025, 11, 1),
        status=status,
        inputs={},
        employee_count=5,
        insured_payroll=D("250000"),
        age_wage_mix_factor=D(1),
        waiting_days_factor=D(1),
        coverage_factor=D(1),
        base_rate_pct=D("4.4"),
        experience_ratio=D(1),
        credibility_weight_pct=D(15),
        own_absence_factor_uncapped=factor,
        own_absence_factor=factor,
        cap_applied=False,
        premium=premium,
        **extra,
    )


def basis_for(policy: Policy, today: dt.date = TODAY) -> simulator.Basis:
    return simulator.simulation_basis(employer=policy.employer, year=today.year + 1, today=today)


# --- The worked example: the simulator is the calculator on the renewal's inputs ----------------------------------


@pytest.mark.django_db
def test_the_worked_example_equals_the_calculator_on_the_same_inputs() -> None:
    policy = firm()
    employer = policy.employer
    closed_case(employer, dt.date(2025, 3, 1), dt.date(2025, 3, 31))  # 31 / (5 * 365) = 1.70%
    case = running_case(employer, dt.date(2026, 10, 1))
    basis = basis_for(policy)

    simulation = simulator.simulate(
        basis,
        simulator.Assumptions(recovers_in_weeks={case.pk: 6}, other_absence_pct=D("2")),
    )

    # 2026 to 31 December: sick 1 October to 13 December (today + 6 weeks - 1 day) = 74 days, plus 2% of the
    # 5 * 60 days left from today less the 42 the running case takes: 74 + 5.16 = 79.16 of 5 * 365 = 4.34%.
    expected_input = calculator.QuoteInput(
        year=2027,
        sector_rate_pct=D("4.40"),
        employer_charges_pct=D("25"),
        waiting_days=policy.waiting_days,
        coverage=policy.coverage,
        employees=tuple(
            calculator.EmployeeInput(yearly_wage=D("40000"), date_of_birth=dt.date(1980, 5, 1)) for _ in range(5)
        ),
        own_absence_pct={2024: D("0.00"), 2025: D("1.70"), 2026: D("4.34")},
        sector_absence_pct=D("5.10"),
        previous_own_absence_factor=None,
    )
    assert simulation.outcome.projected_absence_pct == D("4.34")
    assert simulation.outcome.quote == expected_input
    assert simulation.outcome.result == calculator.premium_quote(
        expected_input, parameters=parameters.for_year(2027).parameters
    )
    assert simulation.outcome.explanation.premium == simulation.outcome.result.premium
    # No set for 2027 is recorded: 2026's serves, and the simulation says so.
    assert basis.parameters_carried_forward
    assert basis.parameters_valid_from == dt.date(2026, 1, 1)


@pytest.mark.django_db
def test_without_assumptions_about_the_rest_of_the_year_it_is_the_renewal_of_today() -> None:
    """Recovered today and no other absence: this year counts up to yesterday, as the renewal counts it."""
    policy = firm()
    closed_case(policy.employer, dt.date(2026, 2, 1), dt.date(2026, 2, 20))
    basis = basis_for(policy)

    simulation = simulator.simulate(basis, simulator.Assumptions(recovers_in_weeks={}, other_absence_pct=D(0)))
    (draft,) = renewal.calculate(
        [Policy.objects.select_related("employer").get(pk=policy.pk)],
        year=2027,
        loaded=parameters.for_year(2027),
        calculated_on=dt.date(2027, 1, 1),
    )

    assert draft.calculation is not None
    assert simulation.outcome.result.premium == draft.calculation.premium


@pytest.mark.django_db
def test_the_rise_cap_shows_when_the_simulated_factor_rises_too_much() -> None:
    policy = firm()
    case = running_case(policy.employer, dt.date(2026, 1, 5))
    calculation_2026(
        policy,
        status="approved",
        factor=D("0.9"),
        premium=D("9900"),
        submitted_by=UserFactory.create(role=Role.INSURER),
        submitted_at=timezone.now(),
        reviewed_by=UserFactory.create(role=Role.INSURER),
        reviewed_at=timezone.now(),
    )

    simulation = simulator.simulate(
        basis_for(policy), simulator.Assumptions(recovers_in_weeks={case.pk: 20}, other_absence_pct=D(5))
    )

    result = simulation.outcome.result
    assert result.cap_applied
    assert result.own_absence_factor == D("0.9900")  # 0.9 * 1.10
    assert simulation.outcome.explanation.cap_saving > 0


@pytest.mark.django_db
def test_the_intervention_line_is_the_simulation_with_that_case_weeks_shorter() -> None:
    policy = firm()
    long = running_case(policy.employer, dt.date(2026, 9, 1), index=1)
    running_case(policy.employer, dt.date(2026, 10, 20), index=2)
    basis = basis_for(policy)
    weeks = {long.pk: 8, basis.running[1].case_id: 2}

    simulation = simulator.simulate(basis, simulator.Assumptions(recovers_in_weeks=weeks, other_absence_pct=D(1)))
    shorter = simulator.outcome(basis, recovers_in_weeks={**weeks, long.pk: 4}, other_absence_pct=D(1))

    intervention = simulation.intervention
    assert intervention is not None
    assert intervention.case.case_id == long.pk  # the longest expected by default
    assert intervention.weeks_applied == 4
    assert intervention.outcome.result == shorter.result
    assert intervention.saving == simulation.outcome.result.premium - shorter.result.premium
    assert intervention.saving > 0


@pytest.mark.django_db
def test_an_intervention_whose_sickness_still_runs_past_31_december_saves_nothing_and_says_why() -> None:
    """Only this year's absence counts for next year's premium: weeks saved in January change nothing yet."""
    policy = firm()
    case = running_case(policy.employer, dt.date(2026, 9, 1), index=1)
    basis = basis_for(policy)  # today is 2 November 2026

    simulation = simulator.simulate(
        basis,
        simulator.Assumptions(recovers_in_weeks={case.pk: 20}, other_absence_pct=D(1), intervention_weeks=4),
    )

    intervention = simulation.intervention
    assert intervention is not None
    assert intervention.recovery_date == dt.date(2027, 2, 22)  # 16 weeks from 2 November
    assert intervention.still_running_at_year_end
    assert intervention.saving == 0
    html = render_to_string("premiums/_simulator_result.html", {"simulation": simulation})
    text = " ".join(strip_tags(html).split())
    assert "Ook met de interventie loopt dit verzuim door tot 22-02-2027, na 31 december 2026." in text


# --- The prefill ----------------------------------------------------------------------------------------------


def test_the_prefill_is_the_estimate_when_it_ends_after_today() -> None:
    weeks, source = simulator.default_weeks(
        first_sick_day=dt.date(2026, 10, 3), today=TODAY, estimate_days=60, estimate_source="volgens de ziekmelding"
    )
    assert (weeks, source) == (
        5,
        "volgens de ziekmelding",
    )  # 30 November is 28 days after today: 4 weeks, rounded up to 5


def test_without_a_current_estimate_the_prefill_is_as_long_again_as_absent_so_far() -> None:
    weeks, source = simulator.default_weeks(
        first_sick_day=dt.date(2026, 8, 3), today=TODAY, estimate_days=14, estimate_source="volgens de ziekmelding"
    )
    assert weeks == 13
    assert source.startswith("aanname")


def test_the_prefill_never_passes_104_weeks_of_sickness() -> None:
    weeks, _source = simulator.default_weeks(
        first_sick_day=TODAY - dt.timedelta(weeks=100), today=TODAY, estimate_days=None, estimate_source=""
    )
    assert weeks == 4


@pytest.mark.django_db
def test_the_physicians_newest_estimate_comes_before_the_sickness_report() -> None:
    policy = firm()
    case = running_case(policy.employer, dt.date(2026, 10, 1), expected_duration_days=200)
    assess(case, dt.date(2026, 10, 20), days=45)

    (running,) = basis_for(policy).running

    assert running.default_weeks == 2  # 15 November is 13 days after today
    assert running.default_source == "volgens de bedrijfsarts op 20-10-2026"


# --- Properties over random inputs (no database: the basis is built by hand) ----------------------------------------


def pure_basis(
    *,
    employees: int,
    sick_since_days: int,
    partial_pct: int,
    past_pct: D,
    previous_factor: D | None,
    today: dt.date,
) -> tuple[simulator.Basis, uuid.UUID]:
    start = dt.date(2020, 1, 1)
    span = statistics.EmployeeSpan(employment_start=start, employment_end=None, weekly_hours=D(40))
    case_id = uuid.uuid4()
    first = today - dt.timedelta(days=sick_since_days)
    recoveries = (
        (statistics.RecoveryReport(date=first + dt.timedelta(days=1), recovered_pct=partial_pct),)
        if partial_pct
        else ()
    )
    facts = statistics_data.EmployerFacts(
        employees=[span] * employees,
        cases=[
            statistics.CaseFacts(
                employee=span,
                safety_net=False,
                closed_on=None,
                periods=(statistics.Period(start=first, end=None),),
                recoveries=recoveries,
                case_id=case_id,
            )
        ],
    )
    year = today.year + 1
    quote = calculator.QuoteInput(
        year=year,
        sector_rate_pct=D("4.40"),
        employer_charges_pct=D("25"),
        waiting_days=10,
        coverage=Coverage.C100_70,
        employees=tuple(calculator.EmployeeInput(yearly_wage=D("40000")) for _ in range(employees)),
        own_absence_pct={year - 3: past_pct, year - 2: past_pct},
        sector_absence_pct=D("5.10"),
        previous_own_absence_factor=previous_factor,
    )
    sector = parameters.Sector(section="F", rate_pct=D("4.40"), expected_absence_pct=D("5.10"))
    loaded = parameters.LoadedParameters(
        parameter_set=ParameterSet(valid_from=dt.date(year, 1, 1), wage_cap=D("79409"), rise_cap_pct=D(10)),
        parameters=calculator.DEFAULT_PARAMETERS,
        sectors=MappingProxyType({"F": sector}),
    )
    running = simulator.RunningCase(
        case_id=case_id,
        employee_name="X",
        first_sick_day=first,
        weeks_absent=sick_since_days // 7,
        safety_net=False,
        default_weeks=1,
        default_source="",
    )
    basis = simulator.Basis(
        employer=Employer(name="X", sbi_code="4322"),
        policy=Policy(),
        year=year,
        today=today,
        loaded=loaded,
        sector=sector,
        prepared=renewal.Prepared(
            quote=quote, reference_date=dt.date(year, 1, 1), insured=[], insured_since=dt.date(2020, 1, 1)
        ),
        facts=facts,
        running=(running,),
        other_absence_pct_default=D(0),
    )
    return basis, case_id


def premium(basis: simulator.Basis, case_id: uuid.UUID, weeks: int, other: D) -> D:
    return simulator.outcome(basis, recovers_in_weeks={case_id: weeks}, other_absence_pct=other).result.premium


@settings(max_examples=150, deadline=None)
@given(
    employees=st.integers(1, 40),
    sick_since_days=st.integers(0, 300),
    partial_pct=st.sampled_from([0, 0, 50, 80]),
    past_pct=st.decimals(D(0), D(20), places=2),
    previous_factor=st.none() | st.decimals(D("0.5"), D("1.5"), places=4),
    today=st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    weeks=st.tuples(st.integers(0, 104), st.integers(0, 104)).map(sorted),
    other=st.decimals(D(0), D(100), places=2),
)
def test_a_longer_expected_absence_never_lowers_the_premium(
    employees: int,
    sick_since_days: int,
    partial_pct: int,
    past_pct: D,
    previous_factor: D | None,
    today: dt.date,
    weeks: list[int],
    other: D,
) -> None:
    basis, case_id = pure_basis(
        employees=employees,
        sick_since_days=sick_since_days,
        partial_pct=partial_pct,
        past_pct=past_pct,
        previous_factor=previous_factor,
        today=today,
    )
    shorter, longer = weeks
    assert premium(basis, case_id, shorter, other) <= premium(basis, case_id, longer, other)


@settings(max_examples=100, deadline=None)
@given(
    employees=st.integers(1, 40),
    sick_since_days=st.integers(0, 200),
    past_pct=st.decimals(D(0), D(20), places=2),
    today=st.dates(dt.date(2026, 1, 1), dt.date(2026, 10, 31)),
    other=st.decimals(D(0), D(50), places=2),
)
def test_recovering_in_4_weeks_costs_less_than_in_40(
    employees: int, sick_since_days: int, past_pct: D, today: dt.date, other: D
) -> None:
    """Without a cap to meet (no factor of last year) and with the rest of the year longer than four weeks."""
    basis, case_id = pure_basis(
        employees=employees,
        sick_since_days=sick_since_days,
        partial_pct=0,
        past_pct=past_pct,
        previous_factor=None,
        today=today,
    )
    assert premium(basis, case_id, 4, other) < premium(basis, case_id, 40, other)


# --- Queries, audit, nothing stored -----------------------------------------------------------------------------


def _simulate_queries(policy: Policy) -> int:
    with CaptureQueriesContext(connection) as captured:
        simulator.simulate(basis_for(policy), simulator.default_assumptions(basis_for(policy)))
    return len(captured)


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_number_of_running_cases() -> None:
    one = firm(employees=8)
    running_case(one.employer, dt.date(2026, 9, 1), index=1)
    many = firm(employees=8)
    for index in range(1, 7):
        case = running_case(many.employer, dt.date(2026, 9, index), index=index)
        assess(case, dt.date(2026, 10, 1), days=90)

    assert _simulate_queries(one) == _simulate_queries(many)


def _page_queries(client: Any, policy: Policy) -> int:
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=policy.employer))
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/premie/doorrekenen/")
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_page_lists_any_number_of_running_cases_in_the_same_queries(client: Any) -> None:
    parameters_up_to_this_year()
    today = timezone.localdate()
    one = firm(employees=8)
    running_case(one.employer, today - dt.timedelta(days=20), index=1)
    many = firm(employees=8)
    for index in range(1, 7):
        assess(running_case(many.employer, today - dt.timedelta(days=20 + index), index=index), today, days=90)

    assert _page_queries(client, one) == _page_queries(client, many)


@pytest.mark.django_db
def test_the_calculation_page_links_insurer_staff_to_the_employers_simulation(
    staff_login: Callable[[User], Any], make_user: MakeUser
) -> None:
    policy = firm()
    calculation = calculation_2026(policy, status="draft", factor=D(1), premium=D("11000"))

    response = staff_login(make_user(Role.INSURER)).get(f"/premies/berekeningen/{calculation.pk}/")

    assert f'href="/premies/werkgevers/{policy.employer_id}/doorrekenen/"' in response.content.decode()


@pytest.mark.django_db
def test_the_page_stores_nothing_but_the_read_audit(client: Any) -> None:
    parameters_up_to_this_year()
    policy = firm()
    running_case(policy.employer, timezone.localdate() - dt.timedelta(days=10))
    user = UserFactory(role=Role.EMPLOYER, employer=policy.employer)
    client.force_login(user)
    calculations = PremiumCalculation.objects.count()

    response = client.get("/premie/doorrekenen/")

    assert response.status_code == 200
    assert PremiumCalculation.objects.count() == calculations
    audit = AuditLog.objects.filter(object_type="premium_simulation").get()
    assert (audit.actor, audit.employer_id, audit.changes["view"]) == (user, policy.employer_id, "premium_simulator")


# --- The page -------------------------------------------------------------------------------------------------


@pytest.fixture
def sick_firm() -> tuple[Policy, AbsenceCase]:
    parameters_up_to_this_year()
    policy = firm()
    case = running_case(policy.employer, timezone.localdate() - dt.timedelta(days=21), expected_duration_days=35)
    return policy, case


@pytest.mark.django_db
def test_the_employer_sees_its_running_cases_prefilled_and_next_years_premium(
    client: Any, sick_firm: tuple[Policy, AbsenceCase]
) -> None:
    policy, case = sick_firm
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=policy.employer))

    response = client.get("/premie/doorrekenen/")

    html = response.content.decode()
    assert f'name="weken_{case.pk}"' in html
    assert 'value="2"' in html  # 35 days from the first sick day: 14 days after today
    assert case.employee.full_name in html
    assert "Verwachte jaarpremie" in html
    assert 'id="simulatie-interventie"' in html
    # No set for next year: this year's serves, and the page says so.
    assert 'id="parameters-vorig-jaar"' in html


@pytest.mark.django_db
def test_a_longer_absence_on_the_page_shows_a_higher_premium(
    client: Any, sick_firm: tuple[Policy, AbsenceCase]
) -> None:
    policy, case = sick_firm
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=policy.employer))

    short = client.get("/premie/doorrekenen/", {f"weken_{case.pk}": "0"})
    long = client.get("/premie/doorrekenen/", {f"weken_{case.pk}": "3"})

    assert short.context["simulation"].outcome.result.premium < long.context["simulation"].outcome.result.premium


@pytest.mark.django_db
def test_htmx_gets_the_result_block_only(client: Any, sick_firm: tuple[Policy, AbsenceCase]) -> None:
    policy, case = sick_firm
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=policy.employer))

    response = client.get(
        "/premie/doorrekenen/", {f"weken_{case.pk}": "1", "overig_verzuim": "1,5"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="simulatie-resultaat"')
    assert "<form" not in html
    assert response.context["simulation"].assumptions.other_absence_pct == D("1.5")


@pytest.mark.django_db
def test_bad_input_gets_dutch_field_errors_and_no_result(client: Any, sick_firm: tuple[Policy, AbsenceCase]) -> None:
    policy, case = sick_firm
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=policy.employer))

    response = client.get("/premie/doorrekenen/", {f"weken_{case.pk}": "-2", "overig_verzuim": "120"})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["simulation"] is None
    assert "Het aantal weken kan niet negatief zijn." in html
    assert "Geef een percentage van hoogstens 100 op." in html


@pytest.mark.django_db
def test_the_premium_page_links_to_the_simulator(client: Any, sick_firm: tuple[Policy, AbsenceCase]) -> None:
    policy, _case = sick_firm
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=policy.employer))

    response = client.get("/premie/")

    assert 'href="/premie/doorrekenen/"' in response.content.decode()


@pytest.mark.django_db
def test_insurer_staff_simulate_any_employer_and_an_employer_only_its_own(
    client: Any, staff_login: Callable[[User], Any], sick_firm: tuple[Policy, AbsenceCase], make_user: MakeUser
) -> None:
    policy, _case = sick_firm
    other = firm()
    url = f"/premies/werkgevers/{policy.employer_id}/doorrekenen/"

    client.force_login(UserFactory(role=Role.EMPLOYER, employer=other.employer))
    assert client.get(url).status_code == 404
    assert client.get("/premie/doorrekenen/").status_code == 200  # its own
    casemanager = staff_login(make_user(Role.CASEMANAGER))
    assert casemanager.get("/premie/doorrekenen/").status_code == 404
    assert casemanager.get(url).status_code == 404
    insurer = staff_login(make_user(Role.INSURER))
    assert insurer.get(url).status_code == 200
    assert insurer.get("/premie/doorrekenen/").status_code == 404


@pytest.mark.django_db
def test_without_a_policy_next_year_the_page_says_why(client: Any) -> None:
    employer = EmployerFactory()
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=employer))

    response = client.get("/premie/doorrekenen/")

    assert response.status_code == 200
    assert "Er is geen lopende polis die in" in response.content.decode()


# --- The API --------------------------------------------------------------------------------------------------


def _body(policy: Policy, **extra: Any) -> dict[str, Any]:
    return {"employer": str(policy.employer_id), "year": timezone.localdate().year + 1, **extra}


@pytest.mark.django_db
def test_the_api_answers_the_intermediates_factor_cap_and_premium(
    api_as: ApiAs, sick_firm: tuple[Policy, AbsenceCase]
) -> None:
    policy, case = sick_firm
    user = UserFactory(role=Role.EMPLOYER, employer=policy.employer)

    response = api_as(user).post(
        "/api/v1/premiums/simulations/",
        _body(policy, cases=[{"case": str(case.pk), "recovers_in_weeks": 3}], other_absence_pct="1.5"),
        format="json",
    )

    assert response.status_code == 200, response.json()
    data = response.json()
    basis = simulator.simulation_basis(
        employer=policy.employer, year=timezone.localdate().year + 1, today=timezone.localdate()
    )
    expected = simulator.simulate(
        basis, simulator.Assumptions(recovers_in_weeks={case.pk: 3}, other_absence_pct=D("1.5"))
    )
    assert D(data["premium"]) == expected.outcome.result.premium
    assert D(data["own_absence_factor"]) == expected.outcome.result.own_absence_factor
    assert data["cap_applied"] is False
    assert data["parameters_carried_forward"] is True
    assert set(data["quote"]) >= {"insured_payroll", "base_rate_pct", "experience_ratio", "credibility_weight"}
    assert data["cases"][0]["recovers_in_weeks"] == 3
    assert data["intervention"]["case"] == str(case.pk)
    assert AuditLog.objects.filter(object_type="premium_simulation", changes__view="api_premium_simulation").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cases": [{"case": str(uuid.uuid4()), "recovers_in_weeks": 3}]}, "cases"),
        ({"cases": "OTHER"}, "cases"),
        ({"cases": "NEGATIVE"}, "cases"),
        ({"year": 2100}, "year"),
        ({"other_absence_pct": "101"}, "other_absence_pct"),
        ({"intervention": {"case": str(uuid.uuid4()), "weeks_shorter": 2}}, "intervention"),
    ],
)
def test_the_api_refuses_bad_input_with_field_errors(
    api_as: ApiAs, sick_firm: tuple[Policy, AbsenceCase], change: dict[str, Any], field: str
) -> None:
    policy, case = sick_firm
    if change.get("cases") == "OTHER":
        other = firm()
        change = {
            "cases": [{"case": str(running_case(other.employer, dt.date(2026, 11, 1)).pk), "recovers_in_weeks": 1}]
        }
    elif change.get("cases") == "NEGATIVE":
        change = {"cases": [{"case": str(case.pk), "recovers_in_weeks": -1}]}

    response = api_as(UserFactory(role=Role.EMPLOYER, employer=policy.employer)).post(
        "/api/v1/premiums/simulations/", _body(policy, **change), format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["fields"]


@pytest.mark.django_db
def test_a_year_without_any_parameters_is_a_field_error(api_as: ApiAs, sick_firm: tuple[Policy, AbsenceCase]) -> None:
    policy, _case = sick_firm
    ParameterSet.objects.all().delete()

    response = api_as(UserFactory(role=Role.EMPLOYER, employer=policy.employer)).post(
        "/api/v1/premiums/simulations/", _body(policy), format="json"
    )

    assert response.status_code == 400
    assert "premieparameters" in response.json()["fields"]["year"][0]


@pytest.mark.django_db
def test_the_api_is_404_for_another_employer_and_other_roles(
    api_as: ApiAs, sick_firm: tuple[Policy, AbsenceCase], make_user: MakeUser
) -> None:
    policy, _case = sick_firm
    other = firm()

    assert (
        api_as(UserFactory(role=Role.EMPLOYER, employer=other.employer))
        .post("/api/v1/premiums/simulations/", _body(policy), format="json")
        .status_code
        == 404
    )
    assert (
        api_as(make_user(Role.CASEMANAGER))
        .post("/api/v1/premiums/simulations/", _body(policy), format="json")
        .status_code
        == 404
    )
    assert (
        api_as(make_user(Role.INSURER)).post("/api/v1/premiums/simulations/", _body(policy), format="json").status_code
        == 200
    )
