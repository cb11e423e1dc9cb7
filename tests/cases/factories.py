"""Absence cases for tests, made the way the portal makes them: through services.case_report_sickness."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.utils import timezone

from cases.absence import services
from cases.absence.models import AbsenceCase
from cases.professionals.models import EmployerArbodienst
from tests.factories import EmployeeFactory, UserFactory
from verzuim.models import Employee, Employer, Role, User


def employer_user_for(employer: Employer) -> User:
    return employer.users.filter(role=Role.EMPLOYER).first() or UserFactory(role=Role.EMPLOYER, employer=employer)


# Far enough back to count on any report date a test uses (EmployerArbodienst is dated by recorded_at).
OWN_ARBODIENST_SINCE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def own_arbodienst(employer: Employer, *, name: str = "Eigen Arbodienst B.V.") -> EmployerArbodienst:
    """Give the employer an arbodienst of its own (recorded long ago): its sickness reports then leave the
    report to the arbodienst (step report_to_ohs) open, to be completed by hand (docs/domain.md §5)."""
    return EmployerArbodienst.objects.create(
        employer=employer, name=name, recorded_by=employer_user_for(employer), recorded_at=OWN_ARBODIENST_SINCE
    )


def make_case(
    *,
    employee: Employee | None = None,
    employer: Employer | None = None,
    reported_by: User | None = None,
    days_sick: int = 3,
    first_sick_day: dt.date | None = None,
    **report: Any,
) -> AbsenceCase:
    """A case for `employee` (or a new employee of `employer`), sick since `days_sick` days before today."""
    if employee is None:
        employee = cast(Employee, EmployeeFactory(employer=employer) if employer is not None else EmployeeFactory())
    reporter = reported_by or employer_user_for(employee.employer)
    first_sick_day = first_sick_day or timezone.localdate() - dt.timedelta(days=days_sick)
    case, _created = services.case_report_sickness(
        reported_by=reporter, employee=employee, first_sick_day=first_sick_day, **report
    )
    return case
