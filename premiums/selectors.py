"""Reads of policies, scoped to the user who asks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from premiums.models import CalculationStatus, Policy, PolicyStatus, PremiumCalculation
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Employer, Role, User
from verzuim.selectors import as_uuid, employer_scope


def policy_active(*, fetched_by: User) -> Policy | None:
    """The policy in force today for the employers the user may see (an employer user: their own)."""
    today = timezone.localdate()
    if fetched_by.is_authenticated and fetched_by.role == Role.EMPLOYER:
        # The employer dashboard asks on every visit: a direct filter on the column, no sub-select to plan.
        policies = Policy.objects.filter(employer_id=fetched_by.employer_id) if fetched_by.employer_id else None
    else:
        policies = Policy.objects.filter(employer__in=Employer.objects.filter(employer_scope(user=fetched_by)))
    if policies is None or not fetched_by.is_active:
        return None
    return (
        policies.filter(status=PolicyStatus.ACTIVE, start_date__lte=today)
        .select_related("product", "employer")
        .order_by("-start_date")
        .first()
    )


def calculation_scope(*, user: User) -> Q:
    """The calculations a user may see: insurer staff all; an employer only its approved ones; others none."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role in {Role.INSURER, Role.ADMIN}:
        return Q()
    if user.role == Role.EMPLOYER and user.employer_id:
        return Q(employer_id=user.employer_id, status=CalculationStatus.APPROVED)
    return Q(pk__in=[])


def calculation_list(
    *, fetched_by: User, status: str | None = None, year: int | None = None
) -> QuerySet[PremiumCalculation]:
    queryset = PremiumCalculation.objects.filter(calculation_scope(user=fetched_by)).select_related(
        "policy", "employer", "parameter_set", "created_by", "submitted_by", "reviewed_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    if year:
        queryset = queryset.filter(year=year)
    return queryset.order_by("-year", "employer__name", "-created_at")


def calculation_get(*, fetched_by: User, calculation_id: Any) -> PremiumCalculation:
    pk = as_uuid(calculation_id)
    calculation = calculation_list(fetched_by=fetched_by).filter(pk=pk).first() if pk else None
    if calculation is None:
        raise Http404
    return calculation


def calculation_list_in(
    *, fetched_by: User, statuses: Iterable[str], order_by: Sequence[str]
) -> QuerySet[PremiumCalculation]:
    """The calculations in any of `statuses` (a tab of the review queue), in the given order."""
    return calculation_list(fetched_by=fetched_by).filter(status__in=list(statuses)).order_by(*order_by)


def calculation_status_counts(*, fetched_by: User) -> dict[str, int]:
    """How many calculations the user may see per status, in one query."""
    rows = (
        PremiumCalculation.objects.filter(calculation_scope(user=fetched_by))
        .values("status")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["total"] for row in rows}


def calculation_years(*, fetched_by: User, status: str) -> list[int]:
    """The premium years of the user's calculations in `status`, newest first."""
    years = (
        PremiumCalculation.objects.filter(calculation_scope(user=fetched_by), status=status)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return list(years)


def calculation_audit_read(*, fetched_by: User, calculations: Iterable[PremiumCalculation], view: str) -> None:
    """Records that the user read these calculations (page or document `view`)."""
    for calculation in calculations:
        audit_record(
            actor=fetched_by,
            action=AuditAction.READ,
            object_type="premium_calculation",
            object_id=calculation.pk,
            employer=calculation.employer,
            changes={"year": calculation.year, "view": view},
        )


def calculation_read(*, fetched_by: User, calculation_id: Any, view: str) -> PremiumCalculation:
    """calculation_get, and the read is audited."""
    calculation = calculation_get(fetched_by=fetched_by, calculation_id=calculation_id)
    calculation_audit_read(fetched_by=fetched_by, calculations=[calculation], view=view)
    return calculation


def policy_get(*, fetched_by: User, policy_id: Any) -> Policy:
    pk = as_uuid(policy_id)
    employers = Employer.objects.filter(employer_scope(user=fetched_by))
    policies = Policy.objects.filter(employer__in=employers).select_related("employer", "product")
    policy = policies.filter(pk=pk).first() if pk else None
    if policy is None:
        raise Http404
    return policy
