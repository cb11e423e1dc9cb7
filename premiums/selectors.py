"""Reads of policies, scoped to the user who asks."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from premiums.models import CalculationStatus, Policy, PolicyStatus, PremiumCalculation
from verzuim.models import Employer, Role, User
from verzuim.selectors import as_uuid, employer_scope


def policy_active(*, fetched_by: User) -> Policy | None:
    """The policy in force today for the employers the user may see (an employer user: their own)."""
    today = timezone.localdate()
    return (
        Policy.objects.filter(
            employer__in=Employer.objects.filter(employer_scope(user=fetched_by)),
            status=PolicyStatus.ACTIVE,
            start_date__lte=today,
        )
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


def policy_get(*, fetched_by: User, policy_id: Any) -> Policy:
    pk = as_uuid(policy_id)
    employers = Employer.objects.filter(employer_scope(user=fetched_by))
    policies = Policy.objects.filter(employer__in=employers).select_related("employer", "product")
    policy = policies.filter(pk=pk).first() if pk else None
    if policy is None:
        raise Http404
    return policy
