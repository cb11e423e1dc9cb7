"""Every write on absence cases. Each service owns its transaction, writes audit rows and recomputes steps.

The report to the arbodienst (step ``report_to_ohs``, docs/domain.md §5) completes itself when the employer uses the
policy's arbodienst: the sickness report in the portal (page, API or any other caller of ``case_report_sickness``)
*is* the report to that arbodienst, so the step is done on the report date, by the system (``completed_by`` empty,
an audit row without an actor). The employer has to engage the arbodienst's expert support for a sick employee
(Arbowet art. 14 lid 1 sub b) and in practice reports within the first week; an employer with an arbodienst of
its own (cases.professionals ``EmployerArbodienst``) still reports there and completes the step by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.absence import poortwachter
from cases.absence.models import (
    AbsenceCase,
    CaseAssignment,
    CaseStatus,
    CloseReason,
    Recovery,
    SickPeriod,
    Step,
    StepState,
)
from cases.absence.signals import case_closed
from cases.professionals import selectors as selectors_professionals
from cases.professionals import services as services_professionals
from verzuim.audit import audit_record
from verzuim.employee_accounts import employee_account_invite
from verzuim.errors import StateConflict
from verzuim.models import AuditAction, Employee, EmployeeInvitation, Role, User, WebhookEvent
from verzuim.webhooks import webhook_emit

# How far ahead a sickness may be reported: an announced operation, for instance.
MAX_DAYS_AHEAD = 30
# Which roles may complete a step owned by whom. The casemanager supports the employer and records what the employee
# did (the employee has no account; the early IVA and the WIA application are the employee's own requests to UWV, not
# the employer's to tick off), so the employer completes only the employer's steps.
OWNER_ROLES: dict[str, frozenset[str]] = {
    "employer": frozenset({Role.EMPLOYER, Role.CASEMANAGER}),
    "employee": frozenset({Role.CASEMANAGER}),
    "physician": frozenset({Role.OCCUPATIONAL_PHYSICIAN}),
    "casemanager": frozenset({Role.CASEMANAGER}),
    "labour_expert": frozenset({Role.CASEMANAGER}),
    "insurer": frozenset({Role.INSURER}),
    "none": frozenset(),
}


# The note on a report to the arbodienst that the system completed (module docstring).
REPORT_TO_OHS_NOTE = gettext_lazy(
    "Automatisch afgerond: de ziekmelding in het portaal is de melding aan de arbodienst van de polis."
)

# Who may add a free-text note when completing a step. Not the employer (docs/domain.md §3: no field where
# a diagnosis could go) and not the physician (only the four permitted things flow from the medical side).
NOTE_ROLES = frozenset({Role.CASEMANAGER, Role.INSURER})


class CaseConflict(StateConflict):
    """The request contradicts the state of the case (HTTP 409)."""


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _periods(case: AbsenceCase) -> tuple[poortwachter.SickPeriod, ...]:
    return tuple(poortwachter.SickPeriod(start=p.start, end=p.end) for p in case.periods.order_by("start"))


def _facts(case: AbsenceCase, today: dt.date, steps: list[Step]) -> poortwachter.CaseFacts:
    """What the engine needs of a case: its periods (read once) and the completion dates of its done steps."""
    completed: dict[str, list[dt.date]] = {}
    for step in sorted(steps, key=lambda s: s.sequence):
        if step.state == StepState.DONE and step.completed_on is not None:
            completed.setdefault(step.code, []).append(step.completed_on)
    periods = _periods(case)
    return poortwachter.CaseFacts(
        periods=periods,
        completed={code: tuple(dates) for code, dates in completed.items()},
        safety_net=case.safety_net,
        long_absence_threatens=_long_absence_threatens(case, today, periods=periods),
        closed_on=case.closed_on,
        close_reason=str(CloseReason(case.close_reason).label) if case.close_reason else "",
    )


def _report_to_ohs_done_on(
    case: AbsenceCase, steps: list[Step], today: dt.date, reported_on: dt.date | None
) -> dt.date | None:
    """The report date, when the report to the arbodienst is still to be completed by the system; else None.

    It is when the case runs, the step is not done yet, the report was made by `today`, and the employer used the
    policy's arbodienst on the report date (one query, only while the step is not done). The report date is the
    `reported_on` of the sickness report, or the day the case was recorded."""
    if case.status != CaseStatus.OPEN or any(
        s.code == poortwachter.REPORT_TO_OHS and s.state == StepState.DONE for s in steps
    ):
        return None
    report_date = reported_on or timezone.localdate(case.created_at)
    if report_date > today:
        return None
    if not selectors_professionals.employer_uses_policy_arbodienst(employer=case.employer, on=report_date):
        return None
    return report_date


def case_recompute_steps(
    *, case: AbsenceCase, today: dt.date | None = None, reported_on: dt.date | None = None
) -> None:
    """Bring the persisted steps in line with the engine; completed steps keep their history.

    The report to the arbodienst is completed here, by the system, when the employer uses the policy's arbodienst
    (module docstring); `reported_on` is the date of the sickness report that created the case.
    Reads the case's steps and periods once each (a new case: its one period and no steps), plus the employer's
    arbodienst while that step is not done."""
    today = _today(today)
    steps = list(Step.objects.filter(case=case))  # fresh from the database, never a prefetched copy
    facts = _facts(case, today, steps)
    reported_to_ohs = _report_to_ohs_done_on(case, steps, today, reported_on)
    if reported_to_ohs is not None:
        facts = dataclasses.replace(
            facts, completed={**facts.completed, poortwachter.REPORT_TO_OHS: (reported_to_ohs,)}
        )
    states = poortwachter.step_states(facts, today)
    existing = {(s.code, s.sequence): s for s in steps}
    to_create: list[Step] = []
    to_update: list[Step] = []
    wanted: set[tuple[str, int]] = set()
    for position, state in enumerate(states):
        key = (state.code, state.sequence)
        wanted.add(key)
        step = existing.get(key)
        if step is not None and step.state == StepState.DONE:
            continue
        persisted_state = StepState.NOT_APPLICABLE if state.status == "not_applicable" else StepState.OPEN
        values: dict[str, object] = {
            "title": str(state.title),
            "owner": state.owner,
            "position": position,
            "window_start": state.window_start,
            "due_date": state.due_date,
            "state": persisted_state,
            "reason": str(state.reason),
        }
        if state.code == poortwachter.REPORT_TO_OHS and reported_to_ohs is not None:
            values |= {"state": StepState.DONE, "completed_on": reported_to_ohs, "note": str(REPORT_TO_OHS_NOTE)}
        if step is None:
            to_create.append(Step(case=case, code=state.code, sequence=state.sequence, **values))
        elif any(getattr(step, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(step, name, value)
            to_update.append(step)
    stale = [s.pk for key, s in existing.items() if key not in wanted and s.state != StepState.DONE]
    if stale:
        Step.objects.filter(pk__in=stale).delete()
    if to_create:
        Step.objects.bulk_create(to_create)
    if to_update:
        fields = ["title", "owner", "position", "window_start", "due_date", "state", "reason"]
        if reported_to_ohs is not None:
            fields += ["completed_on", "note"]
        Step.objects.bulk_update(to_update, fields)
    if reported_to_ohs is not None:
        # Done by the system: no user completed it (completed_by stays empty), and the audit row has no actor.
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            object_type="absence_case",
            object_id=case.pk,
            employer=case.employer,
            changes={
                "step": poortwachter.REPORT_TO_OHS,
                "sequence": 1,
                "completed_on": str(reported_to_ohs),
                "completed_by": "system",
            },
        )


def _validate_first_sick_day(employee: Employee, first_sick_day: dt.date, today: dt.date) -> None:
    if first_sick_day < employee.employment_start:
        raise ValidationError(
            {"first_sick_day": [_("De eerste ziektedag ligt vóór de datum in dienst van deze werknemer.")]}
        )
    if employee.employment_end and first_sick_day > employee.employment_end:
        raise ValidationError({"first_sick_day": [_("De eerste ziektedag ligt na het einde van het dienstverband.")]})
    if first_sick_day > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError(
            {"first_sick_day": [_("De eerste ziektedag mag hoogstens 30 dagen in de toekomst liggen.")]}
        )


def _case_changed(case: AbsenceCase, *, actor: User, changes: dict[str, object]) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="absence_case",
        object_id=case.pk,
        employer=case.employer,
        changes=changes,
    )


# Who may change how the employee is reached during sickness: the employer who reported it and the casemanager.
CONTACT_DETAILS_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER})


def case_contact_details_update(*, updated_by: User, case: AbsenceCase, phone: str, care_address: str) -> AbsenceCase:
    """How the sick employee is reached (telefoonnummer and verpleegadres tijdens ziekte): the employer gives it
    with the sickness report and keeps it current, the casemanager may correct it. No medical content; the audit
    row names the fields that changed, not their values."""
    if updated_by.role not in CONTACT_DETAILS_ROLES:
        raise PermissionDenied
    with transaction.atomic():
        locked = AbsenceCase.objects.select_for_update().get(pk=case.pk)
        if locked.status != CaseStatus.OPEN:
            raise ValidationError(_("Dit verzuim is afgesloten; de bereikbaarheid kan niet meer worden gewijzigd."))
        changed = [
            name for name, value in (("phone", phone), ("care_address", care_address)) if getattr(locked, name) != value
        ]
        if changed:
            locked.phone, locked.care_address = phone, care_address
            locked.full_clean(
                exclude=["id", "casemanager", "employee", "employer", "reported_by"], validate_constraints=False
            )
            locked.save(update_fields=changed)
            _case_changed(locked, actor=updated_by, changes={"contact_details": changed})
    case.phone, case.care_address = locked.phone, locked.care_address
    return case


def _event_data(case: AbsenceCase, **data: Any) -> dict[str, Any]:
    """What an HR or payroll system hears of a case (verzuim.webhooks): ids, the personnel number, dates and the
    percentage; never anything medical."""
    return {
        "case": str(case.pk),
        "employer": str(case.employer_id),
        "employee": str(case.employee_id),
        "personnel_number": case.employee.personnel_number,
        **data,
    }


def case_report_sickness(
    *,
    reported_by: User,
    employee: Employee,
    first_sick_day: dt.date,
    expected_duration_days: int | None = None,
    safety_net: bool = False,
    work_accident: bool = False,
    third_party_liable: bool = False,
    phone: str = "",
    care_address: str = "",
    report_key: uuid.UUID | None = None,
    today: dt.date | None = None,
) -> tuple[AbsenceCase, bool]:
    """Report sickness (ziekmelding). Returns the case and whether it is new.

    A report fewer than 28 days after a full recovery continues that case with a new period
    (docs/domain.md §4); a report for an employee who is sick now is a conflict.

    `report_key` is the one-time key of the form (decision 376): a report whose key is already stored for this
    employee was handled before (a retried POST after a node died, a double click) and is answered as it was then,
    without a second case, period or audit row.
    """
    today = _today(today)
    _validate_first_sick_day(employee, first_sick_day, today)
    report = {
        "expected_duration_days": expected_duration_days,
        "safety_net": safety_net,
        "work_accident": work_accident,
        "third_party_liable": third_party_liable,
        "phone": phone,
        "care_address": care_address,
    }
    with transaction.atomic():
        # Reports for one employee are handled one after the other.
        Employee.objects.select_for_update().get(pk=employee.pk)
        if report_key is not None:
            handled = _report_replayed(employee=employee, report_key=report_key)
            if handled is not None:
                return handled
        case = AbsenceCase.objects.filter(employee=employee, status=CaseStatus.OPEN).first()
        created = case is None
        if case is not None:
            last = case.periods.order_by("-start").first()
            assert last is not None
            if last.end is None:
                raise CaseConflict(_("Deze werknemer is al ziek gemeld."), code="already_sick")
            if first_sick_day <= last.end:
                raise ValidationError(
                    {"first_sick_day": [_("De eerste ziektedag ligt in een eerdere ziekteperiode van dit verzuim.")]}
                )
            if poortwachter.relapse_continues_case(last.end, first_sick_day):
                SickPeriod.objects.create(case=case, start=first_sick_day, report_key=report_key)
                case.absent_pct = 100
                for name, value in report.items():
                    setattr(case, name, value)
                case.save(update_fields=["absent_pct", *report])
                _case_changed(case, actor=reported_by, changes={"relapse": str(first_sick_day)})
                reopened = case
                webhook_emit(
                    employer_id=reopened.employer_id,
                    event=WebhookEvent.ABSENCE_REPORTED,
                    data=lambda: _event_data(
                        reopened, first_sick_day=str(first_sick_day), absent_pct=100, relapse=True
                    ),
                )
            else:
                _case_close(case=case, closed_on=last.end + dt.timedelta(days=28), reason=CloseReason.RECOVERED)
                case = None
                created = True
        if case is None:
            case = AbsenceCase(
                employee=employee,
                employer=employee.employer,
                first_sick_day=first_sick_day,
                reported_by=reported_by,
                **report,
            )
            # Field validation only: the references were just read, the employee row is locked and has no open
            # case (so "one open case per employee" holds), a new open case meets the check constraints by
            # construction, and its primary key is a fresh UUID. The database still enforces all of them;
            # skipping their eight look-ups is a quarter of a sickness report's time (bench/RESULTS.md).
            case.full_clean(
                exclude=["id", "casemanager", "employee", "employer", "reported_by"], validate_constraints=False
            )
            case.save(force_insert=True)
            SickPeriod.objects.create(case=case, start=first_sick_day, report_key=report_key)
            audit_record(
                actor=reported_by,
                action=AuditAction.CREATE,
                object_type="absence_case",
                object_id=case.pk,
                employer=case.employer,
                changes={"first_sick_day": str(first_sick_day), **{k: str(v) for k, v in report.items()}},
            )
            webhook_emit(
                employer_id=case.employer_id,
                event=WebhookEvent.ABSENCE_REPORTED,
                data=lambda: _event_data(case, first_sick_day=str(first_sick_day), absent_pct=100, relapse=False),
            )
        case_recompute_steps(case=case, today=today, reported_on=today if created else None)
        if case_auto_assign(case=case, reason=_("Langdurig verzuim dreigt."), today=today):
            case.refresh_from_db(fields=["casemanager"])
    return case, created


def _report_replayed(*, employee: Employee, report_key: uuid.UUID) -> tuple[AbsenceCase, bool] | None:
    """The answer a report with this key got the first time, or None when the key is new. Called with the
    employee's row locked, so a retry waits for its first attempt to commit or roll back."""
    period = SickPeriod.objects.filter(report_key=report_key).select_related("case").first()
    if period is None:
        return None
    if period.case.employee_id != employee.pk:
        # The same opened form sent again for someone else (the browser's back button): never a second report
        # under one key, and nothing said about the first.
        raise ValidationError(
            _("Dit formulier is al verstuurd. Open het formulier opnieuw om nog een werknemer ziek te melden.")
        )
    created = not SickPeriod.objects.filter(case=period.case, start__lt=period.start).exists()
    return period.case, created


