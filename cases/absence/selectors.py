"""Every read of absence cases, scoped to the user who asks (docs/domain.md §3). Not yours == does not exist."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Min, Prefetch, Q, QuerySet
from django.http import Http404

from cases.absence.models import AbsenceCase, CaseAssignment, CaseStatus, SickPeriod, Step, StepState
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Employer, Role, User
from verzuim.selectors import as_uuid

# Roles that see the non-medical progress of every case of the book.
ALL_CASES_ROLES = frozenset({Role.INSURER, Role.ADMIN})


def readable_case_scope(*, user: User, include_own: bool) -> Q:
    """case_scope, or for an employee account with `include_own` their own cases: the API's case list, case and
    steps are the employee's too (issue 22 item 6); every other page and endpoint keeps case_scope alone."""
    if include_own and user.is_authenticated and user.role == Role.EMPLOYEE:
        return own_case_scope(user=user)
    return case_scope(user=user)


def case_scope(*, user: User) -> Q:
    """The cases a user may see, as a filter on AbsenceCase."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role == Role.EMPLOYER:
        return Q(employer_id=user.employer_id)
    if user.role == Role.CASEMANAGER:
        # The cases assigned to them and the cases of their employers, as a UNION of two index scans: the plain
        # OR across the employer join made PostgreSQL hash all employers for every caseload (bench/RESULTS.md).
        assigned = AbsenceCase.objects.filter(casemanager=user).order_by().values("pk")
        of_employers = (
            AbsenceCase.objects.filter(employer_id__in=Employer.objects.filter(casemanager=user).values("pk"))
            .order_by()
            .values("pk")
        )
        return Q(pk__in=assigned.union(of_employers))
    if user.role == Role.OCCUPATIONAL_PHYSICIAN:
        return Q(employer__occupational_physician=user)
    if user.role in ALL_CASES_ROLES:
        return Q()
    return Q(pk__in=[])


def open_cases_of(*, user: User, via: str = "case") -> Q:
    """A filter on a model whose foreign key `via` names an AbsenceCase: the rows of the user's open cases.

    An employer user's filter names its employer on the case (one join); everyone else's sub-selects the cases of
    case_scope. The task inbox's statements join the case, its employee and its employer already, and for an
    employer the sub-select made PostgreSQL plan six relations where four do: planning was most of each of those
    statements (1.6 ms against 0.45 ms; bench/RESULTS.md, decision 380)."""
    if user.is_authenticated and user.is_active and user.role == Role.EMPLOYER:
        return Q(**{f"{via}__employer_id": user.employer_id, f"{via}__status": CaseStatus.OPEN})
    return Q(**{f"{via}__in": AbsenceCase.objects.filter(case_scope(user=user), status=CaseStatus.OPEN).values("pk")})


def case_names_related(*, user: User, via: str = "case") -> tuple[str, ...]:
    """What a task row names of its case: the employee, and the employer unless the user is that employer."""
    if user.role == Role.EMPLOYER:
        return (f"{via}__employee",)
    return (f"{via}__employee", f"{via}__employer")


# A KvK number as typed: eight ASCII digits, spaces allowed ("1234 5678").
KVK_SEARCH = re.compile(r"[0-9]{8}")


def employer_search_filter(search: str) -> Q:
    """Cases whose employer's name contains the text (case-insensitive), or whose KvK number it is exactly."""
    matches = Q(employer__name__icontains=search)
    kvk_number = "".join(search.split())
    if KVK_SEARCH.fullmatch(kvk_number):
        matches |= Q(employer__kvk_number=kvk_number)
    return matches


def case_list(
    *,
    fetched_by: User,
    status: str | None = None,
    employer_id: Any | None = None,
    employer_search: str = "",
    audit: bool = True,
    include_own: bool = False,
) -> QuerySet[AbsenceCase]:
    """Cases the user may see, with what a list shows: employee, casemanager, periods, next deadline.

    `employer_search` narrows to employers by part of the name or the KvK number, inside the user's scope.
    """
    queryset = (
        AbsenceCase.objects.filter(readable_case_scope(user=fetched_by, include_own=include_own))
        .select_related("employee", "employer", "casemanager")
        .prefetch_related(Prefetch("periods", queryset=SickPeriod.objects.order_by("start")))
        .annotate(next_due_date=Min("steps__due_date", filter=Q(steps__state=StepState.OPEN)))
    )
    if status in CaseStatus.values:
        queryset = queryset.filter(status=status)
    if employer_id:
        employer_pk = as_uuid(employer_id)
        queryset = queryset.filter(employer_id=employer_pk) if employer_pk else queryset.none()
    employer_search = employer_search.replace("\x00", "").strip()  # PostgreSQL compares no NUL (decision 134)
    if employer_search:
        queryset = queryset.filter(employer_search_filter(employer_search))
    if audit:
        audit_record(
            actor=fetched_by,
            action=AuditAction.LIST,
            object_type="absence_case",
            employer=fetched_by.employer if fetched_by.role == Role.EMPLOYER else None,
            changes={
                "filter": {
                    "status": status or "",
                    "employer": str(employer_id or ""),
                    "employer_search": employer_search,
                }
            },
        )
    return queryset


