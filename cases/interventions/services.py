"""Every change to interventions and provider scores (docs/domain.md §6): one service per state change, each audited.

The state machine: requested → approved | rejected; approved → finished; a finished intervention with a provider
gets one score. Who may do what (docs/decisions.md #98): the casemanager of the case or insurer staff
request, insurer staff approve or reject, the casemanager finishes and scores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.absence import poortwachter
from cases.absence.models import AbsenceCase, CaseStatus
from cases.absence.services import CaseConflict
from cases.interventions import rules as intervention_rules
from cases.interventions.models import Intervention, InterventionStatus, Provider, ProviderScore
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User

REQUEST_ROLES = frozenset({Role.CASEMANAGER, Role.INSURER})
DECIDE_ROLES = frozenset({Role.INSURER})
FINISH_ROLES = frozenset({Role.CASEMANAGER})


def _require(user: User, roles: frozenset[Role]) -> None:
    if user.role not in roles:
        raise PermissionDenied


# --- The policy terms: a provider that premiums registers ------------------------------------------------------

# policy_start(employer_id, day): the start date of the employer's active policy in force on the day, or None.
PolicyStartProvider = Callable[[Any, dt.date], dt.date | None]
# intervention_limit(day): the insurer's proportionality limit valid on the day as a fraction, or None before any.
InterventionLimitProvider = Callable[[dt.date], Decimal | None]
_policy_terms: tuple[PolicyStartProvider, InterventionLimitProvider] | None = None


def policy_terms_register(*, policy_start: PolicyStartProvider, intervention_limit: InterventionLimitProvider) -> None:
    """The policy and premium-parameter facts the eligibility of an intervention needs; premiums registers them
    (premiums.case_hooks). One provider only."""
    global _policy_terms
    if _policy_terms is not None and _policy_terms != (policy_start, intervention_limit):
        raise ImproperlyConfigured("The policy terms of interventions are already registered.")
    _policy_terms = (policy_start, intervention_limit)


def _terms() -> tuple[PolicyStartProvider, InterventionLimitProvider]:
    if _policy_terms is None:
        raise ImproperlyConfigured(
            "No policy terms are registered: the eligibility of an intervention needs the premiums app "
            "(premiums.case_hooks, imported by PremiumsConfig.ready)."
        )
    return _policy_terms


def policy_start_for(*, case: AbsenceCase, on: dt.date) -> dt.date | None:
    """The start date of the employer's policy in force on the day (None: no policy runs)."""
    policy_start, _limit = _terms()
    return policy_start(case.employer_id, on)


def intervention_eligibility_for(
    *, case: AbsenceCase, advised_by: str, cost: Decimal, today: dt.date
) -> intervention_rules.Eligibility:
    periods = [poortwachter.SickPeriod(start=p.start, end=p.end) for p in case.periods.order_by("start")]
    return intervention_rules.intervention_eligibility(
        first_sick_day=case.first_sick_day,
        policy_start=policy_start_for(case=case, on=today),
        advised_by=advised_by,
        cost=cost,
        clock_day=poortwachter.clock_day(periods, today),
        yearly_wage=case.employee.yearly_wage,
        absent_pct=case.absent_pct,
        fraction=proportionality_fraction_on(today),
    )


def proportionality_fraction_on(day: dt.date) -> Decimal:
    """The insurer's limit (premium parameter set valid on the day); before any set, the product's 50%."""
    _start, intervention_limit = _terms()
    fraction = intervention_limit(day)
    return intervention_rules.PROPORTIONALITY_FRACTION if fraction is None else fraction


def _check_provider(provider: Provider | None, field: str = "provider") -> None:
    if provider is not None and not provider.is_active:
        raise ValidationError({field: [_("Deze aanbieder is niet meer actief in het netwerk.")]})


@transaction.atomic
def intervention_request(
    *,
    requested_by: User,
    case: AbsenceCase,
    kind: str,
    cost: Decimal,
    advised_by: str,
    description: str = "",
    provider: Provider | None = None,
    today: dt.date | None = None,
) -> Intervention:
    """Record a request with its eligibility of today (every failing condition as a reason)."""
    _require(requested_by, REQUEST_ROLES)
    today = today or timezone.localdate()
    if case.status != CaseStatus.OPEN:
        raise CaseConflict(_("Het verzuimgeval is afgesloten; vraag geen interventie meer aan."), "case_closed")
    if cost < 0:  # the model's check constraint, said in Dutch before the database says it
        raise ValidationError({"cost": [_("De kosten kunnen niet negatief zijn.")]})
    _check_provider(provider)
    eligibility = intervention_eligibility_for(case=case, advised_by=advised_by, cost=cost, today=today)
    intervention = Intervention(
        case=case,
        kind=kind,
        cost=cost,
        advised_by=advised_by,
        description=description,
        provider=provider,
        requested_by=requested_by,
        eligible=eligibility.eligible,
        reasons=list(eligibility.reasons),
        proportionality_limit=eligibility.limit,
    )
    intervention.full_clean()
    intervention.save()
    audit_record(
        actor=requested_by,
        action=AuditAction.CREATE,
        object_type="intervention",
        object_id=intervention.pk,
        employer=case.employer,
        changes={
            "case": str(case.pk),
            "kind": kind,
            "cost": str(cost),
            "advised_by": advised_by,
            "eligible": eligibility.eligible,
            "reasons": list(eligibility.reasons),
            "proportionality_limit": str(eligibility.limit),
        },
    )
    return intervention


