"""Writes of the advice log and the poortwachter guarantee: audited, in transactions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.absence import poortwachter
from cases.absence.models import AbsenceCase
from cases.absence.services import CaseConflict
from cases.advice.models import SANCTION_MAX_WEEKS, Advice, Followup, FollowupStatus, GuaranteeDecision, Sanction
from cases.advice.selectors import (
    ADVICE_GIVER_ROLES,
    FOLLOWUP_ROLES,
    SANCTION_WRITE_ROLES,
    sanction_evaluation,
)
from verzuim.audit import audit_record
from verzuim.models import AuditAction, User


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# --- The guarantee claim: a hook that premiums fills ---------------------------------------------------------

# Called as creator(created_by=..., sanction=...) inside the decision's transaction, with the sanction locked and its
# decision set; returns the claim (premiums.Claim) that Sanction.claim points to, or raises (ValidationError,
# a StateConflict) to refuse the approval.
GuaranteeClaimCreator = Callable[..., Any]
_guarantee_claim_creator: GuaranteeClaimCreator | None = None


def guarantee_claim_creator_register(creator: GuaranteeClaimCreator) -> GuaranteeClaimCreator:
    """On guarantee approved, create its claim: premiums registers premiums.claims.services.guarantee_claim_create
    (premiums.case_hooks). One creator only."""
    global _guarantee_claim_creator
    if _guarantee_claim_creator is not None and _guarantee_claim_creator is not creator:
        raise ImproperlyConfigured("A guarantee claim creator is already registered.")
    _guarantee_claim_creator = creator
    return creator


def _guarantee_claim_creator_get() -> GuaranteeClaimCreator:
    if _guarantee_claim_creator is None:
        raise ImproperlyConfigured(
            "No guarantee claim creator is registered: approving a guarantee needs the premiums app "
            "(premiums.case_hooks, imported by PremiumsConfig.ready)."
        )
    return _guarantee_claim_creator


def advice_give(
    *,
    given_by: User,
    case: AbsenceCase,
    text: str,
    due_date: dt.date,
    given_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Advice:
    """The physician or casemanager records an advice to the employer about work and possibilities."""
    if given_by.role not in ADVICE_GIVER_ROLES:
        raise PermissionDenied(_("Alleen de bedrijfsarts of de casemanager geeft een advies."))
    today = _today(today)
    given_on = given_on or today
    text = text.strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Schrijf het advies op: wat moet de werkgever doen?")]
    if given_on > today:
        errors["given_on"] = [_("De datum van het advies kan niet in de toekomst liggen.")]
    if due_date < given_on:
        errors["due_date"] = [_("De uiterste datum ligt vóór de datum van het advies.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        advice = Advice.objects.create(case=case, given_by=given_by, given_on=given_on, text=text, due_date=due_date)
        audit_record(
            actor=given_by,
            action=AuditAction.CREATE,
            object_type="advice",
            object_id=advice.pk,
            employer=case.employer,
            changes={"case": str(case.pk), "due_date": due_date.isoformat()},
        )
    return advice


def followup_record(
    *,
    recorded_by: User,
    advice: Advice,
    status: str,
    done_on: dt.date | None = None,
    evidence: str = "",
    today: dt.date | None = None,
) -> Followup:
    """The employer (or the casemanager) records what was done with an advice; a new row each time."""
    if recorded_by.role not in FOLLOWUP_ROLES:
        raise PermissionDenied(_("Alleen de werkgever of de casemanager legt de opvolging van een advies vast."))
    today = _today(today)
    errors: dict[str, list[str]] = {}
    if status not in FollowupStatus.values:
        errors["status"] = [_("Kies uitgevoerd of niet uitgevoerd.")]
    elif status == FollowupStatus.DONE:
        if done_on is None:
            errors["done_on"] = [_("Vul in wanneer het advies is uitgevoerd.")]
        elif done_on > today:
            errors["done_on"] = [_("De datum van uitvoeren kan niet in de toekomst liggen.")]
        elif done_on < advice.given_on:
            errors["done_on"] = [_("De datum van uitvoeren ligt vóór de datum van het advies.")]
    else:
        done_on = None
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        followup = Followup.objects.create(
            advice=advice, status=status, done_on=done_on, evidence=evidence.strip(), recorded_by=recorded_by
        )
        audit_record(
            actor=recorded_by,
            action=AuditAction.CREATE,
            object_type="advice_followup",
            object_id=followup.pk,
            employer=advice.case.employer,
            changes={"advice": str(advice.pk), "status": status, "done_on": done_on.isoformat() if done_on else ""},
        )
    return followup


def _require_insurer(user: User) -> None:
    if user.role not in SANCTION_WRITE_ROLES:
        raise PermissionDenied(_("Alleen medewerkers van de verzekeraar leggen een loonsanctie vast."))


def sanction_record(
    *,
    recorded_by: User,
    case: AbsenceCase,
    decision_date: dt.date,
    weeks: int,
    start: dt.date | None = None,
    today: dt.date | None = None,
) -> Sanction:
    """Insurer staff record a UWV wage sanction; it starts at the end of the 104 weeks unless a start is given."""
    _require_insurer(recorded_by)
    today = _today(today)
    errors: dict[str, list[str]] = {}
    if not 1 <= weeks <= SANCTION_MAX_WEEKS:
        errors["weeks"] = [_("Een loonsanctie duurt 1 tot en met 52 weken.")]
    periods = [poortwachter.SickPeriod(start=p.start, end=p.end) for p in case.periods.order_by("start")]
    if decision_date > today:
        errors["decision_date"] = [_("De datum van het UWV-besluit kan niet in de toekomst liggen.")]
    else:
        # UWV decides on the re-integration effort with the WIA application (Wet WIA art. 64-65), which carries the
        # re-integration report due at the end of week 91: a decision before that date cannot be a wage sanction.
        report_due = poortwachter.reintegration_report_due(periods)
        if report_due is None:
            errors["decision_date"] = [
                _(
                    "Dit verzuimgeval heeft week 91 niet bereikt: UWV legt een loonsanctie pas op bij de WIA-aanvraag, "
                    "na het re-integratieverslag."
                )
            ]
        elif decision_date <= report_due:
            errors["decision_date"] = [
                _(
                    "UWV beslist over een loonsanctie bij de WIA-aanvraag: de datum van het besluit ligt na "
                    "%(due)s, de uiterste datum van het re-integratieverslag."
                )
                % {"due": date_format(report_due, "j F Y")}
            ]
    if start is None:
        start = poortwachter.first_day_after_104_weeks(periods)
        if start is None:
            errors["start"] = [
                _("Het einde van de 104 weken ligt nog niet vast (de werknemer is hersteld). Vul de begindatum in.")
            ]
    if errors:
        raise ValidationError(errors)
    assert start is not None
    end = start + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)
    with transaction.atomic():
        sanction = Sanction.objects.create(
            case=case, decision_date=decision_date, weeks=weeks, start=start, end=end, recorded_by=recorded_by
        )
        audit_record(
            actor=recorded_by,
            action=AuditAction.CREATE,
            object_type="sanction",
            object_id=sanction.pk,
            employer=case.employer,
            changes={"case": str(case.pk), "weeks": weeks, "start": start.isoformat(), "end": end.isoformat()},
        )
    return sanction


def sanction_decide(*, decided_by: User, sanction: Sanction, approve: bool, reason: str) -> Sanction:
    """Insurer staff approve or reject the guarantee (one decision; no four eyes). Approving creates the
    guarantee claim over the sanction period (status calculated: its payment goes through the claims' four eyes).

    A reason is required to reject, and to approve although the evaluation has findings. The claim is made by the
    creator premiums registered (guarantee_claim_creator_register), in this transaction.
    """
    _require_insurer(decided_by)
    guarantee_claim_create = _guarantee_claim_creator_get() if approve else None
    reason = reason.strip()
    with transaction.atomic():
        sanction = Sanction.objects.select_for_update().select_related("case", "case__employer").get(pk=sanction.pk)
        if sanction.decision != GuaranteeDecision.PENDING:
            raise CaseConflict(_("Over deze loonsanctie is al beslist."), code="sanction_decided")
        evaluation = sanction_evaluation(sanction=sanction)
        if not reason and (not approve or not evaluation.eligible):
            message = (
                _("Geef aan waarom u de garantie toekent ondanks de bevindingen.")
                if approve
                else _("Geef aan waarom u de garantie afwijst.")
            )
            raise ValidationError({"reason": [message]})
        sanction.decision = GuaranteeDecision.APPROVED if approve else GuaranteeDecision.REJECTED
        sanction.decision_reason = reason
        sanction.decided_by = decided_by
        sanction.decided_at = timezone.now()
        sanction.evaluation = evaluation.as_json()
        if guarantee_claim_create is not None:
            sanction.claim = guarantee_claim_create(created_by=decided_by, sanction=sanction)
        sanction.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at", "evaluation", "claim"])
        audit_record(
            actor=decided_by,
            action=AuditAction.UPDATE,
            object_type="sanction",
            object_id=sanction.pk,
            employer=sanction.case.employer,
            changes={
                "decision": sanction.decision,
                "eligible": evaluation.eligible,
                "claim": str(sanction.claim_id or ""),
            },
        )
    return sanction
