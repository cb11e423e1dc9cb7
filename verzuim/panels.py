"""The core's own dashboard panel (verzuim.plugins): the employer's employees card. Imported by VerzuimConfig.ready."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from verzuim import selectors
from verzuim.models import Role, User
from verzuim.plugins import dashboard_panel


@dashboard_panel(
    name="employees", template="verzuim/panels/employees_card.html", roles={Role.EMPLOYER}, slot="cards", order=20
)
def employees_card(user: User) -> Mapping[str, Any]:
    # A number is no personal data: no audit row.
    return {"employee_count": selectors.employee_count_in_service(fetched_by=user)}
