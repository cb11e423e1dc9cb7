"""The complaints desk on the handler's start page (verzuim.plugins): how many complaints wait in each view of the
queue, each a link to that view. One query. Imported by ComplaintsConfig.ready."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count
from django.utils import timezone

from complaints.models import Complaint
from complaints.selectors_desk import DESK_ROLES, QUEUE_VIEWS
from verzuim.models import User
from verzuim.plugins import dashboard_panel

# The views the start page counts, in this order.
COUNTED_VIEWS = ("nieuw", "bevestigen", "beantwoorden", "wacht", "te-laat")


@dashboard_panel(name="complaints_desk", template="complaints/desk/panel.html", roles=DESK_ROLES, order=5)
def complaints_desk(user: User) -> Mapping[str, Any]:
    today = timezone.localdate()
    counts = Complaint.objects.aggregate(
        **{view.replace("-", "_"): Count("pk", filter=QUEUE_VIEWS[view][1](today)) for view in COUNTED_VIEWS}
    )
    return {
        "views": [(view, QUEUE_VIEWS[view][0], counts[view.replace("-", "_")]) for view in COUNTED_VIEWS],
    }
