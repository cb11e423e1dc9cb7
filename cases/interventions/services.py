"""Every change to interventions and provider scores (docs/domain.md §6): one service per state change, each audited.

The state machine: requested → approved | rejected; approved → finished; a finished intervention with a provider
gets one score. Who may do what (docs/decisions.md #98): the casemanager of the case or insurer staff
request, insurer staff approve or reject, the casemanager finishes and scores.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
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


def policy_start_for(*, case: AbsenceCase, on: dt.date) -> dt.date | None:
    """The start date of the employer's policy in force on the day (None: no policy runs)."""
    from premiums.models import Policy, PolicyStatus

    policy = (
        Policy.objects.filter(employer_id=case.employer_id, status=PolicyStatus.ACTIVE, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by("-start_date")
        .first()
    )
    return policy.start_date if policy else None


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
    from premiums.parameters import parameter_set_on

    parameter_set = parameter_set_on(day)
    if parameter_set is None:
        return intervention_rules.PROPORTIONALITY_FRACTION
    return parameter_set.intervention_limit_pct / 100


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
