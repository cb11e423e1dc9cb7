"""The poortwachter guarantee: the pure evaluation, the sanction API, the decision and its claim."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import F
from rest_framework.test import APIClient

from cases.absence.models import AbsenceCase, Step, StepState
from cases.advice import guarantee
from cases.advice import selectors as selectors_advice
from cases.advice import services as services_advice
from cases.advice.guarantee import AdviceFact, FindingKind, StepFact
from cases.advice.models import Sanction
from premiums.claims.models import Claim, ClaimKind, ClaimStatus
from tests.cases.test_check import complete, day, make_team, start_case
from tests.factories import confirmed_totp_device
from tests.premiums.claims_factories import sick_case
from verzuim.errors import StateConflict
from verzuim.models import AuditLog, Role, User

ApiAs = Callable[[User], APIClient]
MakeUser = Callable[..., User]
DAY = dt.date
ON = DAY(2026, 2, 16)


def step(code: str, due: DAY | None, done: DAY | None = None, state: str = "done", title: str = "") -> StepFact:
    if done is None and state == "done":
        done = due
    return StepFact(code=code, sequence=1, title=title or code, due_date=due, completed_on=done, state=state)


# --- the pure evaluation --------------------------------------------------------------------------------------


def test_acceptance_one_late_action_plan_is_the_reason() -> None:
    """Guarantee evaluation of a dossier with one late plan van aanpak lists that step as the reason."""
    steps = [
        step("report_to_ohs", DAY(2024, 1, 14)),
        step("problem_analysis", DAY(2024, 2, 18), DAY(2024, 2, 12)),
        step("action_plan", DAY(2024, 3, 3), DAY(2024, 3, 13), title="Plan van aanpak"),
        step("first_year_review", DAY(2025, 1, 5)),
    ]
    result = guarantee.evaluate(steps, [], on=ON)
    assert not result.eligible
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert (finding.kind, finding.code, finding.title) == (FindingKind.STEP_LATE, "action_plan", "Plan van aanpak")
    assert (finding.due_date, finding.completed_on, finding.days_late) == (DAY(2024, 3, 3), DAY(2024, 3, 13), 10)


def test_every_step_on_time_or_not_applicable_is_eligible() -> None:
    steps = [
        step("action_plan", DAY(2024, 3, 3)),
        step("uwv_safety_net_report", None, state="not_applicable"),
        step("wage_obligation_end", DAY(2026, 1, 4), state="open"),  # not judged: no owner
        step("early_iva_deadline", DAY(2025, 4, 28), state="open"),  # not judged: information
        step("final_review", DAY(2026, 3, 1), state="open"),  # not yet due on the decision date
    ]
    assert guarantee.evaluate(steps, [], on=ON).eligible


def test_open_step_past_its_due_date_is_overdue() -> None:
    result = guarantee.evaluate([step("final_review", DAY(2026, 2, 6), state="open")], [], on=ON)
    assert [(f.kind, f.days_late) for f in result.findings] == [(FindingKind.STEP_OVERDUE, 10)]


@pytest.mark.parametrize(
    ("status", "done_on", "kind"),
    [
        ("not_done", None, FindingKind.ADVICE_NOT_FOLLOWED),
        ("done", DAY(2024, 5, 3), FindingKind.ADVICE_LATE),
        (None, None, FindingKind.ADVICE_NO_FOLLOWUP),
    ],
)
def test_advice_not_followed_on_time_is_a_finding(status: str | None, done_on: DAY | None, kind: str) -> None:
    advice = AdviceFact(
        text="Werkplek aanpassen: zit-sta-bureau",
        given_on=DAY(2024, 4, 1),
        due_date=DAY(2024, 5, 1),
        followup_status=status,
        done_on=done_on,
        evidence="Leverancier had geen voorraad" if status else "",
    )
    result = guarantee.evaluate([], [advice], on=ON)
    assert [(f.kind, f.title, f.due_date) for f in result.findings] == [
        (kind, "Werkplek aanpassen: zit-sta-bureau", DAY(2024, 5, 1))
    ]
    assert result.findings[0].followup_status == status


def test_advice_done_by_its_due_date_is_followed() -> None:
    advice = AdviceFact(
        text="Aangepast rooster",
        given_on=DAY(2024, 4, 1),
        due_date=DAY(2024, 5, 1),
        followup_status="done",
        done_on=DAY(2024, 5, 1),
    )
    assert guarantee.evaluate([], [advice], on=ON).eligible


# Issue 19 item 10: the dossier "as of" the decision date ignores what was completed after it.
def test_a_step_completed_after_the_decision_date_counts_as_open_on_it() -> None:
    evaluation = guarantee.evaluate([step("action_plan", DAY(2026, 1, 10), DAY(2026, 2, 20))], [], on=ON)
    assert [(f.kind, f.days_late, f.completed_on) for f in evaluation.findings] == [
        (FindingKind.STEP_OVERDUE, 37, None)
    ]


def test_a_step_completed_after_the_decision_date_but_not_yet_due_then_is_no_finding() -> None:
    assert guarantee.evaluate([step("final_review", DAY(2026, 3, 1), DAY(2026, 2, 20))], [], on=ON).eligible


def test_an_advice_done_after_the_decision_date_counts_as_without_followup_on_it() -> None:
    advice = AdviceFact(
        text="Aangepast rooster",
        given_on=DAY(2025, 12, 1),
        due_date=DAY(2026, 1, 15),
        followup_status="done",
        done_on=DAY(2026, 2, 20),
    )
    evaluation = guarantee.evaluate([], [advice], on=ON)
    assert [(f.kind, f.days_late) for f in evaluation.findings] == [(FindingKind.ADVICE_NO_FOLLOWUP, 32)]


# --- the dossier in the database ------------------------------------------------------------------------------

FIRST_SICK_DAY = DAY(2024, 1, 8)  # a Monday: the 104 weeks end on Sunday 2026-01-04
SANCTION_START = DAY(2026, 1, 5)


@pytest.fixture
def insurer(make_user: MakeUser) -> User:
    user = make_user(Role.INSURER)
    confirmed_totp_device(user)
    return user


@pytest.fixture
def case() -> AbsenceCase:
    """A dossier where every step was done on its due date except the plan van aanpak (10 days late)."""
    case = sick_case(first_sick_day=FIRST_SICK_DAY, policy_start=DAY(2024, 1, 1))
    Step.objects.filter(case=case, due_date__isnull=False).update(state=StepState.DONE, completed_on=F("due_date"))
    Step.objects.filter(case=case, due_date__isnull=True).update(state=StepState.NOT_APPLICABLE)
    plan = Step.objects.get(case=case, code="action_plan")
    assert plan.due_date is not None
    plan.completed_on = plan.due_date + dt.timedelta(days=10)
    plan.save()
    return case


def sanction_for(case: AbsenceCase, insurer: User, weeks: int = 4) -> Sanction:
    return services_advice.sanction_record(
        recorded_by=insurer, case=case, decision_date=ON, weeks=weeks, today=DAY(2026, 3, 1)
    )


@pytest.mark.django_db
def test_sanction_starts_at_the_end_of_the_104_weeks(case: AbsenceCase, insurer: User) -> None:
    sanction = sanction_for(case, insurer, weeks=52)
    assert (sanction.start, sanction.end) == (SANCTION_START, DAY(2027, 1, 3))


@pytest.mark.django_db
def test_acceptance_api_lists_the_late_action_plan(case: AbsenceCase, insurer: User, api_as: ApiAs) -> None:
    """Through the API: recording the sanction, then its evaluation names the late plan van aanpak."""
    client = api_as(insurer)
    response = client.post(
        f"/api/v1/absences/{case.pk}/sanctions/", {"decision_date": "2026-02-16", "weeks": 4}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["start"], response.json()["end"]) == ("2026-01-05", "2026-02-01")
    evaluation = client.get(f"/api/v1/sanctions/{response.json()['id']}/evaluation/").json()
    assert evaluation["eligible"] is False
    plan = Step.objects.get(case=case, code="action_plan")
    assert plan.due_date is not None
    assert evaluation["findings"] == [
        {
            "kind": "step_late",
            "title": "Plan van aanpak",
            "code": "action_plan",
            "sequence": 1,
            "due_date": plan.due_date.isoformat(),
            "completed_on": (plan.due_date + dt.timedelta(days=10)).isoformat(),
            "days_late": 10,
            "followup_status": None,
            "evidence": "",
        }
    ]


@pytest.mark.django_db
def test_advice_not_followed_in_the_dossier_is_a_finding(case: AbsenceCase, insurer: User, api_as: ApiAs) -> None:
    Step.objects.filter(case=case, code="action_plan").update(completed_on=F("due_date"))
    casemanager = User.objects.create(email="cm@example.nl", role=Role.CASEMANAGER)
    advice = services_advice.advice_give(
        given_by=casemanager,
        case=case,
        text="Taken aanpassen",
        given_on=DAY(2024, 6, 3),
        due_date=DAY(2024, 7, 1),
        today=DAY(2024, 6, 3),
    )
    services_advice.followup_record(
        recorded_by=casemanager, advice=advice, status="not_done", evidence="Geen passend werk", today=DAY(2024, 7, 2)
    )
    sanction = sanction_for(case, insurer)
    evaluation = api_as(insurer).get(f"/api/v1/sanctions/{sanction.pk}/evaluation/").json()
    assert [(f["kind"], f["title"], f["evidence"]) for f in evaluation["findings"]] == [
        ("advice_not_followed", "Taken aanpassen", "Geen passend werk")
    ]


@pytest.mark.django_db
def test_approved_guarantee_creates_a_guarantee_claim(case: AbsenceCase, insurer: User, api_as: ApiAs) -> None:
    """4 weeks from Monday 2026-01-05: 20 work days * €200 (52,200 / 261) * 70% (year 2) * 1.25 = €3,500.00."""
    sanction = sanction_for(case, insurer)
    response = api_as(insurer).post(
        f"/api/v1/sanctions/{sanction.pk}/decision/",
        {"approve": True, "reason": "Plan van aanpak te laat door ziekte casemanager, niet de werkgever."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    claim = Claim.objects.get(pk=response.json()["claim"])
    assert (claim.kind, claim.status) == (ClaimKind.GUARANTEE, ClaimStatus.CALCULATED)
    assert (claim.period_start, claim.period_end, claim.paid_work_days) == (SANCTION_START, DAY(2026, 2, 1), 20)
    assert claim.amount == Decimal("3500.00")
    sanction.refresh_from_db()
    assert (sanction.decision, sanction.decided_by, sanction.evaluation["eligible"]) == ("approved", insurer, False)
    assert AuditLog.objects.filter(object_type="sanction", object_id=str(sanction.pk), action="update").exists()


@pytest.mark.django_db
def test_approving_despite_findings_needs_a_reason(case: AbsenceCase, insurer: User, api_as: ApiAs) -> None:
    sanction = sanction_for(case, insurer)
    response = api_as(insurer).post(f"/api/v1/sanctions/{sanction.pk}/decision/", {"approve": True}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    assert not Claim.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_rejection_creates_no_claim_and_cannot_be_decided_twice(
    case: AbsenceCase, insurer: User, api_as: ApiAs
) -> None:
    sanction = sanction_for(case, insurer)
    client = api_as(insurer)
    url = f"/api/v1/sanctions/{sanction.pk}/decision/"
    assert client.post(url, {"approve": False, "reason": "Plan te laat"}, format="json").status_code == 200
    assert client.post(url, {"approve": True, "reason": "toch"}, format="json").status_code == 409
    assert not Claim.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_sanction_weeks_above_52_is_refused(case: AbsenceCase, insurer: User, api_as: ApiAs) -> None:
    response = api_as(insurer).post(
        f"/api/v1/absences/{case.pk}/sanctions/", {"decision_date": "2026-02-16", "weeks": 53}, format="json"
    )
    assert response.status_code == 400
    assert "weeks" in response.json()["fields"]


# --- who sees what (404 matrix) -------------------------------------------------------------------------------


def staff(make_user: MakeUser, role: Role, **kwargs: object) -> User:
    user = make_user(role, **kwargs)
    confirmed_totp_device(user)
    return user


@pytest.mark.django_db
def test_employer_reads_the_evaluation_of_their_own_case_but_cannot_decide(
    case: AbsenceCase, insurer: User, api_as: ApiAs, make_user: MakeUser
) -> None:
    sanction = sanction_for(case, insurer)
    employer_user = make_user(Role.EMPLOYER, employer=case.employer)
    client = api_as(employer_user)
    assert client.get(f"/api/v1/sanctions/{sanction.pk}/evaluation/").status_code == 200
    decision = client.post(
        f"/api/v1/sanctions/{sanction.pk}/decision/", {"approve": True, "reason": "x"}, format="json"
    )
    assert decision.status_code == 403
    create = client.post(
        f"/api/v1/absences/{case.pk}/sanctions/", {"decision_date": "2026-02-16", "weeks": 4}, format="json"
    )
    assert create.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_employer", "physician", "casemanager", "complaint_handler"])
def test_others_get_404(case: AbsenceCase, insurer: User, api_as: ApiAs, make_user: MakeUser, who: str) -> None:
    sanction = sanction_for(case, insurer)
    if who == "other_employer":
        user = make_user(Role.EMPLOYER)
    elif who == "physician":
        user = staff(make_user, Role.OCCUPATIONAL_PHYSICIAN)
        case.employer.occupational_physician = user
        case.employer.save()
    elif who == "casemanager":
        user = staff(make_user, Role.CASEMANAGER)
        AbsenceCase.objects.filter(pk=case.pk).update(casemanager=user)
    else:
        user = staff(make_user, Role.COMPLAINT_HANDLER)
    client = api_as(user)
    assert client.get(f"/api/v1/sanctions/{sanction.pk}/evaluation/").status_code == 404
    decision = client.post(
        f"/api/v1/sanctions/{sanction.pk}/decision/", {"approve": True, "reason": "x"}, format="json"
    )
    assert decision.status_code == 404
    create = client.post(
        f"/api/v1/absences/{case.pk}/sanctions/", {"decision_date": "2026-02-16", "weeks": 4}, format="json"
    )
    assert create.status_code == 404


# --- the claim comes from a hook premiums registers (cases does not import premiums) ----------------------------


@pytest.mark.django_db
def test_approving_without_a_registered_claim_creator_is_refused_and_changes_nothing(
    case: AbsenceCase, insurer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    sanction = sanction_for(case, insurer)
    monkeypatch.setattr(services_advice, "_guarantee_claim_creator", None)
    with pytest.raises(ImproperlyConfigured, match="No guarantee claim creator is registered"):
        services_advice.sanction_decide(decided_by=insurer, sanction=sanction, approve=True, reason="Akkoord.")
    sanction.refresh_from_db()
    assert sanction.decision == "pending"
    # Rejecting makes no claim, so it needs no creator.
    services_advice.sanction_decide(decided_by=insurer, sanction=sanction, approve=False, reason="Niet gedekt.")
    sanction.refresh_from_db()
    assert (sanction.decision, sanction.claim) == ("rejected", None)


@pytest.mark.django_db
def test_the_claim_creator_runs_in_the_decisions_transaction(
    case: AbsenceCase, insurer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    sanction = sanction_for(case, insurer)

    def refuse(*, created_by: User, sanction: Sanction) -> None:
        assert transaction.get_connection().in_atomic_block
        raise StateConflict("Overlapt.", code="claim_overlap")

    monkeypatch.setattr(services_advice, "_guarantee_claim_creator", refuse)
    with pytest.raises(StateConflict):
        services_advice.sanction_decide(decided_by=insurer, sanction=sanction, approve=True, reason="Akkoord.")
    sanction.refresh_from_db()
    assert sanction.decision == "pending"
    assert not AuditLog.objects.filter(object_type="sanction", object_id=str(sanction.pk), action="update").exists()


def test_premiums_registers_its_claim_creator() -> None:
    from premiums.claims.services import guarantee_claim_create

    assert services_advice._guarantee_claim_creator is guarantee_claim_create
    with pytest.raises(ImproperlyConfigured):
        services_advice.guarantee_claim_creator_register(lambda **kwargs: None)


@pytest.mark.django_db
def test_guarantee_judges_the_plan_against_two_weeks_after_the_analysis(insurer: User) -> None:
    """Issue 19 item 6: analysis on day 20, plan on day 40 — within week 8, but six days after its due day 34
    (Regeling procesgang art. 4 lid 1). The evaluation reads the engine's due date of the persisted step."""
    team = make_team()
    case = start_case(team)
    complete(team, case, "problem_analysis", day(20))
    complete(team, case, "action_plan", day(40))
    plan = Step.objects.get(case=case, code="action_plan")
    assert (plan.due_date, plan.completed_on) == (day(34), day(40))
    sanction = services_advice.sanction_record(
        recorded_by=insurer, case=case, decision_date=day(700), weeks=4, today=day(700)
    )
    findings = selectors_advice.sanction_evaluation(sanction=sanction).findings
    plan_findings = [(f.kind, f.due_date, f.days_late) for f in findings if f.code == "action_plan"]
    assert plan_findings == [(FindingKind.STEP_LATE, day(34), 6)]