def _long_absence_threatens(
    case: AbsenceCase, today: dt.date, *, periods: tuple[poortwachter.SickPeriod, ...] | None = None
) -> bool:
    """docs/domain.md §5: expected ≥ 28 days, still sick on day 14, or the physician flags it."""
    return poortwachter.long_absence_threatens(
        list(periods if periods is not None else _periods(case)),
        today,
        expected_duration_days=case.expected_duration_days,
        physician_flagged=case.long_absence_flagged,
    )


def case_auto_assign(*, case: AbsenceCase, reason: str, today: dt.date) -> bool:
    """Assign by the rule when long absence threatens. With no casemanager available the report still
    succeeds: the step stays open and shows as due or overdue to insurer staff. Runs inside the caller's
    transaction (also cases.medical.services.functional_assessment_record)."""
    if case.casemanager_id is not None or case.status != CaseStatus.OPEN or not _long_absence_threatens(case, today):
        return False
    if casemanager_pick(case=case, today=today) is None:
        case_recompute_steps(case=case, today=today)  # the step is now due on day 14
        return False
    case_assign_casemanager(case=case, reason=reason, today=today)
    return True


def case_report_recovery(
    *, reported_by: User, case: AbsenceCase, date: dt.date, recovered_pct: int, today: dt.date | None = None
) -> Recovery:
    """Report (partial) recovery. Full recovery (100%) ends the running sick period on the day before."""
    today = _today(today)
    with transaction.atomic():
        case = AbsenceCase.objects.select_for_update().get(pk=case.pk)
        period = case.periods.filter(end__isnull=True).order_by("-start").first()
        if case.status != CaseStatus.OPEN or period is None:
            raise CaseConflict(_("Deze werknemer is al volledig hersteld gemeld."), code="not_sick")
        if date <= period.start:
            raise ValidationError({"date": [_("De hersteldatum moet na de eerste ziektedag van deze periode liggen.")]})
        if date > today:
            raise ValidationError({"date": [_("Een herstelmelding kan niet in de toekomst liggen.")]})
        previous = case.recoveries.filter(date__gt=date).exists()
        if previous:
            raise ValidationError({"date": [_("De hersteldatum ligt vóór een eerdere herstelmelding.")]})
        recovery = Recovery(case=case, date=date, recovered_pct=recovered_pct, reported_by=reported_by)
        recovery.full_clean()
        recovery.save()
        case.absent_pct = 100 - recovered_pct
        case.save(update_fields=["absent_pct"])
        if recovered_pct == 100:
            period.end = date - dt.timedelta(days=1)
            period.save(update_fields=["end"])
        _case_changed(
            case, actor=reported_by, changes={"recovery": {"date": str(date), "recovered_pct": recovered_pct}}
        )
        webhook_emit(
            employer_id=case.employer_id,
            event=WebhookEvent.ABSENCE_RECOVERED if recovered_pct == 100 else WebhookEvent.ABSENCE_PERCENTAGE_CHANGED,
            data=lambda: _event_data(case, date=str(date), absent_pct=case.absent_pct),
        )
        case_recompute_steps(case=case, today=today)
    return recovery


