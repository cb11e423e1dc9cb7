"""A case with an open complaint about it is kept whole by the retention sweep (cases.retention.holds): registered
from ComplaintsConfig.ready."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection

from django.utils.translation import gettext_lazy as _

from cases.retention.holds import retention_hold
from complaints.models import Complaint, ComplaintStatus


@retention_hold("complaint", _("Openstaande klacht"))
def open_complaints(case_ids: Collection[uuid.UUID], today: dt.date) -> set[uuid.UUID]:
    """Open: every status but closed. An answered complaint may still go to the external route or Kifid, so it
    keeps the case until the desk closes it."""
    return set(
        Complaint.objects.filter(case_id__in=case_ids)
        .exclude(status=ComplaintStatus.CLOSED)
        .values_list("case_id", flat=True)
        .distinct()
    )
