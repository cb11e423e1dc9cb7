"""Writes of the spreekuur (consultation) of the occupational physician: plan, cancel, no-show and the outcome.

Legal basis. The employer must have itself assisted by a certified occupational physician (or an arbodienst) in
the guidance of employees who cannot work through sickness (Arbowet art. 14 lid 1 sub b); the spreekuur is where
the physician sees the employee for that. The physician's judgement (the problem analysis) is due within six weeks
when long absence threatens (Regeling procesgang eerste en tweede ziektejaar art. 2; docs/domain.md §5, step
`PROBLEM_ANALYSIS`). What the physician learns stays in the medical compartment (docs/domain.md §3); what the
employer and the casemanager get is the functional assessment (FML): what the employee can and cannot do, and the
expected duration. docs/domain.md §6 "Spreekuur" has the sources and the choices.

* `consultation_plan`: the physician plans a spreekuur (date, time, duration, on site / phone / video) and, when an
  e-mail address is given, the employee's invitation with an iCalendar attachment (METHOD:REQUEST) is written to the
  outbox in the same transaction (verzuim.mail: sent once, on commit, never when the planning rolls back).
* `consultation_cancel`: a cancelled spreekuur gets METHOD:CANCEL with the same UID, unless its invitation had not
  been sent yet (then that mail is simply not sent).
* `consultation_no_show`: the employee did not come (a fact the employer may know, not a medical one).
* `consultation_outcome_record`: after the spreekuur the physician records, in one transaction, the consultation
  note (MedicalNote, linked to the spreekuur) and the functional assessment that flows to the dossier and pre-fills
  the problem analysis (cases.documents: `physician_prefill_register`, wired in cases/apps.py).

Only the physician of the case's employer writes any of it (the caller fetched the case through the medical
compartment, cases.medical.selectors); everything is audited, and no audit row holds medical content.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase, CaseStatus
from cases.absence.services import CaseConflict
from cases.medical import services as services_medical
from cases.medical.mails import CONSULTATION_CANCELLATION, CONSULTATION_INVITATION
from cases.medical.models import Consultation, ConsultationKind, ConsultationStatus, FunctionalAssessment
from verzuim.audit import audit_record
from verzuim.mail import mail_queue
from verzuim.models import AuditAction, OutgoingMail, OutgoingMailState, Role, User

OBJECT_TYPE = "consultation"
DURATION_MIN, DURATION_MAX = 5, 240
LOCATION_MAX = 300
VIDEO_URL_MAX = 500
_https_only = URLValidator(schemes=["https"])


def _require_physician(user: User) -> None:
    if user.role != Role.OCCUPATIONAL_PHYSICIAN:
        raise PermissionDenied(_("Alleen de bedrijfsarts plant een spreekuur."))


def consultation_plan_errors(
    *,
    case: AbsenceCase,
    starts_at: dt.datetime,
    duration_minutes: int,
    kind: str,
    location: str,
    video_url: str,
    invite_email: str,
    now: dt.datetime,
) -> dict[str, list[str]]:
    """The Dutch messages per field of a spreekuur that cannot be planned like this; empty when it can."""
    errors: dict[str, list[str]] = {}
    if case.status != CaseStatus.OPEN:
        errors["__all__"] = [_("Dit verzuimgeval is afgesloten: er kan geen spreekuur meer bij.")]
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be an aware datetime")
    if starts_at <= now:
        errors["starts_at"] = [_("Het spreekuur ligt in het verleden. Kies een moment vanaf nu.")]
    elif starts_at > now + dt.timedelta(days=366):
        errors["starts_at"] = [_("Het spreekuur ligt meer dan een jaar vooruit. Controleer de datum.")]
    if not DURATION_MIN <= duration_minutes <= DURATION_MAX:
        errors["duration_minutes"] = [_("Kies een duur van 5 tot en met 240 minuten.")]
    if kind not in ConsultationKind.values:
        errors["kind"] = [_("Kies op locatie, telefonisch of video.")]
    if len(location) > LOCATION_MAX:
        errors["location"] = [_("De plaats is te lang (hoogstens 300 tekens).")]
    elif kind == ConsultationKind.ON_SITE and not location:
        errors["location"] = [_("Vul het adres in waar het spreekuur is.")]
    if kind == ConsultationKind.VIDEO:
        if not video_url:
            errors["video_url"] = [_("Vul de videolink in: de werknemer krijgt hem in de uitnodiging.")]
        elif len(video_url) > VIDEO_URL_MAX:
            errors["video_url"] = [_("De videolink is te lang (hoogstens 500 tekens).")]
        else:
            try:
                _https_only(video_url)
            except ValidationError:
                errors["video_url"] = [_("Vul een beveiligde link in die begint met https://.")]
    elif video_url:
        errors["video_url"] = [_("Een videolink hoort alleen bij een spreekuur per video.")]
    if invite_email:
        try:
            EmailValidator()(invite_email)
        except ValidationError:
            errors["invite_email"] = [_("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")]
    return errors


def consultation_plan(
    *,
    physician: User,
    case: AbsenceCase,
    starts_at: dt.datetime,
    kind: str,
    duration_minutes: int = 30,
    location: str = "",
    video_url: str = "",
    invite_email: str = "",
    now: dt.datetime | None = None,
) -> Consultation:
    """Plan a spreekuur and, with an e-mail address, queue the employee's invitation (sent once, after commit)."""
    _require_physician(physician)
    now = now or timezone.now()
    location, video_url, invite_email = location.strip(), video_url.strip(), invite_email.strip().lower()
    errors = consultation_plan_errors(
        case=case,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        kind=kind,
        location=location,
        video_url=video_url,
        invite_email=invite_email,
        now=now,
    )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            locked = AbsenceCase.objects.select_for_update().select_related("employer").get(pk=case.pk)
            if locked.status != CaseStatus.OPEN:
                raise ValidationError(_("Dit verzuimgeval is afgesloten: er kan geen spreekuur meer bij."))
            consultation = Consultation.objects.create(
                case=locked,
                physician=physician,
                starts_at=starts_at,
                duration_minutes=duration_minutes,
                kind=kind,
                location=location,
                video_url=video_url,
                invite_email=invite_email,
                created_at=now,
                updated_at=now,
            )
            if invite_email:
                mail_queue(
                    kind=CONSULTATION_INVITATION,
                    to=invite_email,
                    object_type=OBJECT_TYPE,
                    object_id=consultation.pk,
                    now=now,
                )
            # The audit row names the facts of the appointment, never an address or a reason.
            audit_record(
                actor=physician,
                action=AuditAction.CREATE,
                object_type=OBJECT_TYPE,
                object_id=consultation.pk,
                employer=locked.employer,
                changes={
                    "case": str(locked.pk),
                    "starts_at": starts_at.isoformat(),
                    "duration_minutes": duration_minutes,
                    "kind": kind,
                    "invited_by_email": bool(invite_email),
                },
            )
    except IntegrityError as error:  # the unique planned time: a second submit of the same form
        raise ValidationError({"starts_at": [_("Op dit moment is al een spreekuur gepland.")]}) from error
    return consultation


