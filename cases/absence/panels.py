"""The absence cases on the start page (verzuim.plugins): the employer's button to report sickness and its open
cases, and for staff the most urgent open cases with a link to the caseload. Imported by CasesConfig.ready."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from cases.absence import selectors
from cases.absence.views import case_rows
from verzuim.models import Employee, Role, User
from verzuim.plugins import dashboard_panel, dashboard_panel_add, employee_section

STAFF_ROLES = frozenset({Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER})
# Staff see the most urgent few; an MKB employer has few employees, so all its open cases fit.
STAFF_LIMIT = 10

dashboard_panel_add(
    name="report_sickness",
    template="cases/panels/report_sickness.html",
    roles={Role.EMPLOYER},
    slot="actions",
    order=10,
)


@dashboard_panel(
    name="open_cases_employer", template="cases/panels/open_cases_employer.html", roles={Role.EMPLOYER}, order=10
)
def open_cases_employer(user: User) -> Mapping[str, Any]:
    # Open cases with their next deadline, most urgent first (periods and steps prefetched).
    open_cases = selectors.case_list_with_next_step(fetched_by=user)
    return {"open_cases": case_rows(open_cases, timezone.localdate())}


@dashboard_panel(name="open_cases_staff", template="cases/panels/open_cases_staff.html", roles=STAFF_ROLES, order=10)
def open_cases_staff(user: User) -> Mapping[str, Any]:
    open_cases = selectors.case_list_with_next_step(fetched_by=user)
    return {
        "open_cases": case_rows(open_cases[:STAFF_LIMIT], timezone.localdate()),
        "open_case_count": open_cases.count(),
        "own_caseload": user.role == Role.CASEMANAGER,
    }


@employee_section(name="employee_absences", template="cases/panels/employee_absences.html", order=10)
def employee_absences(user: User, employee: Employee) -> Mapping[str, Any]:
    """The employee page lists that person's absence cases, newest first, open and closed."""
    cases = (
        selectors.case_list_with_next_step(fetched_by=user, status=None)
        .filter(employee=employee)
        .order_by("-first_sick_day", "pk")
    )
    return {"rows": case_rows(cases, timezone.localdate()), "employee": employee}


@dashboard_panel(
    name="own_cases_employee", template="cases/panels/own_cases_employee.html", roles={Role.EMPLOYEE}, order=10
)
def own_cases_employee(user: User) -> Mapping[str, Any]:
    """Mijn verzuim: the employee's own cases with their first sick day and casemanager; no medical data."""
    employment_end = user.employee.employment_end if user.employee is not None else None
    return {"cases": selectors.own_case_list(fetched_by=user), "employment_end": employment_end}