def _case_close(*, case: AbsenceCase, closed_on: dt.date, reason: CloseReason) -> None:
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on
    case.close_reason = reason
    case.save(update_fields=["status", "closed_on", "close_reason"])
    case_recompute_steps(case=case, today=closed_on)
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        object_type="absence_case",
        object_id=case.pk,
        employer=case.employer,
        changes={"closed_on": str(closed_on), "close_reason": str(reason)},
    )
    webhook_emit(
        employer_id=case.employer_id,
        event=WebhookEvent.CASE_CLOSED,
        data=lambda: _event_data(case, closed_on=str(closed_on), reason=str(reason)),
    )
    transaction.on_commit(lambda: case_closed.send(sender=AbsenceCase, case=case), robust=True)


def case_close_recovered(*, today: dt.date | None = None) -> int:
    """Daily sweep: close the cases whose employee has been fully recovered for 28 days."""
    today = _today(today)
    closed = 0
    candidates = AbsenceCase.objects.filter(status=CaseStatus.OPEN).exclude(periods__end__isnull=True)
    for case_id in candidates.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            case = AbsenceCase.objects.select_for_update().get(pk=case_id)
            periods = [poortwachter.SickPeriod(start=p.start, end=p.end) for p in case.periods.order_by("start")]
            closes_on = poortwachter.case_closes_on(periods)
            if case.status == CaseStatus.OPEN and closes_on is not None and closes_on <= today:
                _case_close(case=case, closed_on=closes_on, reason=CloseReason.RECOVERED)
                closed += 1
    return closed


