"""Reads of the occupational physician's compartment and of the functional assessments (docs/domain.md §3).

The medical notes exist for the employer's occupational physician only (everyone else gets a 404); the
functional assessments are read by every role that sees the case (the API trims them for insurer staff).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase
from cases.absence.selectors import case_get
from cases.medical.models import FunctionalAssessment, MedicalNote
from verzuim.models import Role, User


def functional_assessment_list(*, fetched_by: User, case_id: Any) -> tuple[AbsenceCase, list[FunctionalAssessment]]:
    """The non-medical outcome of the physician's work: every role that sees the case sees these."""
    case = case_get(fetched_by=fetched_by, case_id=case_id, action="functional_assessments")
    return case, list(case.functional_assessments.order_by("-assessed_on", "-created_at"))


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
    if fetched_by.role != Role.OCCUPATIONAL_PHYSICIAN:
        raise Http404
    case = case_get(fetched_by=fetched_by, case_id=case_id, action="medical_notes")
    return case, list(case.medical_notes.order_by("-consulted_on", "-created_at"))


def case_functional_assessments(*, case: AbsenceCase) -> list[FunctionalAssessment]:
    """The four things that flow from the medical compartment to the dossier, newest first."""
    return list(case.functional_assessments.order_by("-assessed_on", "-created_at"))
