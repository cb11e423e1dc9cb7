"""Reads of claims (declaraties), scoped to the user who asks: not yours == does not exist.

Who sees claims (docs/decisions.md #78): insurer staff (and the admin) every claim; an employer
user the claims of its own employer once a second insurer staff member approved them (approved, paid, or
cancelled after approval); nobody else: casemanager, physician and complaint handler get a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from cases.absence import selectors as case_selectors
from cases.absence.models import AbsenceCase
from premiums.claims.models import Claim, ClaimStatus
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User
from verzuim.selectors import as_uuid

# Roles that see every claim of the book.
ALL_CLAIMS_ROLES = frozenset({Role.INSURER, Role.ADMIN})
# Roles with any access to claims.
CLAIM_ROLES = frozenset({*ALL_CLAIMS_ROLES, Role.EMPLOYER})


def claim_scope(*, user: User) -> Q:
    """The claims a user may see, as a filter on Claim."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role in ALL_CLAIMS_ROLES:
        return Q()
    if user.role == Role.EMPLOYER and user.employer_id:
        return Q(employer_id=user.employer_id, approved_at__isnull=False)
    return Q(pk__in=[])


def claim_list(
    *,
    fetched_by: User,
    case: AbsenceCase | None = None,
    year: int | None = None,
    status: str | None = None,
    audit: bool = True,
) -> QuerySet[Claim]:
    """Claims the user may see, newest period first; `year` is the calendar year of the claim's period."""
    queryset = Claim.objects.filter(claim_scope(user=fetched_by)).select_related(
        "case__employee", "employer", "policy", "created_by", "approved_by", "paid_by", "cancelled_by"
    )
    if case is not None:
        queryset = queryset.filter(case=case)
    if year is not None:
        queryset = queryset.filter(period_start__gte=dt.date(year, 1, 1), period_start__lte=dt.date(year, 12, 31))
    if status:
        queryset = queryset.filter(status=status)
    if audit:
        audit_record(
            actor=fetched_by,
            action=AuditAction.LIST,
            object_type="claim",
            object_id=case.pk if case is not None else "",
            employer=fetched_by.employer if fetched_by.role == Role.EMPLOYER else None,
            changes={"filter": {"year": year or "", "status": status or ""}},
        )
    return queryset.order_by("-period_start", "-created_at", "pk")


def claim_get(*, fetched_by: User, claim_id: Any) -> Claim:
    """One claim the user may see, or 404; records who read it."""
    pk = as_uuid(claim_id)
    claim = claim_list(fetched_by=fetched_by, audit=False).filter(pk=pk).first() if pk else None
    if claim is None:
        raise Http404
    audit_record(
        actor=fetched_by,
        action=AuditAction.READ,
        object_type="claim",
        object_id=claim.pk,
        employer=claim.employer,
    )
    return claim


def claim_case_get(*, fetched_by: User, case_id: Any) -> AbsenceCase:
    """The case whose claims the user asks for: a role without claims gets 404 before the case is looked at."""
    if fetched_by.role not in CLAIM_ROLES:
        raise Http404
    return case_selectors.case_get(fetched_by=fetched_by, case_id=case_id, action="claims")


@dataclass(frozen=True)
class ClaimTotals:
    count: int
    amount: Decimal
    approved_amount: Decimal  # approved, not paid yet
    paid_amount: Decimal


def claim_totals(claims: QuerySet[Claim]) -> ClaimTotals:
    """Totals of a claim list in one query; cancelled claims count for nothing."""
    zero = Decimal("0.00")
    live = ~Q(status=ClaimStatus.CANCELLED)
    result = claims.order_by().aggregate(
        total_count=Count("pk", filter=live),
        total_amount=Sum("amount", filter=live),
        total_approved=Sum("amount", filter=Q(status=ClaimStatus.APPROVED)),
        total_paid=Sum("amount", filter=Q(status=ClaimStatus.PAID)),
    )
    return ClaimTotals(
        count=result["total_count"] or 0,
        amount=result["total_amount"] or zero,
        approved_amount=result["total_approved"] or zero,
        paid_amount=result["total_paid"] or zero,
    )
