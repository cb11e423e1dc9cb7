"""Policies and premiums on the start page (verzuim.plugins): the employer's policy and premium cards, and the
insurer's link to the premium review queue. Imported by PremiumsConfig.ready."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from premiums import selectors
from verzuim.models import Role, User
from verzuim.plugins import dashboard_panel, dashboard_panel_add


@dashboard_panel(
    name="policy", template="premiums/panels/policy_card.html", roles={Role.EMPLOYER}, slot="cards", order=10
)
def policy_card(user: User) -> Mapping[str, Any]:
    return {"policy": selectors.policy_active(fetched_by=user)}


dashboard_panel_add(
    name="premium", template="premiums/panels/premium_card.html", roles={Role.EMPLOYER}, slot="cards", order=50
)
dashboard_panel_add(
    name="premium_review",
    template="premiums/panels/premium_review_link.html",
    roles={Role.INSURER},
    slot="links",
    order=10,
)
