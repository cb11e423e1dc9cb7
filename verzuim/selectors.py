"""Every read of employers and employees, scoped to the user who asks. Not yours == does not exist."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from verzuim.audit import audit_record
from verzuim.models import AuditAction, Employee, Employer, Role, User

# Roles that may see the employee administration of every employer (policy and premium work).
ALL_EMPLOYERS_ROLES = frozenset({Role.INSURER, Role.ADMIN})


def employer_scope(*, user: User) -> Q:
    """The employers a user may see, as a filter on Employer."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role == Role.EMPLOYER:
        return Q(pk=user.employer_id)
    if user.role in ALL_EMPLOYERS_ROLES:
        return Q()
    if user.role == Role.CASEMANAGER:
        return Q(casemanager=user)
    return Q(pk__in=[])


def employer_list(*, fetched_by: User) -> QuerySet[Employer]:
    return Employer.objects.filter(employer_scope(user=fetched_by)).select_related("casemanager")


def employer_get(*, fetched_by: User, employer_id: Any) -> Employer:
    pk = as_uuid(employer_id)
    employer = employer_list(fetched_by=fetched_by).filter(pk=pk).first() if pk else None
    if employer is None:
        raise Http404
    return employer


def employee_list(
    *, fetched_by: User, employer_id: Any | None = None, search: str = "", include_ended: bool = True
) -> QuerySet[Employee]:
    """Employees the user may see; records one audit row for the list that was read."""
    scope = employer_scope(user=fetched_by)
    queryset = Employee.objects.select_related("employer")
    if scope != Q():
        # Insurer staff and admins see every employer: no filter at all, so the paged list reads the index on the
        # order of creation instead of joining all employers first (bench/RESULTS.md "Paging").
        queryset = queryset.filter(employer__in=Employer.objects.filter(scope))
    if employer_id:
        employer_pk = as_uuid(employer_id)
        queryset = queryset.filter(employer_id=employer_pk) if employer_pk else queryset.none()
    search = search.replace("\x00", "")  # PostgreSQL compares no NUL character: it cannot be in a name anyway
    if search:
        queryset = queryset.filter(
            Q(first_name__icontains=search) | Q(last_name__icontains=search) | Q(personnel_number__icontains=search)
        )
    if not include_ended:
        queryset = queryset.filter(employment_end__isnull=True)
    audit_record(
        actor=fetched_by,
        action=AuditAction.LIST,
        object_type="employee",
        employer=fetched_by.employer if fetched_by.role == Role.EMPLOYER else None,
        changes={"filter": {"employer": str(employer_id or ""), "search": search}},
    )
    return queryset


def employee_count_in_service(*, fetched_by: User) -> int:
    """How many employees without an end of employment the user's employers have (the employer dashboard's card).

    A number, no personal data: unlike employee_list it records no audit row. An employer user's count filters
    on its own employer directly (no sub-select)."""
    if fetched_by.is_authenticated and fetched_by.is_active and fetched_by.role == Role.EMPLOYER:
        if not fetched_by.employer_id:
            return 0
        employees = Employee.objects.filter(employer_id=fetched_by.employer_id)
    else:
        employees = Employee.objects.filter(employer__in=Employer.objects.filter(employer_scope(user=fetched_by)))
    return employees.filter(employment_end__isnull=True).count()


def employee_get(*, fetched_by: User, employee_id: Any, for_update: bool = False) -> Employee:
    """One employee the user may see, or 404; records the read."""
    scope = employer_scope(user=fetched_by)
    queryset = Employee.objects.select_related("employer")
    if scope != Q():
        # Insurer staff and admins see every employer: no filter at all, so the paged list reads the index on the
        # order of creation instead of joining all employers first (bench/RESULTS.md "Paging").
        queryset = queryset.filter(employer__in=Employer.objects.filter(scope))
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    pk = as_uuid(employee_id)
    employee = queryset.filter(pk=pk).first() if pk else None
    if employee is None:
        raise Http404
    audit_record(
        actor=fetched_by,
        action=AuditAction.READ,
        object_type="employee",
        object_id=employee.pk,
        employer=employee.employer,
    )
    return employee


def as_uuid(value: Any) -> uuid.UUID | None:
    """A malformed id is simply an id that matches nothing (so it answers 404, never 500)."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