def _lock(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().select_related("case__employer").get(pk=consultation.pk)


def _require_planned(consultation: Consultation) -> None:
    if consultation.status != ConsultationStatus.PLANNED:
        raise CaseConflict(
            _("Dit spreekuur is al %(status)s.") % {"status": consultation.get_status_display().lower()},
            code="consultation_not_planned",
        )


def _audit(actor: User, consultation: Consultation, **changes: Any) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=OBJECT_TYPE,
        object_id=consultation.pk,
        employer=consultation.case.employer,
        changes=changes,
    )


def consultation_cancel(*, physician: User, consultation: Consultation, now: dt.datetime | None = None) -> Consultation:
    """Cancel a planned spreekuur. An invitation already sent is followed by METHOD:CANCEL with the same UID; one
    still waiting in the outbox is simply not sent (both in this transaction, so the employee gets one or none)."""
    _require_physician(physician)
    now = now or timezone.now()
    with transaction.atomic():
        consultation = _lock(consultation)
        _require_planned(consultation)
        consultation.status = ConsultationStatus.CANCELLED
        consultation.sequence += 1
        consultation.updated_at = now
        consultation.save(update_fields=["status", "sequence", "updated_at"])
        # Waits for a send job that holds the row, then sees whether it went out.
        unsent = OutgoingMail.objects.select_for_update().filter(
            kind=CONSULTATION_INVITATION,
            object_type=OBJECT_TYPE,
            object_id=str(consultation.pk),
            state=OutgoingMailState.PENDING,
        )
        withdrawn = unsent.update(state=OutgoingMailState.CANCELLED, next_attempt_at=None)
        cancel_mailed = bool(consultation.invite_email) and not withdrawn
        if cancel_mailed:
            mail_queue(
                kind=CONSULTATION_CANCELLATION,
                to=consultation.invite_email,
                object_type=OBJECT_TYPE,
                object_id=consultation.pk,
                now=now,
            )
        _audit(physician, consultation, status="cancelled", invitation_withdrawn=withdrawn, cancel_mailed=cancel_mailed)
    return consultation


