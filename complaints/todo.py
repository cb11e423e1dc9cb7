"""The complaint deadlines in "Mijn taken" (verzuim.plugins.task_source; issue 20 item 1). Imported by
ComplaintsConfig.ready.

A complaint handler sees the complaints assigned to them and the unassigned ones: confirm receipt by
`acknowledge_by`, then answer by `answer_by` (docs/domain.md §11). A complaint waiting for the complainant's
information has nothing to do until it arrives. The link is the complaint's page on the portal's complaints desk
(complaints.views_desk, issue 21). One query, whatever the number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from complaints.models import Complaint, ComplaintStatus
from verzuim.models import Role, User
from verzuim.plugins import Task, task_source

LIMIT = 200


@task_source
def complaint_tasks(user: User, today: dt.date) -> Iterable[Task]:
    if user.role != Role.COMPLAINT_HANDLER:
        return []
    complaints = (
        Complaint.objects.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
        .filter(status__in=(ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED))
        .select_related("employer")
        .order_by("answer_by", "reference")[:LIMIT]
    )
    tasks = []
    for complaint in complaints:
        if complaint.status == ComplaintStatus.RECEIVED:
            action, due = _("Ontvangst bevestigen: klacht %(ref)s"), complaint.acknowledge_by
        else:
            action, due = _("Klacht %(ref)s beantwoorden"), complaint.answer_by
        who = complaint.employer.name if complaint.employer else complaint.contact_name
        subject = who if complaint.assigned_to_id else _("%(who)s (nog niet toegewezen)") % {"who": who}
        tasks.append(
            Task(
                key=f"complaint-{complaint.pk}",
                action=action % {"ref": complaint.reference},
                subject=subject,
                due=due,
                url=reverse("complaint_desk_detail", args=[complaint.pk]),
            )
        )
    return tasks
