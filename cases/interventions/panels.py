"""The insurer's link to the intervention review queue, with the waiting count (verzuim.plugins). Imported by
CasesConfig.ready."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cases.interventions.selectors import intervention_review_count
from verzuim.models import Role, User
from verzuim.plugins import dashboard_panel


@dashboard_panel(
    name="intervention_review",
    template="cases/panels/intervention_review_link.html",
    roles={Role.INSURER},
    slot="links",
    order=20,
)
def intervention_review(user: User) -> Mapping[str, Any]:
    # A number is no personal data: no audit row.
    return {"intervention_review_count": intervention_review_count(fetched_by=user)}
