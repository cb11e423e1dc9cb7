"""Cases with a policy for the claims tests, made through the services as the portal makes them.

The defaults make the arithmetic easy to check by hand: a yearly wage of €52,200 is €200.00 per work day
(52,200 / 261), employer charges 25%, 10 waiting days, coverage 100/70, first sick day Monday 5 January 2026.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from cases.absence import services as case_services
from cases.absence.models import AbsenceCase, Recovery
from tests.cases.factories import employer_user_for
from tests.factories import EmployeeFactory, EmployerFactory, PolicyFactory
from verzuim.models import Employer

FIRST_SICK_DAY = dt.date(2026, 1, 5)
TODAY = dt.date(2026, 11, 23)


def insured_employer(
    *,
    employer: Employer | None = None,
    waiting_days: int = 10,
    coverage: str = "100/70",
    employer_charges_pct: Decimal = Decimal(25),
    policy_start: dt.date = dt.date(2026, 1, 1),
    **policy: object,
) -> Employer:
    employer = employer or cast(Employer, EmployerFactory())
    PolicyFactory(
        employer=employer,
        start_date=policy_start,
        waiting_days=waiting_days,
        coverage=coverage,
        employer_charges_pct=employer_charges_pct,
        **policy,
    )
    return employer


def sick_case(
    *,
    employer: Employer | None = None,
    first_sick_day: dt.date = FIRST_SICK_DAY,
    yearly_wage: Decimal = Decimal("52200.00"),
    **policy: object,
) -> AbsenceCase:
    """A case of a new employee of an insured employer (a new one unless given), sick since `first_sick_day`."""
    if employer is None:
        employer = insured_employer(**policy)  # type: ignore[arg-type]
    employee = EmployeeFactory(employer=employer, yearly_wage=yearly_wage, employment_start=dt.date(2020, 1, 1))
    case, _created = case_services.case_report_sickness(
        reported_by=employer_user_for(employer), employee=employee, first_sick_day=first_sick_day, today=first_sick_day
    )
    return case


def recover(case: AbsenceCase, day: dt.date, pct: int) -> Recovery:
    return case_services.case_report_recovery(
        reported_by=employer_user_for(case.employer), case=case, date=day, recovered_pct=pct, today=day
    )


def relapse(case: AbsenceCase, day: dt.date) -> AbsenceCase:
    continued, _created = case_services.case_report_sickness(
        reported_by=employer_user_for(case.employer), employee=case.employee, first_sick_day=day, today=day
    )
    assert continued.pk == case.pk
    return continued