def consultation_no_show(
    *, physician: User, consultation: Consultation, now: dt.datetime | None = None
) -> Consultation:
    """The employee did not come to a spreekuur whose time has come."""
    _require_physician(physician)
    now = now or timezone.now()
    with transaction.atomic():
        consultation = _lock(consultation)
        _require_planned(consultation)
        if consultation.starts_at > now:
            raise CaseConflict(_("Dit spreekuur moet nog beginnen."), code="consultation_not_started")
        consultation.status = ConsultationStatus.NO_SHOW
        consultation.updated_at = now
        consultation.save(update_fields=["status", "updated_at"])
        _audit(physician, consultation, status="no_show")
    return consultation


def consultation_outcome_record(
    *,
    physician: User,
    consultation: Consultation,
    consultation_note: str,
    functional_limitations: str,
    incapacity_pct: int,
    diagnosis: str = "",
    specialist_information: str = "",
    expected_duration_days: int | None = None,
    workplace_adjustments: str = "",
    long_absence_threatens: bool = False,
    now: dt.datetime | None = None,
) -> tuple[Consultation, FunctionalAssessment]:
    """The outcome of a spreekuur, all or nothing: the consultation note in the medical compartment (linked to the
    spreekuur), the functional assessment that flows to the dossier, and the spreekuur marked held."""
    _require_physician(physician)
    now = now or timezone.now()
    with transaction.atomic():
        consultation = _lock(consultation)
        _require_planned(consultation)
        held_on = timezone.localdate(consultation.starts_at)
        if held_on > timezone.localdate(now):
            raise CaseConflict(
                _("Dit spreekuur is nog niet geweest: de uitkomst legt u vast op of na de dag zelf."),
                code="consultation_not_started",
            )
        case = consultation.case
        services_medical.medical_note_add(
            physician=physician,
            case=case,
            consulted_on=held_on,
            consultation_note=consultation_note,
            diagnosis=diagnosis,
            specialist_information=specialist_information,
            consultation=consultation,
        )
        assessment = services_medical.functional_assessment_record(
            physician=physician,
            case=case,
            today=timezone.localdate(now),
            assessed_on=held_on,
            functional_limitations=functional_limitations,
            expected_duration_days=expected_duration_days,
            incapacity_pct=incapacity_pct,
            workplace_adjustments=workplace_adjustments,
            long_absence_threatens=long_absence_threatens,
        )
        consultation.status = ConsultationStatus.HELD
        consultation.updated_at = now
        consultation.save(update_fields=["status", "updated_at"])
        _audit(physician, consultation, status="held", functional_assessment=str(assessment.pk))
    return consultation, assessment
