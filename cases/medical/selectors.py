"""Reads of the occupational physician's compartment and of the functional assessments (docs/domain.md §3).

The medical notes exist for the employer's occupational physician only (everyone else gets a 404); the
functional assessments are read by every role that sees the case (the API trims them for insurer staff).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from cases.absence.models import AbsenceCase
from cases.absence.selectors import case_get
from cases.medical.models import FunctionalAssessment, MedicalNote
from verzuim.models import Role, User


def functional_assessment_list(*, fetched_by: User, case_id: Any) -> tuple[AbsenceCase, list[FunctionalAssessment]]:
    """The non-medical outcome of the physician's work: every role that sees the case sees these."""
    case = case_get(fetched_by=fetched_by, case_id=case_id, action="functional_assessments")
    return case, list(case.functional_assessments.order_by("-assessed_on", "-created_at"))


def medical_note_list(*, fetched_by: User, case_id: Any) -> tuple[AbsenceCase, list[MedicalNote]]:
    """The medical compartment: the occupational physician of the employer only; everyone else 404."""
    if fetched_by.role != Role.OCCUPATIONAL_PHYSICIAN:
        raise Http404
    case = case_get(fetched_by=fetched_by, case_id=case_id, action="medical_notes")
    return case, list(case.medical_notes.order_by("-consulted_on", "-created_at"))


def case_functional_assessments(*, case: AbsenceCase) -> list[FunctionalAssessment]:
    """The four things that flow from the medical compartment to the dossier, newest first."""
    return list(case.functional_assessments.order_by("-assessed_on", "-created_at"))
