"""The insurer's link to the retention report on the start page (verzuim.plugins). Imported by CasesConfig.ready."""

from __future__ import annotations

from verzuim.models import Role
from verzuim.plugins import dashboard_panel_add

dashboard_panel_add(
    name="retention_report",
    template="cases/panels/retention_link.html",
    roles={Role.INSURER},
    slot="links",
    order=90,
)