def caseload(
    *, fetched_by: User, status: str | None = CaseStatus.OPEN, employer_id: Any | None = None
) -> list[AbsenceCase]:
    """A casemanager's cases, most urgent deadline first (cases without a dated open step last)."""
    from django.db.models import F

    cases = case_list(fetched_by=fetched_by, status=status, employer_id=employer_id).order_by(
        F("next_due_date").asc(nulls_last=True), "first_sick_day"
    )
    return list(cases)


def _case_read(*, fetched_by: User, scope: Q, case_id: Any, action: str, related: tuple[str, ...]) -> AbsenceCase:
    """The one case of `scope` with this id, or 404; records who read it (the `view` says what for)."""
    pk = as_uuid(case_id)
    case = (
        AbsenceCase.objects.filter(scope)
        .select_related("employee", "employer", "casemanager", *related)
        .prefetch_related(Prefetch("periods", queryset=SickPeriod.objects.order_by("start")))
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if case is None:
        raise Http404
    audit_record(
        actor=fetched_by,
        action=AuditAction.READ,
        object_type="absence_case",
        object_id=case.pk,
        employer=case.employer,
        changes={"view": action},
    )
    return case


def case_get(*, fetched_by: User, case_id: Any, action: str = "read", include_own: bool = False) -> AbsenceCase:
    """One case the user may see, or 404; records who read it. `include_own`: an employee's own case too."""
    scope = readable_case_scope(user=fetched_by, include_own=include_own)
    return _case_read(fetched_by=fetched_by, scope=scope, case_id=case_id, action=action, related=())


def own_case_scope(*, user: User) -> Q:
    """The cases of an employee account's own employee record (issue 22): the employee's whole scope. Nobody else
    has own cases, so every other role gets an empty filter; `case_scope` deliberately gives the employee nothing,
    so the pages and API of the other roles stay closed to them (decision 289)."""
    if not user.is_authenticated or not user.is_active or user.role != Role.EMPLOYEE or user.employee_id is None:
        return Q(pk__in=[])
    return Q(employee_id=user.employee_id)


def own_case_get(*, fetched_by: User, case_id: Any, action: str = "read") -> AbsenceCase:
    """One of the employee's own cases, or 404 (another employee's case, or any other role); records the read."""
    scope = own_case_scope(user=fetched_by)
    return _case_read(
        fetched_by=fetched_by, scope=scope, case_id=case_id, action=action, related=("employer__casemanager",)
    )


def case_steps(*, case: AbsenceCase) -> list[Step]:
    return list(case_step_queryset(case=case).order_by("position", "sequence"))


def case_step_queryset(*, case: AbsenceCase) -> QuerySet[Step]:
    """The steps of a case, unordered: the API pages them in the order of the law (position, sequence, pk)."""
    return case.steps.select_related("completed_by")


def case_next_step(*, case: AbsenceCase) -> Step | None:
    return case.steps.filter(state=StepState.OPEN, due_date__isnull=False).order_by("due_date", "position").first()


# Attribute the caseload prefetch stores a case's dated open steps in, most urgent first.
DATED_OPEN_STEPS = "dated_open_steps"


def case_list_with_next_step(
    *,
    fetched_by: User,
    status: str | None = CaseStatus.OPEN,
    employer_id: Any | None = None,
    employer_search: str = "",
) -> QuerySet[AbsenceCase]:
    """case_list, most urgent deadline first, with each case's dated open steps prefetched (no query per case).

    `getattr(case, DATED_OPEN_STEPS)` holds the next deadline alone (the same step case_next_step returns), or
    nothing.
    """
    from django.db.models import F

    # Only each case's first dated open step (a sliced prefetch: one window-function query), not its ten or so.
    dated_open = Step.objects.filter(state=StepState.OPEN, due_date__isnull=False).order_by("due_date", "position")[:1]
    return (
        case_list(fetched_by=fetched_by, status=status, employer_id=employer_id, employer_search=employer_search)
        .prefetch_related(Prefetch("steps", queryset=dated_open, to_attr=DATED_OPEN_STEPS))
        .order_by(F("next_due_date").asc(nulls_last=True), "first_sick_day", "pk")
    )


def case_assignment_list(*, case: AbsenceCase) -> list[CaseAssignment]:
    return list(case.assignments.select_related("casemanager", "assigned_by").order_by("assigned_at", "id"))


def casemanager_list_active() -> QuerySet[User]:
    """Casemanagers a case can be (re)assigned to."""
    return User.objects.filter(role=Role.CASEMANAGER, is_active=True).order_by("full_name", "email")


def own_case_list(*, fetched_by: User) -> list[AbsenceCase]:
    """The cases of the employee account's own employee record, newest first, for its start page (Mijn verzuim);
    nobody else has own cases. Records one audit row for the list."""
    if not fetched_by.is_authenticated or not fetched_by.is_active or fetched_by.role != Role.EMPLOYEE:
        return []
    if fetched_by.employee_id is None:
        return []
    cases = list(
        AbsenceCase.objects.filter(own_case_scope(user=fetched_by))
        .select_related("casemanager", "employer__casemanager")
        .order_by("-first_sick_day", "pk")
    )
    audit_record(
        actor=fetched_by,
        action=AuditAction.LIST,
        object_type="absence_case",
        employer=cases[0].employer if cases else None,
        changes={"filter": {"own": True}},
    )
    return cases
