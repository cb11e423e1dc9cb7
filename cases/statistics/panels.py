"""The employer's card linking to its absence figures (verzuim.plugins). Imported by CasesConfig.ready."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from verzuim.models import Role, User
from verzuim.plugins import dashboard_panel


@dashboard_panel(
    name="statistics", template="cases/panels/statistics_card.html", roles={Role.EMPLOYER}, slot="cards", order=40
)
def statistics_card(user: User) -> Mapping[str, Any]:
    return {"employer_id": user.employer_id}
