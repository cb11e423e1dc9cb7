"""Scoped reads of the advice log and the wage sanctions. Not yours == does not exist (404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from cases.absence.models import AbsenceCase
from cases.absence.selectors import case_get, case_scope
from cases.advice import guarantee
from cases.advice.models import Advice, Followup, Sanction
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User
from verzuim.selectors import as_uuid

# Who gives advice, who records the follow-up (docs/domain.md §6).
ADVICE_GIVER_ROLES = frozenset({Role.OCCUPATIONAL_PHYSICIAN, Role.CASEMANAGER})
FOLLOWUP_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER})
# Who sees a sanction and its evaluation: insurer staff (and the admin), and the employer of the case read-only.
# The casemanager and the physician do not: the guarantee is between the insurer and the policyholder.
SANCTION_READ_ROLES = frozenset({Role.INSURER, Role.ADMIN, Role.EMPLOYER})
SANCTION_WRITE_ROLES = frozenset({Role.INSURER})


@dataclass(frozen=True)
class AdviceRow:
    advice: Advice
    followup: Followup | None  # the newest follow-up
    overdue: bool  # due date passed and not done


def _newest_followup(advice: Advice) -> Followup | None:
    followups = list(advice.followups.all())  # prefetched, oldest first
    return followups[-1] if followups else None


def advice_rows(*, fetched_by: User, case: AbsenceCase, today: dt.date) -> list[AdviceRow]:
    """The advice log of a case the user already got through case_get, oldest first, with the newest follow-up."""
    advices = list(
        case.advices.select_related("given_by")
        .prefetch_related(
            Prefetch("followups", queryset=Followup.objects.select_related("recorded_by").order_by("recorded_at", "id"))
        )
        .order_by("given_on", "created_at")
    )
    audit_record(
        actor=fetched_by,
        action=AuditAction.LIST,
        object_type="advice",
        object_id=case.pk,
        employer=case.employer,
        changes={"count": len(advices)},
    )
    rows = []
    for advice in advices:
        followup = _newest_followup(advice)
        done = followup is not None and followup.status == "done"
        rows.append(AdviceRow(advice=advice, followup=followup, overdue=not done and advice.due_date < today))
    return rows


def advice_get(*, fetched_by: User, case: AbsenceCase, advice_id: Any) -> Advice:
    pk = as_uuid(advice_id)
    advice = case.advices.filter(pk=pk).first() if pk else None
    if advice is None:
        raise Http404
    return advice


def sanction_get(*, fetched_by: User, sanction_id: Any, action: str = "read") -> Sanction:
    """A sanction of a case the user may see, for the roles that see sanctions; otherwise 404. Audited."""
    if fetched_by.role not in SANCTION_READ_ROLES:
        raise Http404
    pk = as_uuid(sanction_id)
    sanction = (
        Sanction.objects.filter(case__in=AbsenceCase.objects.filter(case_scope(user=fetched_by)))
        .select_related("case", "case__employee", "case__employer", "recorded_by", "decided_by", "claim")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if sanction is None:
        raise Http404
    audit_record(
        actor=fetched_by,
        action=AuditAction.READ,
        object_type="sanction",
        object_id=sanction.pk,
        employer=sanction.case.employer,
        changes={"view": action},
    )
    return sanction


def sanction_case_get(*, fetched_by: User, case_id: Any) -> AbsenceCase:
    """The case a sanction is recorded on: insurer staff only, every other role 404."""
    if fetched_by.role not in SANCTION_WRITE_ROLES:
        raise Http404
    return case_get(fetched_by=fetched_by, case_id=case_id, action="sanction")


def case_sanctions(*, case: AbsenceCase, user: User) -> list[Sanction]:
    """The sanctions of a case, for the roles that see them (else none)."""
    if user.role not in SANCTION_READ_ROLES:
        return []
    return list(case.sanctions.order_by("-decision_date", "-created_at"))


def guarantee_facts(*, case: AbsenceCase) -> tuple[list[guarantee.StepFact], list[guarantee.AdviceFact]]:
    """The dossier as cases.advice.guarantee needs it (three queries: steps, advices, follow-ups)."""
    steps = [
        guarantee.StepFact(
            code=step.code,
            sequence=step.sequence,
            title=step.title,
            due_date=step.due_date,
            completed_on=step.completed_on,
            state=step.state,
        )
        for step in case.steps.order_by("position", "sequence")
    ]
    advices = []
    for advice in case.advices.prefetch_related(
        Prefetch("followups", queryset=Followup.objects.order_by("recorded_at", "id"))
    ).order_by("given_on", "created_at"):
        followup = _newest_followup(advice)
        advices.append(
            guarantee.AdviceFact(
                text=advice.text,
                given_on=advice.given_on,
                due_date=advice.due_date,
                followup_status=followup.status if followup else None,
                done_on=followup.done_on if followup else None,
                evidence=followup.evidence if followup else "",
            )
        )
    return steps, advices


def sanction_evaluation(*, sanction: Sanction) -> guarantee.Evaluation:
    """The guarantee evaluation of the sanction's dossier as it stood on the UWV decision date."""
    steps, advices = guarantee_facts(case=sanction.case)
    return guarantee.evaluate(steps, advices, on=sanction.decision_date)