def _locked(intervention: Intervention, expected: InterventionStatus) -> Intervention:
    locked = Intervention.objects.select_for_update().select_related("case__employer").get(pk=intervention.pk)
    if locked.status != expected:
        raise CaseConflict(
            _("Dat kan nu niet: de interventie is %(status)s.") % {"status": locked.get_status_display().lower()},
            f"intervention_{locked.status}",
        )
    return locked


def _audit_status(actor: User, intervention: Intervention, before: str, **extra: object) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="intervention",
        object_id=intervention.pk,
        employer=intervention.case.employer,
        changes={"status": [before, intervention.status], **{k: str(v) for k, v in extra.items()}},
    )


@transaction.atomic
def intervention_approve(
    *, approved_by: User, intervention: Intervention, reason: str = "", provider: Provider | None = None
) -> Intervention:
    """Insurer staff approve; one that is not eligible only with a reason (the override is on record)."""
    _require(approved_by, DECIDE_ROLES)
    locked = _locked(intervention, InterventionStatus.REQUESTED)
    reason = reason.strip()
    if not locked.eligible and not reason:
        raise ValidationError(
            {"reason": [_("Deze interventie komt niet in aanmerking; geef een reden om haar toch goed te keuren.")]}
        )
    _check_provider(provider)
    locked.status = InterventionStatus.APPROVED
    locked.decided_by = approved_by
    locked.decided_at = timezone.now()
    locked.decision_reason = reason
    fields = ["status", "decided_by", "decided_at", "decision_reason"]
    if provider is not None:
        locked.provider = provider
        fields.append("provider")
    locked.save(update_fields=fields)
    _audit_status(approved_by, locked, InterventionStatus.REQUESTED, reason=reason, override=not locked.eligible)
    return locked


@transaction.atomic
def intervention_reject(*, rejected_by: User, intervention: Intervention, reason: str) -> Intervention:
    _require(rejected_by, DECIDE_ROLES)
    locked = _locked(intervention, InterventionStatus.REQUESTED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Geef de reden van de afwijzing.")]})
    locked.status = InterventionStatus.REJECTED
    locked.decided_by = rejected_by
    locked.decided_at = timezone.now()
    locked.decision_reason = reason
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    _audit_status(rejected_by, locked, InterventionStatus.REQUESTED, reason=reason)
    return locked


@transaction.atomic
def intervention_finish(
    *,
    finished_by: User,
    intervention: Intervention,
    finished_on: dt.date,
    provider: Provider | None = None,
    today: dt.date | None = None,
) -> Intervention:
    """The casemanager records that an approved intervention ended (and by which provider, if not known yet)."""
    _require(finished_by, FINISH_ROLES)
    today = today or timezone.localdate()
    locked = _locked(intervention, InterventionStatus.APPROVED)
    assert locked.decided_at is not None  # approved
    approved_on = timezone.localdate(locked.decided_at)
    if finished_on > today:
        raise ValidationError({"finished_on": [_("De einddatum kan niet in de toekomst liggen.")]})
    if finished_on < approved_on:
        raise ValidationError(
            {
                "finished_on": [
                    _("De einddatum ligt vóór de goedkeuring (%(date)s).") % {"date": approved_on.strftime("%d-%m-%Y")}
                ]
            }
        )
    _check_provider(provider)
    locked.status = InterventionStatus.FINISHED
    locked.finished_on = finished_on
    locked.finished_by = finished_by
    fields = ["status", "finished_on", "finished_by"]
    if provider is not None:
        locked.provider = provider
        fields.append("provider")
    locked.save(update_fields=fields)
    _audit_status(finished_by, locked, InterventionStatus.APPROVED, finished_on=finished_on)
    return locked


@transaction.atomic
def intervention_score(
    *,
    scored_by: User,
    intervention: Intervention,
    quality: int,
    result: int,
    timeliness: int,
    satisfaction: int,
) -> ProviderScore:
    """The casemanager's marks for the provider of a finished intervention, once."""
    _require(scored_by, FINISH_ROLES)
    locked = _locked(intervention, InterventionStatus.FINISHED)
    if ProviderScore.objects.filter(intervention=locked).exists():
        raise CaseConflict(_("Deze interventie is al beoordeeld."), "intervention_scored")
    if locked.provider_id is None:
        raise ValidationError({"provider": [_("Er is geen aanbieder vastgelegd; leg die vast bij het afronden.")]})
    assert locked.decided_at is not None  # finished
    assert locked.finished_on is not None
    score = ProviderScore(
        intervention=locked,
        provider_id=locked.provider_id,
        quality=quality,
        result=result,
        timeliness=timeliness,
        satisfaction=satisfaction,
        lead_time_days=(locked.finished_on - timezone.localdate(locked.decided_at)).days,
        scored_by=scored_by,
    )
    score.full_clean()
    score.save()
    audit_record(
        actor=scored_by,
        action=AuditAction.CREATE,
        object_type="provider_score",
        object_id=score.pk,
        employer=locked.case.employer,
        changes={
            "intervention": str(locked.pk),
            "provider": str(locked.provider_id),
            "quality": quality,
            "result": result,
            "timeliness": timeliness,
            "satisfaction": satisfaction,
        },
    )
    return score