def casemanager_pick(*, case: AbsenceCase, today: dt.date | None = None) -> User | None:
    """The rule: the employer's own casemanager; else a casemanager in the employer's region; fewest open cases.
    Only casemanagers registered on `today` count (docs/domain.md §6: an expired registration blocks new
    assignments)."""
    active = User.objects.filter(role=Role.CASEMANAGER, is_active=True)
    registered = selectors_professionals.casemanager_registered_ids(candidates=active, on=_today(today))
    candidates = active.filter(pk__in=registered)
    if case.employer.casemanager_id and candidates.filter(pk=case.employer.casemanager_id).exists():
        return candidates.get(pk=case.employer.casemanager_id)
    if case.employer.region and candidates.filter(region=case.employer.region).exists():
        candidates = candidates.filter(region=case.employer.region)
    return (
        candidates.annotate(open_cases=Count("cases", filter=Q(cases__status=CaseStatus.OPEN)))
        .order_by("open_cases", "email")
        .first()
    )


def case_assign_casemanager(
    *,
    case: AbsenceCase,
    reason: str,
    casemanager: User | None = None,
    assigned_by: User | None = None,
    today: dt.date | None = None,
) -> AbsenceCase:
    """(Re)assign a casemanager: by the rule when none is named. History is kept; the step is completed."""
    today = _today(today)
    with transaction.atomic():
        case = AbsenceCase.objects.select_for_update().select_related("employer").get(pk=case.pk)
        chosen = casemanager or casemanager_pick(case=case, today=today)
        if chosen is None:
            raise ValidationError({"casemanager": [_("Er is geen casemanager beschikbaar.")]})
        if chosen.role != Role.CASEMANAGER or not chosen.is_active:
            raise ValidationError({"casemanager": [_("Deze gebruiker is geen actieve casemanager.")]})
        if chosen.pk == case.casemanager_id:
            return case
        if casemanager is not None:  # the rule picks registered casemanagers only
            services_professionals.casemanager_require_registered(casemanager=chosen, on=today)
        case.casemanager = chosen
        case.save(update_fields=["casemanager"])
        CaseAssignment.objects.create(case=case, casemanager=chosen, assigned_by=assigned_by, reason=reason)
        Step.objects.filter(case=case, code="casemanager_assigned", state=StepState.OPEN).update(
            state=StepState.DONE, completed_on=today, completed_by=assigned_by, note=reason
        )
        audit_record(
            actor=assigned_by,
            action=AuditAction.UPDATE,
            object_type="absence_case",
            object_id=case.pk,
            employer=case.employer,
            changes={"casemanager": chosen.email, "reason": reason},
        )
        case_recompute_steps(case=case, today=today)
    return case


