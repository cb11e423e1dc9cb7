"""The steps on a complaint that both the desk (complaints.views_desk) and the back office (complaints.admin) offer:
the service call, the statuses in which a page offers the step (the service decides in the end), and the message
when it is done. Each page adds its own title and form (the desk's forms differ where its letters take over)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy

from complaints import services_workflow as workflow
from complaints.models import Complaint, ComplaintStatus
from verzuim.models import User


class StepRule(NamedTuple):
    run: Callable[[User, Complaint, dict[str, Any]], Any]
    offered: frozenset[str]
    done: Any


STEP_RULES: dict[str, StepRule] = {
    "ontvangst-bevestigen": StepRule(
        lambda user, c, d: workflow.complaint_acknowledge(acknowledged_by=user, complaint=c, note=d["note"]),
        frozenset({ComplaintStatus.RECEIVED}),
        gettext_lazy("De ontvangst is bevestigd."),
    ),
    "toewijzen": StepRule(
        lambda user, c, d: workflow.complaint_assign(
            assigned_by=user, complaint=c, handler=d["handler"], note=d["note"]
        ),
        frozenset(workflow.OPEN_STATUSES | {ComplaintStatus.ANSWERED}),
        gettext_lazy("De klacht is toegewezen."),
    ),
    "informatie-vragen": StepRule(
        lambda user, c, d: workflow.complaint_request_information(requested_by=user, complaint=c, note=d["note"]),
        frozenset({ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED}),
        gettext_lazy("De vraag om informatie is vastgelegd; de antwoordtermijn staat stil."),
    ),
    "informatie-ontvangen": StepRule(
        lambda user, c, d: workflow.complaint_information_received(recorded_by=user, complaint=c, note=d["note"]),
        frozenset({ComplaintStatus.WAITING}),
        gettext_lazy("De informatie is ontvangen; de antwoorddatum is opgeschoven."),
    ),
    "afsluiten": StepRule(
        lambda user, c, d: workflow.complaint_close(closed_by=user, complaint=c, outcome=d["outcome"], note=d["note"]),
        frozenset({ComplaintStatus.ANSWERED}),
        gettext_lazy("De klacht is afgesloten."),
    ),
}
