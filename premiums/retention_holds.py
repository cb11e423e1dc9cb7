"""A case with an open claim is kept whole by the retention sweep (cases.retention.holds): registered from
PremiumsConfig.ready."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection

from django.utils.translation import gettext_lazy as _

from cases.retention.holds import retention_hold
from premiums.claims.models import Claim, ClaimStatus

# Open: calculated or approved but not yet paid (paid and cancelled claims are history).
OPEN_CLAIM_STATUSES = (ClaimStatus.CALCULATED, ClaimStatus.APPROVED)


@retention_hold("claim", _("Openstaande declaratie"))
def open_claims(case_ids: Collection[uuid.UUID], today: dt.date) -> set[uuid.UUID]:
    return set(
        Claim.objects.filter(case_id__in=case_ids, status__in=OPEN_CLAIM_STATUSES).values_list("case_id", flat=True)
    )
