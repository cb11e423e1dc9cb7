"""Writes of claims (declaraties): calculate a claim statement of a case over a period, approve it (four eyes),
report it paid, or cancel it. Every write is audited; the numbers come from the pure premiums.claims.rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.absence import poortwachter
from cases.absence.models import AbsenceCase
from premiums.claims import rules as claims
from premiums.claims.models import Claim, ClaimKind, ClaimStatus
from premiums.models import ParameterSet, Policy, PolicyStatus
from verzuim.audit import audit_record
from verzuim.errors import StateConflict
from verzuim.models import AuditAction, Role, User


class ClaimConflict(StateConflict):
    """The request contradicts the state of the claims of the case (HTTP 409)."""


def claim_require_insurer(user: User) -> None:
    """Only insurer staff write claims (PermissionDenied with a Dutch reason otherwise)."""
    if user.role != Role.INSURER:
        raise PermissionDenied(_("Alleen medewerkers van de verzekeraar behandelen declaraties."))


def _audit(claim: Claim, *, actor: User, action: AuditAction, **changes: object) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="claim",
        object_id=claim.pk,
        employer=claim.employer,
        changes={"case": str(claim.case_id), "status": claim.status, **changes},
    )


def _refuse_overlap(case: AbsenceCase, start: dt.date, end: dt.date) -> None:
    """A case's claims never overlap (a cancelled one does not count): 409 naming the earliest one in the way."""
    overlapping = (
        Claim.objects.filter(case=case, period_start__lte=end, period_end__gte=start)
        .exclude(status=ClaimStatus.CANCELLED)
        .order_by("period_start")
        .first()
    )
    if overlapping is not None:
        raise ClaimConflict(
            _("Deze periode overlapt met de declaratie van %(start)s tot en met %(end)s van dit verzuimgeval.")
            % {"start": _date(overlapping.period_start), "end": _date(overlapping.period_end)},
            code="claim_overlap",
        )


def _store_new(claim: Claim, *, created_by: User, **changes: object) -> None:
    """Validate and save a new claim, and audit its creation with its amount."""
    claim.full_clean()
    claim.save()
    _audit(claim, actor=created_by, action=AuditAction.CREATE, **changes, amount=str(claim.amount))


