"""Writes of the occupational physician: the medical compartment and the functional assessment (FML).

Only the physician writes either (docs/domain.md §3); the functional assessment is what flows from the
compartment to the dossier, and flagging long absence there gets the case a casemanager
(cases.absence.services.case_auto_assign).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.absence import services
from cases.absence.models import AbsenceCase
from cases.medical.models import Consultation, FunctionalAssessment, MedicalNote
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User


def medical_note_add(
    *,
    physician: User,
    case: AbsenceCase,
    consulted_on: dt.date,
    consultation_note: str,
    diagnosis: str = "",
    specialist_information: str = "",
    consultation: Consultation | None = None,
) -> MedicalNote:
    """A consultation in the medical compartment; the occupational physician only. `consultation`: the spreekuur
    whose outcome this is (cases.medical.services_consultations.consultation_outcome_record)."""
    if physician.role != Role.OCCUPATIONAL_PHYSICIAN:
        raise PermissionDenied
    note = MedicalNote(
        case=case,
        physician=physician,
        consulted_on=consulted_on,
        consultation_note=consultation_note,
        diagnosis=diagnosis,
        specialist_information=specialist_information,
        consultation=consultation,
    )
    note.full_clean(exclude=["case", "physician", "consultation"])
    with transaction.atomic():
        note.save(force_insert=True)
        audit_record(
            actor=physician,
            action=AuditAction.CREATE,
            object_type="medical_note",
            object_id=note.pk,
            employer=case.employer,
        )
    return note


def functional_assessment_record(
    *, physician: User, case: AbsenceCase, today: dt.date | None = None, **data: Any
) -> FunctionalAssessment:
    """The physician's non-medical outcome; flagging long absence gets the case a casemanager."""
    if physician.role != Role.OCCUPATIONAL_PHYSICIAN:
        raise PermissionDenied
    today = today or timezone.localdate()
    assessment = FunctionalAssessment(case=case, physician=physician, **data)
    assessment.full_clean(exclude=["case", "physician"])
    with transaction.atomic():
        assessment.save(force_insert=True)
        if assessment.long_absence_threatens and not case.long_absence_flagged:
            case.long_absence_flagged = True
            case.save(update_fields=["long_absence_flagged"])
            services.case_recompute_steps(case=case, today=today)
            services.case_auto_assign(case=case, reason=_("De bedrijfsarts verwacht langdurig verzuim."), today=today)
        audit_record(
            actor=physician,
            action=AuditAction.CREATE,
            object_type="functional_assessment",
            object_id=assessment.pk,
            employer=case.employer,
        )
    return assessment
