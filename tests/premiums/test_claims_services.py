"""Claims through the services (premiums.claims.services): what is stored, waiting days once per case across
claims, refused periods, overlap, four eyes, paying and cancelling, and the audit rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from premiums.claims import services as services_claims
from premiums.claims.models import Claim, ClaimKind, ClaimStatus
from premiums.models import ParameterSet, PolicyStatus
from tests.factories import PolicyFactory
from tests.premiums.claims_factories import TODAY, insured_employer, recover, relapse, sick_case
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
DAY = dt.date


@pytest.fixture
def calculator(make_user: MakeUser) -> User:
    return make_user(Role.INSURER, full_name="Carla Calculator")


@pytest.fixture
def approver(make_user: MakeUser) -> User:
    return make_user(Role.INSURER, full_name="Anton Approver")


def create(user: User, case: object, start: dt.date, end: dt.date) -> Claim:
    return services_claims.claim_create(
        created_by=user,
        case=case,  # type: ignore[arg-type]
        period_start=start,
        period_end=end,
        today=TODAY,
    )


def field_errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_claim_stores_the_statement_the_terms_and_who_calculated_it(calculator: User) -> None:
    case = sick_case()
    claim = create(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 30))
    claim.refresh_from_db()
    assert (claim.kind, claim.status, claim.employer_id, claim.created_by) == (
        ClaimKind.WAGE,
        ClaimStatus.CALCULATED,
        case.employer_id,
        calculator,
    )
    assert (claim.waiting_days, claim.coverage, claim.employer_charges_pct, claim.yearly_wage) == (
        10,
        "100/70",
        D("25.00"),
        D("52200.00"),
    )
    # 10 waiting days (5-16 January), then 10 paid work days: 200 * 10 * 1.25 = 2,500.00.
    assert (claim.waiting_days_before, claim.waiting_days_in_period, claim.sick_work_days, claim.paid_work_days) == (
        0,
        10,
        20,
        10,
    )
    assert claim.amount == D("2500.00")
    assert claim.lines == [
        {
            "start": "2026-01-05",
            "end": "2026-01-16",
            "category": "waiting",
            "work_days": 10,
            "absent_pct": "100",
            "coverage_year": 1,
            "coverage_pct": "100",
            "insured_yearly_wage": "52200.00",
            "daily_wage": "200.00",
            "amount": "0.00",
        },
        {
            "start": "2026-01-19",
            "end": "2026-01-30",
            "category": "paid",
            "work_days": 10,
            "absent_pct": "100",
            "coverage_year": 1,
            "coverage_pct": "100",
            "insured_yearly_wage": "52200.00",
            "daily_wage": "200.00",
            "amount": "2500.00",
        },
    ]
    row = AuditLog.objects.get(object_type="claim", object_id=str(claim.pk))
    assert (row.actor, row.action, row.employer_id) == (calculator, "create", case.employer_id)
    assert row.changes["amount"] == "2500.00"


def test_waiting_days_are_used_once_per_case_across_two_claims(calculator: User) -> None:
    case = sick_case()
    first = create(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 9))
    second = create(calculator, case, DAY(2026, 1, 12), DAY(2026, 1, 23))
    assert (first.waiting_days_in_period, first.amount) == (5, D("0.00"))
    # 5 used before, 5 more from 12 to 16 January, then 19-23 January paid: 200 * 5 * 1.25 = 1,250.00.
    assert (second.waiting_days_before, second.waiting_days_in_period, second.amount) == (5, 5, D("1250.00"))


def test_waiting_days_continue_after_a_relapse_and_the_partial_recovery_is_followed(calculator: User) -> None:
    case = sick_case()
    recover(case, DAY(2026, 1, 7), 50)  # absent 50% from Wednesday 7 January
    recover(case, DAY(2026, 1, 10), 100)  # fully recovered from Saturday 10: the period ends Friday 9
    relapse(case, DAY(2026, 1, 19))  # 9 days later: the same case
    first = create(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 9))
    second = create(calculator, case, DAY(2026, 1, 19), DAY(2026, 1, 30))
    assert [(line["start"], line["absent_pct"], line["category"]) for line in first.lines] == [
        ("2026-01-05", "100", "waiting"),
        ("2026-01-07", "50", "waiting"),
    ]
    # 5 waiting days before the relapse, 5 after it (19-23 January), then 26-30 January at 100% again.
    assert (second.waiting_days_before, second.waiting_days_in_period, second.amount) == (5, 5, D("1250.00"))


def test_an_overlapping_period_is_refused_409_until_the_other_claim_is_cancelled(
    calculator: User, approver: User
) -> None:
    case = sick_case()
    existing = create(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 30))
    with pytest.raises(services_claims.ClaimConflict) as exc:
        create(calculator, case, DAY(2026, 1, 30), DAY(2026, 2, 27))
    assert exc.value.code == "claim_overlap"
    assert exc.value.message == (
        "Deze periode overlapt met de declaratie van 05-01-2026 tot en met 30-01-2026 van dit verzuimgeval."
    )
    services_claims.claim_cancel(cancelled_by=approver, claim=existing, reason="Verkeerde periode.")
    assert create(calculator, case, DAY(2026, 1, 30), DAY(2026, 2, 27)).status == ClaimStatus.CALCULATED


def test_claims_of_another_case_do_not_overlap(calculator: User) -> None:
    case = sick_case()
    other = sick_case(employer=case.employer)
    create(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 30))
    assert create(calculator, other, DAY(2026, 1, 5), DAY(2026, 1, 30)).amount == D("2500.00")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (DAY(2026, 1, 30), DAY(2026, 1, 5), {"period_end": ["De periode eindigt vóór de begindatum."]}),
        (
            DAY(2026, 1, 1),
            DAY(2026, 1, 30),
            {"period_start": ["De periode begint vóór de eerste ziektedag (05-01-2026)."]},
        ),
        (
            DAY(2026, 11, 1),
            DAY(2026, 11, 24),
            {"period_end": ["Een declaratie kan niet over dagen in de toekomst gaan."]},
        ),
        (
            DAY(2026, 1, 5),
            DAY(2027, 1, 8),
            {
                "period_end": [
                    "Een declaratie loopt binnen één kalenderjaar. Laat deze periode eindigen op 31-12-2026 en "
                    "declareer de rest apart."
                ]
            },
        ),
        (
            DAY(2026, 1, 24),
            DAY(2026, 1, 25),
            {"period_start": ["De werknemer had in deze periode geen ziektewerkdagen."]},
        ),
    ],
    ids=["end-before-start", "before-first-sick-day", "future", "two-calendar-years", "weekend-only"],
)
def test_bad_periods_are_refused_with_a_dutch_message_per_field(
    calculator: User, start: dt.date, end: dt.date, expected: dict[str, list[str]]
) -> None:
    case = sick_case()
    with pytest.raises(ValidationError) as exc:
        create(calculator, case, start, end)
    assert field_errors(exc) == expected
    assert not Claim.objects.exists()


def test_a_period_without_a_policy_is_refused(calculator: User) -> None:
    case = sick_case(policy_start=DAY(2026, 3, 1))
    with pytest.raises(ValidationError) as exc:
        create(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 30))
    assert field_errors(exc) == {"period_start": [f"Er is geen polis van {case.employer.name} die deze periode dekt."]}


def test_a_period_under_two_policies_is_refused(calculator: User) -> None:
    employer = insured_employer(end_date=DAY(2026, 1, 20), status=PolicyStatus.ENDED)
    PolicyFactory(employer=employer, start_date=DAY(2026, 1, 21), policy_number="VOV-NIEUW")
    case = sick_case(employer=employer)
    with pytest.raises(ValidationError) as exc:
        create(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 30))
    number = employer.policies.order_by("start_date").first().policy_number
    assert field_errors(exc) == {
        "period_end": [
            f"Deze periode valt onder meer dan één polis. Declareer per polis: polis {number} loopt tot en met "
            "20-01-2026."
        ]
    }
    # Per policy it works; the days after the ended policy are not in its claim's pay.
    assert create(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 20)).policy.policy_number == number


def test_a_suspended_policy_pays_nothing(calculator: User) -> None:
    case = sick_case(status=PolicyStatus.SUSPENDED)
    number = case.employer.policies.get().policy_number
    with pytest.raises(ValidationError) as exc:
        create(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 30))
    assert field_errors(exc) == {
        "period_start": [f"Polis {number} is geschorst: zolang de dekking is geschorst, wordt er niets vergoed."]
    }


def test_a_period_without_a_wage_cap_is_refused(calculator: User) -> None:
    assert not ParameterSet.objects.filter(valid_from__lt=DAY(2026, 1, 1)).exists()
    case = sick_case(first_sick_day=DAY(2025, 11, 3), policy_start=DAY(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        create(calculator, case, DAY(2025, 11, 3), DAY(2025, 11, 28))
    assert field_errors(exc) == {
        "period_start": [
            "Er is geen maximumpremieloon vastgelegd dat geldt op 03-11-2025. "
            "Leg eerst de premieparameters van dat jaar vast in het beheer."
        ]
    }


def test_the_wage_cap_of_the_parameters_limits_the_insured_wage(calculator: User) -> None:
    case = sick_case(yearly_wage=D("100000.00"))
    claim = create(calculator, case, DAY(2026, 1, 19), DAY(2026, 1, 23))
    # The 2026 parameters cap the wage at 79,409: 79,409 / 261 * 5 * 1.25 = 1,901.556... -> 1,901.56.
    assert claim.lines[0]["insured_yearly_wage"] == "79409.00"
    assert claim.amount == D("1901.56")


def test_only_insurer_staff_calculate_a_claim(employer_user: User) -> None:
    case = sick_case(employer=insured_employer(employer=employer_user.employer))
    with pytest.raises(PermissionDenied, match=r"Alleen medewerkers van de verzekeraar behandelen declaraties\."):
        create(employer_user, case, DAY(2026, 1, 5), DAY(2026, 1, 30))


def test_the_calculator_cannot_approve_a_second_insurer_can(calculator: User, approver: User) -> None:
    claim = create(calculator, sick_case(), DAY(2026, 1, 5), DAY(2026, 1, 30))
    with pytest.raises(PermissionDenied) as exc:
        services_claims.claim_approve(approved_by=calculator, claim=claim)
    assert str(exc.value) == (
        "U hebt deze declaratie zelf berekend. Een tweede medewerker moet haar goedkeuren (vier ogen)."
    )
    claim = services_claims.claim_approve(approved_by=approver, claim=claim)
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by) == (ClaimStatus.APPROVED, approver)
    assert claim.approved_at is not None
    assert AuditLog.objects.filter(
        object_type="claim", object_id=str(claim.pk), action="update", actor=approver
    ).exists()


def test_the_database_refuses_an_approver_who_calculated_the_claim(calculator: User) -> None:
    claim = create(calculator, sick_case(), DAY(2026, 1, 5), DAY(2026, 1, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(approved_by=calculator)


def test_a_claim_is_approved_once(calculator: User, approver: User) -> None:
    claim = create(calculator, sick_case(), DAY(2026, 1, 5), DAY(2026, 1, 30))
    services_claims.claim_approve(approved_by=approver, claim=claim)
    with pytest.raises(services_claims.ClaimConflict) as exc:
        services_claims.claim_approve(approved_by=approver, claim=claim)
    assert (exc.value.code, exc.value.message) == (
        "not_calculated",
        "Alleen een berekende declaratie kan worden goedgekeurd.",
    )


def test_only_an_approved_claim_is_paid(calculator: User, approver: User) -> None:
    claim = create(calculator, sick_case(), DAY(2026, 1, 5), DAY(2026, 1, 30))
    with pytest.raises(services_claims.ClaimConflict) as exc:
        services_claims.claim_mark_paid(paid_by=approver, claim=claim)
    assert exc.value.message == "Alleen een goedgekeurde declaratie kan als betaald worden gemeld."
    services_claims.claim_approve(approved_by=approver, claim=claim)
    paid = services_claims.claim_mark_paid(paid_by=calculator, claim=claim)
    paid.refresh_from_db()
    assert (paid.status, paid.paid_by) == (ClaimStatus.PAID, calculator)
    assert paid.paid_at is not None
    assert AuditLog.objects.filter(object_type="claim", object_id=str(claim.pk), actor=calculator, action="update")


def test_cancelling_needs_a_reason_and_a_paid_claim_stays(calculator: User, approver: User) -> None:
    claim = create(calculator, sick_case(), DAY(2026, 1, 5), DAY(2026, 1, 30))
    with pytest.raises(ValidationError) as exc:
        services_claims.claim_cancel(cancelled_by=approver, claim=claim, reason="  ")
    assert field_errors(exc) == {"reason": ["Geef aan waarom u de declaratie intrekt."]}
    services_claims.claim_approve(approved_by=approver, claim=claim)
    services_claims.claim_mark_paid(paid_by=approver, claim=claim)
    with pytest.raises(services_claims.ClaimConflict) as conflict:
        services_claims.claim_cancel(cancelled_by=approver, claim=claim, reason="Te laat.")
    assert conflict.value.message == "Een betaalde declaratie kan niet meer worden ingetrokken."