def _date(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def line_as_json(line: claims.Line) -> dict[str, Any]:
    """A statement line as stored in Claim.lines: decimals as strings, dates ISO."""
    return {
        "start": line.start.isoformat(),
        "end": line.end.isoformat(),
        "category": str(line.category),
        "work_days": line.work_days,
        "absent_pct": str(line.absent_pct),
        "coverage_year": line.coverage_year,
        "coverage_pct": str(line.coverage_pct),
        "insured_yearly_wage": str(line.insured_yearly_wage),
        "daily_wage": str(line.daily_wage),
        "amount": str(line.amount),
    }


def _check_period(case: AbsenceCase, period_start: dt.date, period_end: dt.date, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    if period_end < period_start:
        errors["period_end"] = [_("De periode eindigt vóór de begindatum.")]
    elif period_end.year != period_start.year:
        errors["period_end"] = [
            _(
                "Een declaratie loopt binnen één kalenderjaar. Laat deze periode eindigen op 31-12-%(year)s "
                "en declareer de rest apart."
            )
            % {"year": period_start.year}
        ]
    elif period_end > today:
        errors["period_end"] = [_("Een declaratie kan niet over dagen in de toekomst gaan.")]
    if period_start < case.first_sick_day:
        errors["period_start"] = [
            _("De periode begint vóór de eerste ziektedag (%(date)s).") % {"date": _date(case.first_sick_day)}
        ]
    if errors:
        raise ValidationError(errors)


def _policy(case: AbsenceCase, period_start: dt.date, period_end: dt.date) -> Policy:
    """The one policy of the employer that runs in the period (its end date is its last insured day)."""
    policies = list(
        Policy.objects.filter(employer_id=case.employer_id, start_date__lte=period_end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period_start))
        .order_by("start_date")
    )
    if not policies:
        raise ValidationError(
            {
                "period_start": [
                    _("Er is geen polis van %(employer)s die deze periode dekt.") % {"employer": case.employer.name}
                ]
            }
        )
    if len(policies) > 1:
        first = policies[0]
        raise ValidationError(
            {
                "period_end": [
                    _(
                        "Deze periode valt onder meer dan één polis. Declareer per polis: polis %(number)s loopt "
                        "tot en met %(date)s."
                    )
                    % {"number": first.policy_number, "date": _date(first.end_date) if first.end_date else "-"}
                ]
            }
        )
    policy = policies[0]
    if policy.status == PolicyStatus.SUSPENDED:
        raise ValidationError(
            {
                "period_start": [
                    _("Polis %(number)s is geschorst: zolang de dekking is geschorst, wordt er niets vergoed.")
                    % {"number": policy.policy_number}
                ]
            }
        )
    return policy


def _wage_caps(period_start: dt.date, period_end: dt.date) -> list[claims.WageCap]:
    caps = [
        claims.WageCap(valid_from=valid_from, amount=amount)
        for valid_from, amount in ParameterSet.objects.filter(valid_from__lte=period_end).values_list(
            "valid_from", "wage_cap"
        )
    ]
    if not any(cap.valid_from <= period_start for cap in caps):
        raise ValidationError(
            {
                "period_start": [
                    _(
                        "Er is geen maximumpremieloon vastgelegd dat geldt op %(date)s. "
                        "Leg eerst de premieparameters van dat jaar vast in het beheer."
                    )
                    % {"date": _date(period_start)}
                ]
            }
        )
    return caps


def claim_facts(case: AbsenceCase) -> claims.CaseFacts:
    """The case as premiums.claims.rules needs it (three queries: periods, recoveries, employee)."""
    employee = case.employee
    return claims.CaseFacts(
        periods=tuple(poortwachter.SickPeriod(start=p.start, end=p.end) for p in case.periods.order_by("start")),
        recoveries=tuple(
            claims.RecoveryReport(date=r.date, recovered_pct=r.recovered_pct)
            for r in case.recoveries.order_by("date", "created_at")
        ),
        yearly_wage=employee.yearly_wage,
        employment_start=employee.employment_start,
        employment_end=employee.employment_end,
        closed_on=case.closed_on,
    )


def claim_terms(policy: Policy) -> claims.Terms:
    year1, year2 = claims.coverage_pcts(policy.coverage)
    return claims.Terms(
        waiting_days=policy.waiting_days,
        coverage_year1_pct=year1,
        coverage_year2_pct=year2,
        employer_charges_pct=policy.employer_charges_pct,
        policy_start=policy.start_date,
        policy_end=policy.end_date,
    )


def claim_create(
    *,
    created_by: User,
    case: AbsenceCase,
    period_start: dt.date,
    period_end: dt.date,
    today: dt.date | None = None,
) -> Claim:
    """Calculates the wage claim of a case over [period_start, period_end] (insurer staff; status calculated).

    Refused (400, Dutch, per field): a period that ends before it starts, crosses a calendar year, starts before
    the first sick day, reaches into the future, has no sick work day, or has no single policy or wage cap.
    Refused (409): a period that overlaps a claim of the same case that is not cancelled.
    """
    claim_require_insurer(created_by)
    today = today or timezone.localdate()
    _check_period(case, period_start, period_end, today)
    with transaction.atomic():
        # Claims of one case are made one after the other: the overlap check cannot race.
        case = AbsenceCase.objects.select_for_update().select_related("employee", "employer").get(pk=case.pk)
        _refuse_overlap(case, period_start, period_end)
        policy = _policy(case, period_start, period_end)
        result = claims.statement(
            claim_facts(case), claim_terms(policy), _wage_caps(period_start, period_end), period_start, period_end
        )
        if result.sick_work_days == 0:
            raise ValidationError({"period_start": [_("De werknemer had in deze periode geen ziektewerkdagen.")]})
        claim = Claim(
            case=case,
            employer=case.employer,
            policy=policy,
            kind=ClaimKind.WAGE,
            status=ClaimStatus.CALCULATED,
            period_start=period_start,
            period_end=period_end,
            waiting_days=policy.waiting_days,
            coverage=policy.coverage,
            employer_charges_pct=policy.employer_charges_pct,
            yearly_wage=case.employee.yearly_wage,
            waiting_days_before=result.waiting_days_before,
            waiting_days_in_period=result.waiting_days_in_period,
            sick_work_days=result.sick_work_days,
            paid_work_days=result.paid_work_days,
            amount=result.amount,
            lines=[line_as_json(line) for line in result.lines],
            created_by=created_by,
        )
        _store_new(
            claim, created_by=created_by, period_start=period_start.isoformat(), period_end=period_end.isoformat()
        )
    return claim


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().select_related("employer").get(pk=claim.pk)


def claim_approve(*, approved_by: User, claim: Claim) -> Claim:
    """Second pair of eyes: another insurer staff member than the calculator approves; the employer sees it then."""
    claim_require_insurer(approved_by)
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status != ClaimStatus.CALCULATED:
            raise ClaimConflict(_("Alleen een berekende declaratie kan worden goedgekeurd."), code="not_calculated")
        if claim.created_by_id == approved_by.pk:
            raise PermissionDenied(
                _("U hebt deze declaratie zelf berekend. Een tweede medewerker moet haar goedkeuren (vier ogen).")
            )
        claim.status = ClaimStatus.APPROVED
        claim.approved_by = approved_by
        claim.approved_at = timezone.now()
        claim.save(update_fields=["status", "approved_by", "approved_at"])
        _audit(claim, actor=approved_by, action=AuditAction.UPDATE)
    return claim


def claim_mark_paid(*, paid_by: User, claim: Claim) -> Claim:
    """The approved amount has been paid to the employer."""
    claim_require_insurer(paid_by)
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status != ClaimStatus.APPROVED:
            raise ClaimConflict(
                _("Alleen een goedgekeurde declaratie kan als betaald worden gemeld."), code="not_approved"
            )
        claim.status = ClaimStatus.PAID
        claim.paid_by = paid_by
        claim.paid_at = timezone.now()
        claim.save(update_fields=["status", "paid_by", "paid_at"])
        _audit(claim, actor=paid_by, action=AuditAction.UPDATE, amount=str(claim.amount))
    return claim


def claim_cancel(*, cancelled_by: User, claim: Claim, reason: str) -> Claim:
    """Withdraws a claim that was not paid (a wrong period, a late recovery report); its period is free again."""
    claim_require_insurer(cancelled_by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Geef aan waarom u de declaratie intrekt.")]})
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status == ClaimStatus.PAID:
            raise ClaimConflict(_("Een betaalde declaratie kan niet meer worden ingetrokken."), code="paid")
        if claim.status == ClaimStatus.CANCELLED:
            raise ClaimConflict(_("Deze declaratie is al ingetrokken."), code="cancelled")
        claim.status = ClaimStatus.CANCELLED
        claim.cancelled_by = cancelled_by
        claim.cancelled_at = timezone.now()
        claim.cancel_reason = reason
        claim.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
        _audit(claim, actor=cancelled_by, action=AuditAction.UPDATE, reason=reason)
    return claim


# --- Poortwachter guarantee ---------------------------------------------------------------------------------


def guarantee_claim_create(*, created_by: User, sanction: Any) -> Claim:
    """The guarantee claim of an approved wage sanction (cases.Sanction): the wage over the sanction period by
    premiums.claims.rules.guarantee_amount, under the policy that covered the case's first sick day. Status calculated:
    paying it goes through the same four eyes as every claim. Call inside the decision's transaction.
    """
    claim_require_insurer(created_by)
    case = AbsenceCase.objects.select_for_update().select_related("employee", "employer").get(pk=sanction.case_id)
    _refuse_overlap(case, sanction.start, sanction.end)
    policy = (
        Policy.objects.filter(employer_id=case.employer_id, start_date__lte=case.first_sick_day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=case.first_sick_day))
        .order_by("-start_date")
        .first()
    )
    if policy is None:
        raise ValidationError({"approve": [_("Er is geen polis die de eerste ziektedag van dit verzuimgeval dekt.")]})
    caps = [
        claims.WageCap(valid_from=valid_from, amount=amount)
        for valid_from, amount in ParameterSet.objects.filter(valid_from__lte=sanction.start).values_list(
            "valid_from", "wage_cap"
        )
    ]
    if not caps:
        raise ValidationError(
            {
                "approve": [
                    _("Er is geen maximumpremieloon vastgelegd dat geldt op %(date)s.")
                    % {"date": _date(sanction.start)}
                ]
            }
        )
    _year1, year2 = claims.coverage_pcts(policy.coverage)
    result = claims.guarantee_amount(
        yearly_wage=case.employee.yearly_wage,
        wage_caps=caps,
        coverage_year2_pct=year2,
        employer_charges_pct=policy.employer_charges_pct,
        period_start=sanction.start,
        period_end=sanction.end,
    )
    claim = Claim(
        case=case,
        employer=case.employer,
        policy=policy,
        kind=ClaimKind.GUARANTEE,
        status=ClaimStatus.CALCULATED,
        period_start=sanction.start,
        period_end=sanction.end,
        waiting_days=policy.waiting_days,
        coverage=policy.coverage,
        employer_charges_pct=policy.employer_charges_pct,
        yearly_wage=case.employee.yearly_wage,
        waiting_days_before=0,
        waiting_days_in_period=0,
        sick_work_days=result.work_days,
        paid_work_days=result.work_days,
        amount=result.amount,
        lines=[
            {
                "start": result.period_start.isoformat(),
                "end": result.period_end.isoformat(),
                "category": "guarantee",
                "work_days": result.work_days,
                "absent_pct": "100",
                "coverage_year": 2,
                "coverage_pct": str(result.coverage_pct),
                "insured_yearly_wage": str(result.insured_yearly_wage),
                "daily_wage": str(result.daily_wage),
                "amount": str(result.amount),
            }
        ],
        created_by=created_by,
    )
    _store_new(claim, created_by=created_by, kind=ClaimKind.GUARANTEE, sanction=str(sanction.pk))
    return claim