# --- issue 19 item 10: a wage-sanction decision follows the re-integration report ------------------------------

# The 104 weeks of the `case` fixture started on 2024-01-08: week 91 ends on day 637, Sunday 2025-10-05.
REPORT_DUE = DAY(2025, 10, 5)


@pytest.mark.django_db
def test_a_decision_on_the_day_the_report_is_due_is_refused_the_day_after_is_accepted(
    case: AbsenceCase, insurer: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        services_advice.sanction_record(
            recorded_by=insurer, case=case, decision_date=REPORT_DUE, weeks=4, today=DAY(2026, 3, 1)
        )
    assert "5 oktober 2025" in refused.value.message_dict["decision_date"][0]
    accepted = services_advice.sanction_record(
        recorded_by=insurer, case=case, decision_date=REPORT_DUE + dt.timedelta(days=1), weeks=4, today=DAY(2026, 3, 1)
    )
    assert accepted.decision_date == DAY(2025, 10, 6)


@pytest.mark.django_db
def test_a_decision_in_the_future_is_refused(case: AbsenceCase, insurer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services_advice.sanction_record(
            recorded_by=insurer, case=case, decision_date=DAY(2026, 3, 2), weeks=4, today=DAY(2026, 3, 1)
        )
    assert refused.value.message_dict["decision_date"] == [
        "De datum van het UWV-besluit kan niet in de toekomst liggen."
    ]


@pytest.mark.django_db
def test_a_case_that_never_reached_week_91_gets_no_sanction(insurer: User) -> None:
    """Recovered in week 40: the clock stops before the report is due, so there is no WIA application to judge."""
    team = make_team()
    case = start_case(team)
    case.periods.update(end=day(280))
    with pytest.raises(ValidationError) as refused:
        services_advice.sanction_record(
            recorded_by=insurer, case=case, decision_date=day(700), weeks=4, start=day(729), today=day(700)
        )
    assert "week 91 niet bereikt" in refused.value.message_dict["decision_date"][0]
    assert not Sanction.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_api_answers_400_at_the_field_for_a_decision_before_the_report_and_saves_nothing(
    case: AbsenceCase, insurer: User, api_as: ApiAs
) -> None:
    response = api_as(insurer).post(
        f"/api/v1/absences/{case.pk}/sanctions/", {"decision_date": "2025-09-01", "weeks": 4}, format="json"
    )
    assert response.status_code == 400
    assert "5 oktober 2025" in response.json()["fields"]["decision_date"][0]
    assert not Sanction.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_page_shows_the_dutch_message_at_the_decision_date_field(
    case: AbsenceCase, insurer: User, client: Any, staff_login: Callable[[User], Any]
) -> None:
    staff_login(insurer)
    response = client.post(f"/verzuim/{case.pk}/loonsancties/", {"decision_date": "01-09-2025", "weeks": "4"})
    assert response.status_code == 200
    assert "5 oktober 2025" in " ".join(response.context["form"].errors["decision_date"])
    assert not Sanction.objects.filter(case=case).exists()
