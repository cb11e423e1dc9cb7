"""One small, complete world for the sweeping tests (schemathesis, the CSRF form walk): an insured employer with
its casemanager and physician, an open case with an intervention, a claim, a sanction and a premium calculation,
and one user per role. Made through the factories and services, the way the portal makes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from cases.absence.models import AbsenceCase
from cases.interventions import services as services_interventions
from premiums import services as premium_services
from premiums.claims import services as services_claims
from premiums.models import Policy
from tests.cases.factories import make_case
from tests.factories import (
    EmployeeFactory,
    EmployerFactory,
    PolicyFactory,
    SanctionFactory,
    UserFactory,
    confirmed_totp_device,
)
from verzuim.api_keys import api_key_create
from verzuim.models import STAFF_ROLES, ApiKeyScope, Role, User

TODAY = dt.date(2026, 11, 23)  # the rows are dated: the premium parameters (and so claims) start in 2026


@dataclass(frozen=True)
class World:
    users: dict[Role, User]
    case: AbsenceCase
    # Per path parameter of the API: the ids of real rows.
    ids: dict[str, list[str]]
    # Per id field of the API's request bodies: the ids of real rows.
    body_ids: dict[str, list[str]]
    # The full key of the employer's machine client (every scope).
    api_key_secret: str = ""


def seed_world() -> World:
    casemanager = UserFactory(role=Role.CASEMANAGER)
    physician = UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN)
    insurer = UserFactory(role=Role.INSURER)
    employer = EmployerFactory(casemanager=casemanager, occupational_physician=physician)
    policy = cast(Policy, PolicyFactory(employer=employer, start_date=dt.date(2026, 1, 1)))
    employer_user = UserFactory(role=Role.EMPLOYER, employer=employer)
    employee = EmployeeFactory(employer=employer)
    case = make_case(
        employer=employer, reported_by=employer_user, first_sick_day=dt.date(2026, 1, 5), today=dt.date(2026, 1, 5)
    )
    intervention = services_interventions.intervention_request(
        requested_by=casemanager,
        case=case,
        kind="fysiotherapie",
        cost=Decimal("450.00"),
        advised_by="physician",
        today=TODAY,
    )
    claim = services_claims.claim_create(
        created_by=insurer, case=case, period_start=dt.date(2026, 2, 2), period_end=dt.date(2026, 2, 27), today=TODAY
    )
    sanction = SanctionFactory(
        case=case, recorded_by=insurer, decision_date=dt.date(2026, 11, 2), weeks=4, start=dt.date(2028, 1, 3)
    )
    calculation = premium_services.premium_calculate(calculated_by=insurer, policy=policy, year=2026, today=TODAY)
    users = {
        Role.EMPLOYER: employer_user,
        Role.CASEMANAGER: casemanager,
        Role.OCCUPATIONAL_PHYSICIAN: physician,
        Role.INSURER: insurer,
        Role.COMPLAINT_HANDLER: UserFactory(role=Role.COMPLAINT_HANDLER),
        Role.ADMIN: UserFactory(role=Role.ADMIN),
        Role.EMPLOYEE: UserFactory(role=Role.EMPLOYEE, employee=case.employee),
    }
    for role, user in users.items():
        if role in STAFF_ROLES:
            confirmed_totp_device(user)
    # A machine client's key of the employer with every scope (verzuim.api_keys): its own run walks the API too.
    api_key, api_key_secret = api_key_create(
        created_by=employer_user, employer=employer, name="Salarispakket", scopes=ApiKeyScope.values
    )
    ids = {
        "api_key_id": [str(api_key.pk)],
        "case_id": [str(case.pk)],
        "employee_id": [str(employee.pk), str(case.employee_id)],
        "employer_id": [str(employer.pk)],
        "intervention_id": [str(intervention.pk)],
        "code": list(case.steps.values_list("code", flat=True)),
        "claim_id": [str(claim.pk)],
        "sanction_id": [str(sanction.pk)],
        "calculation_id": [str(calculation.pk)],
    }
    body_ids = {
        "employee": [str(employee.pk)],
        "employer": [str(employer.pk)],
        "policy": [str(policy.pk)],
        "user": [str(casemanager.pk), str(physician.pk)],
    }
    return World(users=users, case=case, ids=ids, body_ids=body_ids, api_key_secret=api_key_secret)
