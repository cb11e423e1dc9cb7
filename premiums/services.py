"""Writes of premiums: new policies, calculations, their four-eyes review, and the yearly renewal."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from premiums import parameters, renewal, service_contacts, staleness
from premiums.models import OPEN_STATUSES, CalculationStatus, ParameterSet, Policy, PolicyStatus, PremiumCalculation
from verzuim.audit import audit_record
from verzuim.errors import StateConflict
from verzuim.models import AuditAction, AuditLog, Role, User

logger = logging.getLogger(__name__)

RENEWAL_BATCH_SIZE = 500


class PremiumConflict(StateConflict):
    """The request contradicts the state of the calculation (HTTP 409)."""


# --- Policies ---------------------------------------------------------------------------------------------


def _welcome_call_after_commit(policy_id: uuid.UUID) -> None:
    # Runs after the policy committed: a failure here must never undo the policy; the daily sweep
    # (cases.rhythm.services.service_contacts_ensure) creates the call it missed.
    try:
        policy = Policy.objects.filter(pk=policy_id).first()
        if policy is not None:
            service_contacts.policy_welcome_call_create(policy=policy)
    except Exception:
        logger.exception("Welcome call for policy %s failed; the daily sweep will create it", policy_id)


def policy_create(*, created_by: User | None, policy: Policy) -> Policy:
    """Record a new policy: from the admin (an admin user), or a load without a portal user (`created_by`
    None: the demo data, the policy administration). Once committed, a new policyholder's active policy gets
    its welcome call (premiums.service_contacts, docs/domain.md §6)."""
    if created_by is not None and not (created_by.is_superuser or created_by.role == Role.ADMIN):
        raise PermissionDenied
    with transaction.atomic():
        policy.full_clean()
        policy.save(force_insert=True)
        audit_record(
            actor=created_by,
            action=AuditAction.CREATE,
            object_type="policy",
            object_id=policy.pk,
            employer=policy.employer,
            changes={
                "policy_number": policy.policy_number,
                "start_date": str(policy.start_date),
                "status": policy.status,
            },
        )
        policy_id = policy.pk
        transaction.on_commit(lambda: _welcome_call_after_commit(policy_id), robust=True)
    return policy


def _parameters_locked(year: int, cached: parameters.LoadedParameters | None) -> parameters.LoadedParameters:
    """The year's parameters, with their set's row locked until the transaction ends.

    The admin locks the same row before it saves a change, so a calculation never stores numbers that differ
    from its set. Once a calculation used the set it cannot change any more, and `cached` is returned as is.
    """
    loaded = cached or parameters.for_year(year)
    parameter_set = ParameterSet.objects.select_for_update().get(pk=loaded.parameter_set.pk)
    if cached is not None and parameter_set.is_used:
        return cached
    return parameters.load(parameter_set)


def _require_insurer(user: User) -> None:
    if user.role != Role.INSURER:
        raise PermissionDenied(_("Alleen medewerkers van de verzekeraar beoordelen premies."))


def _audit(calculation: PremiumCalculation, *, actor: User, action: AuditAction, **changes: object) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="premium_calculation",
        object_id=calculation.pk,
        employer=calculation.employer,
        changes={"year": calculation.year, "status": calculation.status, **changes},
    )


def _supersede(calculations: QuerySet[PremiumCalculation], *, actor: User, replaced_by: PremiumCalculation) -> None:
    """Marks ``calculations`` superseded by ``replaced_by``, with an audit row each (in the caller's transaction)."""
    superseded = list(calculations.select_for_update(of=("self",)).select_related("employer"))
    if not superseded:
        return
    PremiumCalculation.objects.filter(pk__in=[c.pk for c in superseded]).update(status=CalculationStatus.SUPERSEDED)
    for calculation in superseded:
        previous_status = calculation.status
        calculation.status = CalculationStatus.SUPERSEDED
        _audit(
            calculation,
            actor=actor,
            action=AuditAction.UPDATE,
            previous_status=previous_status,
            superseded_by=str(replaced_by.pk),
        )


def premium_calculate(
    *, calculated_by: User, policy: Policy, year: int, today: dt.date | None = None
) -> PremiumCalculation:
    """Calculates a policy's premium for a year now; the calculating staff member is its author (submitted).

    A calculation still open for that policy-year (a renewal draft or an earlier submission) is replaced.
    """
    _require_insurer(calculated_by)
    today = today or timezone.localdate()
    with transaction.atomic():
        try:
            loaded = _parameters_locked(year, None)
        except parameters.ParametersUnavailable as error:
            raise ValidationError({"year": [str(error)]}) from error
        policy = Policy.objects.select_for_update().select_related("employer").get(pk=policy.pk)
        (outcome,) = renewal.calculate([policy], year=year, loaded=loaded, calculated_on=today)
        if outcome.calculation is None:
            raise ValidationError({"policy": [outcome.problem]})
        calculation = outcome.calculation
        _supersede(
            PremiumCalculation.objects.filter(policy=policy, year=year, status__in=OPEN_STATUSES),
            actor=calculated_by,
            replaced_by=calculation,
        )
        now = timezone.now()
        calculation.status = CalculationStatus.SUBMITTED
        calculation.created_by = calculated_by
        calculation.submitted_by = calculated_by
        calculation.submitted_at = now
        calculation.save()
        _audit(calculation, actor=calculated_by, action=AuditAction.CREATE, premium=str(calculation.premium))
    return calculation


def _locked(calculation: PremiumCalculation) -> PremiumCalculation:
    return PremiumCalculation.objects.select_for_update().get(pk=calculation.pk)


def premium_submit(*, submitted_by: User, calculation: PremiumCalculation) -> PremiumCalculation:
    """A staff member checked a renewal draft and puts their name to it: they become its author."""
    _require_insurer(submitted_by)
    with transaction.atomic():
        calculation = _locked(calculation)
        if calculation.status != CalculationStatus.DRAFT:
            raise PremiumConflict(_("Deze berekening is al ingediend of afgehandeld."), code="not_draft")
        calculation.status = CalculationStatus.SUBMITTED
        calculation.submitted_by = submitted_by
        calculation.submitted_at = timezone.now()
        calculation.save(update_fields=["status", "submitted_by", "submitted_at"])
        _audit(calculation, actor=submitted_by, action=AuditAction.UPDATE)
    return calculation


def _review(calculation: PremiumCalculation, *, reviewed_by: User) -> PremiumCalculation:
    _require_insurer(reviewed_by)
    calculation = _locked(calculation)
    if calculation.status != CalculationStatus.SUBMITTED:
        raise PremiumConflict(_("Alleen een ingediende berekening kan worden beoordeeld."), code="not_submitted")
    if calculation.submitted_by_id == reviewed_by.pk:
        raise PermissionDenied(
            _("U hebt deze berekening zelf ingediend. Een tweede medewerker moet haar beoordelen (vier ogen).")
        )
    return calculation


STALE_NOT_CONFIRMED = "confirm_stale"


def _stale_changes(freshness: staleness.Freshness) -> dict[str, object]:
    """What changed since the calculation, for the audit row of an approval the reviewer confirmed."""
    return {
        "employee_count": [freshness.employee_count_then, freshness.employee_count_now],
        "insured_payroll": [str(freshness.insured_payroll_then), str(freshness.insured_payroll_now)],
        "own_absence_pct": {
            str(change.year): [
                None if change.then is None else str(change.then),
                None if change.now is None else str(change.now),
            ]
            for change in freshness.absence_changes
        },
    }


def premium_approve(
    *, reviewed_by: User, calculation: PremiumCalculation, stale_confirmed: bool = False
) -> PremiumCalculation:
    """Second pair of eyes: the calculation becomes the premium the employer sees; an earlier one is replaced.

    When the employer's roster or absence figures changed since the calculation (premiums.staleness), the
    reviewer must say so explicitly (`stale_confirmed`); otherwise a Dutch error on the field `confirm_stale`.
    The confirmation and what had changed are in the audit row.
    """
    with transaction.atomic():
        calculation = _review(calculation, reviewed_by=reviewed_by)
        freshness = staleness.check(calculation).freshness
        stale = freshness is not None and freshness.stale
        if stale and not stale_confirmed:
            raise ValidationError(
                {
                    STALE_NOT_CONFIRMED: [
                        _(
                            "De gegevens van de werkgever zijn gewijzigd sinds deze berekening. Bereken de premie "
                            "opnieuw, of bevestig dat u haar toch met de gegevens van toen goedkeurt."
                        )
                    ]
                }
            )
        _supersede(
            PremiumCalculation.objects.filter(
                policy_id=calculation.policy_id, year=calculation.year, status=CalculationStatus.APPROVED
            ),
            actor=reviewed_by,
            replaced_by=calculation,
        )
        calculation.status = CalculationStatus.APPROVED
        calculation.reviewed_by = reviewed_by
        calculation.reviewed_at = timezone.now()
        calculation.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        if stale and freshness is not None:
            _audit(
                calculation,
                actor=reviewed_by,
                action=AuditAction.UPDATE,
                stale_confirmed=True,
                changed_since=_stale_changes(freshness),
            )
        else:
            _audit(calculation, actor=reviewed_by, action=AuditAction.UPDATE)
    return calculation


def premium_reject(*, reviewed_by: User, calculation: PremiumCalculation, reason: str) -> PremiumCalculation:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Geef aan waarom u de berekening afkeurt.")]})
    with transaction.atomic():
        calculation = _review(calculation, reviewed_by=reviewed_by)
        calculation.status = CalculationStatus.REJECTED
        calculation.reviewed_by = reviewed_by
        calculation.reviewed_at = timezone.now()
        calculation.review_note = reason
        calculation.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        _audit(calculation, actor=reviewed_by, action=AuditAction.UPDATE, reason=reason)
    return calculation


# --- Yearly renewal ---------------------------------------------------------------------------------------------


@dataclass
class RenewalReport:
    year: int
    created: int = 0
    problems: list[str] = field(default_factory=list)


# A policy with a calculation of the year in one of these statuses is not renewed again.
RENEWED_STATUSES = (*OPEN_STATUSES, CalculationStatus.APPROVED)


def policies_in_force(year: int) -> Q:
    """Active policies in force on some day of `year`."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Q(status=PolicyStatus.ACTIVE, start_date__lte=last) & (Q(end_date__isnull=True) | Q(end_date__gte=first))


def policies_to_renew(year: int) -> Q:
    """Active policies in force on some day of `year` without a calculation that is open or approved."""
    has_calculation = PremiumCalculation.objects.filter(policy=OuterRef("pk"), year=year, status__in=RENEWED_STATUSES)
    return policies_in_force(year) & Q(~Exists(has_calculation))


def _renewal_drafts_audit(drafts: list[PremiumCalculation]) -> None:
    """One audit row per draft the renewal stored, in one query (the job has no actor)."""
    AuditLog.objects.bulk_create(
        AuditLog(
            actor=None,
            action=AuditAction.CREATE,
            object_type="premium_calculation",
            object_id=str(draft.pk),
            employer_id=draft.employer_id,
            changes={"year": draft.year, "status": draft.status, "premium": str(draft.premium), "source": "renewal"},
        )
        for draft in drafts
    )


def premium_renew(*, year: int, today: dt.date | None = None, batch_size: int = RENEWAL_BATCH_SIZE) -> RenewalReport:
    """Drafts next year's premium for every policy that lacks one, batch by batch (constant memory).

    Idempotent: a policy with an open or approved calculation for the year is skipped, and two runs at once
    cannot store two drafts (unique constraint; the loser's rows are dropped).
    """
    today = today or timezone.localdate()
    loaded = parameters.for_year(year)  # ParametersUnavailable before any work when the year has none
    report = RenewalReport(year=year)
    last_pk = None
    while True:
        batch_filter = policies_in_force(year)
        if last_pk is not None:
            batch_filter &= Q(pk__gt=last_pk)
        batch = list(Policy.objects.filter(batch_filter).select_related("employer").order_by("pk")[:batch_size])
        if not batch:
            break
        last_pk = batch[-1].pk
        # The policies_to_renew of the batch. Not as NOT EXISTS in the query above: the year's first run inserts
        # the year's first calculations, so the planner's statistics say there are none while it runs, and the
        # anti-join it then picks compares each policy with every new row (quadratic; docs/decisions.md #90).
        renewed = set(
            PremiumCalculation.objects.filter(
                policy_id__in=[policy.pk for policy in batch], year=year, status__in=RENEWED_STATUSES
            ).values_list("policy_id", flat=True)
        )
        batch = [policy for policy in batch if policy.pk not in renewed]
        if not batch:
            continue
        with transaction.atomic():
            loaded = _parameters_locked(year, loaded)
            outcomes = renewal.calculate(batch, year=year, loaded=loaded, calculated_on=today)
            drafts = [outcome.calculation for outcome in outcomes if outcome.calculation is not None]
            PremiumCalculation.objects.bulk_create(drafts, ignore_conflicts=True)
            # With ignore_conflicts the database does not say which rows it skipped: ask what is there.
            inserted = set(
                PremiumCalculation.objects.filter(pk__in=[draft.pk for draft in drafts]).values_list("pk", flat=True)
            )
            _renewal_drafts_audit([draft for draft in drafts if draft.pk in inserted])
        for outcome in outcomes:
            if outcome.calculation is None:
                report.problems.append(f"{outcome.policy.policy_number}: {outcome.problem}")
        report.created += len(inserted)
    if report.problems:
        logger.warning("premium renewal %s: %d policies without a calculation", year, len(report.problems))
    return report
