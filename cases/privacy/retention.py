"""The correction requests in the retention sweep (cases.retention). Imported by CasesConfig.ready.

An open correction request on a case keeps the case (the casemanager answers it first: AVG art. 16, and art. 18
while the accuracy is contested). When the case's casework is anonymised, the texts of its correction requests are
emptied with it; the dates and the outcome stay, as the sweep keeps dates and codes elsewhere.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.privacy.models import CorrectionRequest, CorrectionStatus
from cases.retention.anonymisers import retention_anonymiser
from cases.retention.holds import retention_hold
from cases.retention.models import RetentionSubject

# What a closed request's answer reads after anonymisation (an answered request must keep an answer).
ANONYMISED = "-"


@retention_hold("correction_open", _("Openstaand verzoek om correctie"))
def open_correction_hold(case_ids: Collection[uuid.UUID], today: dt.date) -> set[uuid.UUID]:
    return set(
        CorrectionRequest.objects.filter(case_id__in=case_ids, status=CorrectionStatus.OPEN).values_list(
            "case_id", flat=True
        )
    )


@retention_anonymiser(RetentionSubject.CASEWORK, "correction_requests")
def correction_requests_anonymise(ids: list[uuid.UUID]) -> None:
    requests = CorrectionRequest.objects.filter(case_id__in=ids)
    requests.filter(status=CorrectionStatus.OPEN).update(what_is_wrong="", should_be="")
    requests.filter(~Q(status=CorrectionStatus.OPEN)).update(what_is_wrong="", should_be="", answer=ANONYMISED)