def case_assign_due_casemanagers(*, today: dt.date | None = None) -> int:
    """Daily sweep: every open case without a casemanager where long absence threatens gets one."""
    today = _today(today)
    assigned = 0
    for case in AbsenceCase.objects.filter(status=CaseStatus.OPEN, casemanager__isnull=True).select_related("employer"):
        assigned += case_auto_assign(case=case, reason=_("Nog ziek op dag 14 of later."), today=today)
    return assigned


def step_complete(
    *,
    completed_by: User,
    case: AbsenceCase,
    code: str,
    completed_on: dt.date,
    note: str = "",
    today: dt.date | None = None,
) -> Step:
    """Mark the open step `code` done by a user whose role owns it; every later date is recomputed."""
    today = _today(today)
    with transaction.atomic():
        case = AbsenceCase.objects.select_for_update().get(pk=case.pk)
        step = case.steps.filter(code=code, state=StepState.OPEN).order_by("sequence").first()
        if step is None:
            if case.steps.filter(code=code).exists():
                raise CaseConflict(_("Deze stap is al afgerond of niet van toepassing."), code="step_not_open")
            raise ValidationError({"code": [_("Onbekende stap.")]})
        if code == "casemanager_assigned":
            raise CaseConflict(_("Deze stap wordt afgerond door een casemanager toe te wijzen."), code="step_automatic")
        if code == poortwachter.INCOME_INSIGHT:
            # Completed by recording the conversation itself (cases.income.services.income_conversation_record).
            raise CaseConflict(
                _("Deze stap wordt afgerond door het gesprek over de inkomensgevolgen vast te leggen."),
                code="step_automatic",
            )
        if completed_by.role not in OWNER_ROLES.get(step.owner, frozenset()):
            raise PermissionDenied(_("Uw rol mag deze stap niet afronden."))
        if note and completed_by.role not in NOTE_ROLES:
            raise ValidationError(
                {"note": [_("Bij deze rol hoort geen notitie: leg hier geen gegevens over de ziekte vast.")]}
            )
        if completed_on > today:
            raise ValidationError({"completed_on": [_("De datum van afronden kan niet in de toekomst liggen.")]})
        if completed_on < case.first_sick_day:
            raise ValidationError({"completed_on": [_("De datum van afronden ligt vóór de eerste ziektedag.")]})
        step.state = StepState.DONE
        step.completed_on = completed_on
        step.completed_by = completed_by
        step.note = note
        step.full_clean(exclude=["case", "completed_by"])
        step.save(update_fields=["state", "completed_on", "completed_by", "note"])
        audit_record(
            actor=completed_by,
            action=AuditAction.UPDATE,
            object_type="absence_case",
            object_id=case.pk,
            employer=case.employer,
            changes={"step": code, "sequence": step.sequence, "completed_on": str(completed_on)},
        )
        case_recompute_steps(case=case, today=today)
    return step


# Who may invite the employee of a case to an account of their own (issue 22): its employer user and casemanager.
EMPLOYEE_INVITE_ROLES = frozenset({Role.EMPLOYER, Role.CASEMANAGER})


def employee_invite(*, invited_by: User, case: AbsenceCase, email: str) -> EmployeeInvitation:
    """Invite the case's employee to an account (verzuim.employee_accounts): the employer user or a casemanager
    who sees the case (the caller fetched it through case_get, so another tenant's case was already a 404). The
    address is the employee's work address or a private one they gave; the mail holds only the link."""
    if invited_by.role not in EMPLOYEE_INVITE_ROLES:
        raise PermissionDenied
    with transaction.atomic():
        locked = AbsenceCase.objects.select_for_update().select_related("employee__employer").get(pk=case.pk)
        return employee_account_invite(invited_by=invited_by, employee=locked.employee, email=email)
