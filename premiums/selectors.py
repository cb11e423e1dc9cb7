"""Reads of policies, scoped to the user who asks."""

from __future__ import annotations

from django.utils import timezone

from premiums.models import Policy, PolicyStatus
from verzuim.models import Employer, User
from verzuim.selectors import employer_scope


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
