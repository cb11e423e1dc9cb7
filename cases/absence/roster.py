"""The absence app's say in the roster sync (verzuim.roster): an employee with an open case keeps their employment.

Ending the employment of someone who is sick changes their rights (the employer's wage payment during illness,
BW 7:629, and the reintegration duties of the Wet verbetering poortwachter, continue until the case is handled;
after the end the UWV takes over through the Ziektewet). That is a decision for a person, never a side effect of a
payroll export: the sync lists such an employee as a conflict and changes nothing for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase, CaseStatus
from verzuim.plugins import EmploymentEndBlock, employment_end_blocker


@employment_end_blocker
def open_case_blocks(employee_ids: Iterable[Any]) -> dict[Any, EmploymentEndBlock]:
    """Employees among `employee_ids` with an open absence case; one query."""
    open_ids = set(
        AbsenceCase.objects.filter(employee_id__in=list(employee_ids), status=CaseStatus.OPEN).values_list(
            "employee_id", flat=True
        )
    )
    block = EmploymentEndBlock(
        code="open_case",
        message=_(
            "Deze werknemer heeft een lopende verzuimmelding. De datum uit dienst is niet gezet: "
            "beoordeel dit zelf met de casemanager."
        ),
    )
    return dict.fromkeys(open_ids, block)
