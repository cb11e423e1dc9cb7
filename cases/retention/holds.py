"""What keeps an expired case whole: a registry of holds. The sweep asks every hold which of its candidate cases
it holds, and why; a held case is listed as kept in the report and is not touched.

Holds of packages above ``cases`` (an unpaid claim in premiums, an open complaint in complaints) register from
their ``AppConfig.ready``, so this package never imports them (docs/architecture.md "Plug-ins"). The open
wage sanction is this package's own hold: a sanction is part of the case.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.advice.models import GuaranteeDecision, Sanction

# Given the candidate case ids and the day of the run: the ids of the cases this hold keeps. One query, whatever
# the number of cases (the sweep's query count stays constant).
HoldCheck = Callable[[Collection[uuid.UUID], dt.date], set[uuid.UUID]]


@dataclass(frozen=True)
class Hold:
    code: str
    label: str | Promise
    check: HoldCheck


RETENTION_HOLDS: dict[str, Hold] = {}


def retention_hold(code: str, label: str | Promise) -> Callable[[HoldCheck], HoldCheck]:
    """Register a hold; registering the same code again replaces it (a reload of the app registers again)."""

    def register(check: HoldCheck) -> HoldCheck:
        RETENTION_HOLDS[code] = Hold(code=code, label=label, check=check)
        return check

    return register


def held_cases(case_ids: Collection[uuid.UUID], today: dt.date) -> dict[uuid.UUID, list[str]]:
    """Per held case, the codes of the holds that keep it (in registration order)."""
    held: dict[uuid.UUID, list[str]] = {}
    if not case_ids:
        return held
    for hold in RETENTION_HOLDS.values():
        for case_id in hold.check(case_ids, today):
            held.setdefault(case_id, []).append(hold.code)
    return held


def hold_label(code: str) -> str:
    hold = RETENTION_HOLDS.get(code)
    return str(hold.label) if hold else code


@retention_hold("sanction", _("Lopende loonsanctie"))
def open_sanctions(case_ids: Collection[uuid.UUID], today: dt.date) -> set[uuid.UUID]:
    """Open: the sanction period has not ended yet, or the insurer has not yet decided on the guarantee."""
    return set(
        Sanction.objects.filter(case_id__in=case_ids)
        .filter(Q(end__gte=today) | Q(decision=GuaranteeDecision.PENDING))
        .values_list("case_id", flat=True)
    )
