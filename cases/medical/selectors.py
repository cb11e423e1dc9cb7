"""Reads of the occupational physician's compartment and of the functional assessments (docs/domain.md §3).

The medical notes exist for the employer's occupational physician only (everyone else gets a 404); the
functional assessments are read by every role that sees the case (the API trims them for insurer staff).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase
from cases.absence.selectors import case_get
from cases.medical.models import Consultation, ConsultationStatus, FunctionalAssessment, MedicalNote
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User
from verzuim.selectors import as_uuid


def functional_assessment_list(*, fetched_by: User, case_id: Any) -> tuple[AbsenceCase, list[FunctionalAssessment]]:
    """The non-medical outcome of the physician's work: every role that sees the case sees these."""
    case, assessments = functional_assessment_queryset(fetched_by=fetched_by, case_id=case_id)
    return case, list(assessments.order_by("-assessed_on", "-created_at"))


def functional_assessment_queryset(
    *, fetched_by: User, case_id: Any
) -> tuple[AbsenceCase, QuerySet[FunctionalAssessment]]:
    """As functional_assessment_list, unordered and unevaluated (the API pages it)."""
    case = case_get(fetched_by=fetched_by, case_id=case_id, action="functional_assessments")
    return case, case.functional_assessments.all()


@dataclass(frozen=True)
class ExpectedDuration:
    days: int
    source: str  # whose estimate, and of when: "volgens de bedrijfsarts op 01-12-2026"


def expected_duration(
    *, case: AbsenceCase, assessments: Sequence[FunctionalAssessment] | None = None
) -> ExpectedDuration | None:
    """The latest estimate of the absence's duration: the physician's newest assessment that gives one, else the
    employer's estimate at the sickness report. ``assessments`` newest first (as case_functional_assessments)."""
    if assessments is None:
        assessments = case_functional_assessments(case=case)
    for assessment in assessments:
        if assessment.expected_duration_days:
            return ExpectedDuration(
                days=assessment.expected_duration_days,
                source=_("volgens de bedrijfsarts op %(date)s") % {"date": f"{assessment.assessed_on:%d-%m-%Y}"},
            )
    if case.expected_duration_days:
        return ExpectedDuration(days=case.expected_duration_days, source=_("volgens de ziekmelding"))
    return None


def medical_note_list(*, fetched_by: User, case_id: Any) -> tuple[AbsenceCase, list[MedicalNote]]:
    """The medical compartment: the occupational physician of the employer only; everyone else 404."""
    case, notes = medical_note_queryset(fetched_by=fetched_by, case_id=case_id)
    return case, list(notes.order_by("-consulted_on", "-created_at"))


def medical_note_queryset(*, fetched_by: User, case_id: Any) -> tuple[AbsenceCase, QuerySet[MedicalNote]]:
    """As medical_note_list, unordered and unevaluated (the API pages it); everyone but the physician 404."""
    if fetched_by.role != Role.OCCUPATIONAL_PHYSICIAN:
        raise Http404
    case = case_get(fetched_by=fetched_by, case_id=case_id, action="medical_notes")
    return case, case.medical_notes.all()


def case_functional_assessments(*, case: AbsenceCase) -> list[FunctionalAssessment]:
    """The four things that flow from the medical compartment to the dossier, newest first."""
    return list(case.functional_assessments.order_by("-assessed_on", "-created_at"))


# --- The spreekuur (cases/medical/services_consultations.py) ------------------------------------------------------

CONSULTATION_OBJECT_TYPE = "consultation"


def consultation_case_get(*, fetched_by: User, case_id: Any, action: str) -> AbsenceCase:
    """The case whose spreekuren the physician plans and records: the employer's occupational physician only;
    every other role 404, like the medical compartment."""
    if fetched_by.role != Role.OCCUPATIONAL_PHYSICIAN:
        raise Http404
    return case_get(fetched_by=fetched_by, case_id=case_id, action=action)


def consultation_get(*, case: AbsenceCase, consultation_id: Any) -> Consultation:
    """A spreekuur of a case the physician already got through consultation_case_get, or 404."""
    pk = as_uuid(consultation_id)
    consultation = case.consultations.select_related("physician").filter(pk=pk).first() if pk else None
    if consultation is None:
        raise Http404
    return consultation


def consultation_list(*, case: AbsenceCase) -> list[Consultation]:
    """The spreekuren of a case already fetched through the medical compartment, the next one first, then the
    past ones newest first (the page reads them in that order)."""
    consultations = list(case.consultations.select_related("physician", "outcome_note").order_by("starts_at"))
    planned = [c for c in consultations if c.status == ConsultationStatus.PLANNED]
    others = [c for c in consultations if c.status != ConsultationStatus.PLANNED]
    return planned + others[::-1]


def consultation_rows(*, fetched_by: User, case: AbsenceCase) -> list[Consultation]:
    """The dossier's view of the spreekuren of a case the user got through case_get: when, how long, the form and
    the status, and nothing else (the reason and the outcome are in the medical compartment). One query for any
    number; the read is audited."""
    consultations = list(
        case.consultations.only("id", "case_id", "starts_at", "duration_minutes", "kind", "status").order_by(
            "-starts_at"
        )
    )
    audit_record(
        actor=fetched_by,
        action=AuditAction.LIST,
        object_type=CONSULTATION_OBJECT_TYPE,
        object_id=case.pk,
        employer=case.employer,
        changes={"count": len(consultations)},
    )
    return consultations


def last_invite_email(*, case: AbsenceCase) -> str:
    """The address the employee's last spreekuur invitation went to: the planning form starts with it (the portal
    keeps no e-mail address of employees)."""
    return (
        case.consultations.exclude(invite_email="")
        .order_by("-created_at")
        .values_list("invite_email", flat=True)
        .first()
        or ""
    )


def assessment_prefill(case: AbsenceCase) -> dict[str, str]:
    """What the physician's problem analysis and current assessment start from (cases.documents.selectors
    .document_initial, wired in cases/apps.py): the latest functional assessment's limitations, its expected duration
    as the start of the prognosis, and its workplace adjustments as the start of the advice. Nothing medical: only
    what already flows to the dossier. Empty without an assessment."""
    latest = case.functional_assessments.order_by("-assessed_on", "-created_at").first()
    if latest is None:
        return {}
    initial = {"functional_limitations": latest.functional_limitations}
    if latest.expected_duration_days:
        initial["prognosis"] = _(
            "Verwachte duur van het verzuim: %(days)s dagen (functionele mogelijkheden van %(date)s)."
        ) % {"days": latest.expected_duration_days, "date": f"{latest.assessed_on:%d-%m-%Y}"}
    if latest.workplace_adjustments:
        initial["advice"] = _("Aanpassingen van de werkplek: %(adjustments)s") % {
            "adjustments": latest.workplace_adjustments
        }
    return initial
