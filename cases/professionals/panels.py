"""The registry of professionals on the start page (verzuim.plugins): the employer's own arbodienst (a warning
when it is not certified, and a card), and for insurer staff what needs attention. Imported by CasesConfig.ready."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from cases.professionals import selectors
from verzuim.models import Role, User
from verzuim.plugins import dashboard_panel, dashboard_panel_add


def own_arbodienst(user: User) -> Mapping[str, Any]:
    """Shared by the warning and the card: one call per page."""
    employer = user.employer
    own = None if employer is None else selectors.employer_arbodienst_get(employer=employer, today=timezone.localdate())
    return {"own_arbodienst": own}


dashboard_panel_add(
    name="own_arbodienst_warning",
    template="cases/panels/own_arbodienst_warning.html",
    roles={Role.EMPLOYER},
    order=20,
    context=own_arbodienst,
)
dashboard_panel_add(
    name="own_arbodienst",
    template="cases/panels/own_arbodienst_card.html",
    roles={Role.EMPLOYER},
    slot="cards",
    order=30,
    context=own_arbodienst,
)


@dashboard_panel(
    name="registry_attention", template="cases/panels/registry_attention.html", roles={Role.INSURER}, order=20
)
def registry_attention(user: User) -> Mapping[str, Any]:
    # Registrations and certificates expiring within 60 days or expired; uncertified own arbodiensten.
    today = timezone.localdate()
    return {
        "registry_attention": selectors.registry_attention(fetched_by=user, today=today),
        "arbodienst_warnings": selectors.employer_arbodienst_warnings(fetched_by=user, today=today),
    }
