"""Reads of interventions and the provider network, scoped to the user who asks and audited (docs/domain.md §6)."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, F, FloatField, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from cases.absence.models import AbsenceCase
from cases.absence.selectors import case_get
from cases.interventions.models import Intervention, InterventionStatus, Provider
from cases.interventions.services import DECIDE_ROLES
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User
from verzuim.selectors import as_uuid

NETWORK_ROLES = frozenset({Role.CASEMANAGER, Role.INSURER})
# Who sees the queue of requests waiting for a decision: insurer staff, who decide, and the admin, who may look
# (read-only, as in the premium review queue); the case page offers the decision form to DECIDE_ROLES only.
REVIEW_QUEUE_ROLES = DECIDE_ROLES | {Role.ADMIN}


def intervention_list(*, fetched_by: User, case: AbsenceCase) -> list[Intervention]:
    """The interventions of a case the user already may see (from case_get), newest first; the read is audited."""
    return list(intervention_queryset(fetched_by=fetched_by, case=case).order_by("-requested_at", "pk"))


def intervention_queryset(*, fetched_by: User, case: AbsenceCase) -> QuerySet[Intervention]:
    """As intervention_list, unordered and unevaluated (the API pages it); the read is audited."""
    interventions = case.interventions.select_related("provider", "requested_by", "decided_by", "score")
    audit_record(
        actor=fetched_by,
        action=AuditAction.LIST,
        object_type="intervention",
        object_id=case.pk,
        employer=case.employer,
        changes={"case": str(case.pk)},
    )
    return interventions


def intervention_get(*, fetched_by: User, case_id: Any, intervention_id: Any, action: str) -> Intervention:
    """One intervention of a case the user may see, or 404 (another case's intervention is missing too)."""
    case = case_get(fetched_by=fetched_by, case_id=case_id, action=action)
    pk = as_uuid(intervention_id)
    intervention = case.interventions.select_related("provider").filter(pk=pk).first() if pk else None
    if intervention is None:
        raise Http404
    intervention.case = case
    return intervention


def intervention_review_list(*, fetched_by: User) -> QuerySet[Intervention]:
    """Interventions waiting for a decision (status requested), oldest request first, with what the queue shows
    joined in; 404 for a role that does not see the queue. One audit row per call (a page view).

    Insurer staff and the admin see every tenant's cases (absence.selectors.case_scope), so there is no tenant filter.
    """
    if fetched_by.role not in REVIEW_QUEUE_ROLES:
        raise Http404
    interventions = (
        Intervention.objects.filter(status=InterventionStatus.REQUESTED)
        .select_related("case", "case__employee", "case__employer", "requested_by", "provider")
        .order_by("requested_at", "pk")
    )
    audit_record(
        actor=fetched_by,
        action=AuditAction.LIST,
        object_type="intervention",
        changes={"view": "review_queue", "filter": {"status": InterventionStatus.REQUESTED.value}},
    )
    return interventions


def intervention_review_count(*, fetched_by: User) -> int:
    """How many interventions wait for a decision (the insurer dashboard's link); a number, so no audit row."""
    if fetched_by.role not in REVIEW_QUEUE_ROLES:
        raise Http404
    return Intervention.objects.filter(status=InterventionStatus.REQUESTED).count()


def provider_choices() -> QuerySet[Provider]:
    return Provider.objects.filter(is_active=True).order_by("name")


def provider_network(*, fetched_by: User) -> list[Provider]:
    """Every provider with its counts and average marks, best average score first, in one query.

    Each provider gets `intervention_count`, `finished_count`, `score_count`, `avg_quality`, `avg_result`,
    `avg_timeliness`, `avg_satisfaction`, `avg_score` (the mean of the four) and `avg_lead_time_days`
    (None without scores). Providers without scores come last, by name.
    """
    if fetched_by.role not in NETWORK_ROLES:
        raise Http404

    def count_of(status: InterventionStatus | None = None) -> Coalesce:
        interventions = Intervention.objects.filter(provider=OuterRef("pk"))
        if status is not None:
            interventions = interventions.filter(status=status)
        counted = interventions.order_by().values("provider").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    providers: list[Provider] = list(
        # The scores are joined (one row per score); the intervention counts are subqueries, so no cross product.
        Provider.objects.annotate(
            intervention_count=count_of(),
            finished_count=count_of(InterventionStatus.FINISHED),
            score_count=Count("scores"),
            avg_quality=Avg("scores__quality", output_field=FloatField()),
            avg_result=Avg("scores__result", output_field=FloatField()),
            avg_timeliness=Avg("scores__timeliness", output_field=FloatField()),
            avg_satisfaction=Avg("scores__satisfaction", output_field=FloatField()),
            avg_lead_time_days=Avg("scores__lead_time_days", output_field=FloatField()),
        )
        .annotate(
            avg_score=(F("avg_quality") + F("avg_result") + F("avg_timeliness") + F("avg_satisfaction")) / 4.0,
            sort_score=Coalesce(
                (F("avg_quality") + F("avg_result") + F("avg_timeliness") + F("avg_satisfaction")) / 4.0,
                -1.0,
                output_field=FloatField(),
            ),
        )
        .order_by("-sort_score", "name", "pk")
    )
    audit_record(actor=fetched_by, action=AuditAction.LIST, object_type="provider_network")
    return providers
