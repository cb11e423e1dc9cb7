"""Messages the casemanager turned into a task, in their "Mijn taken" (verzuim.plugins.task_source; issue 22 item 3).
Imported by CasesConfig.ready.

An open follow-up is a task of the casemanager who made it, on cases they still see, due on its date; it disappears
the moment it is marked done. The task names the case and the date of the message, never its text. One query,
whatever the number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase
from cases.absence.selectors import case_scope
from cases.messages.models import MessageFollowUp
from verzuim.models import Role, User
from verzuim.plugins import Task, task_source

LIMIT = 200


@task_source
def message_followup_tasks(user: User, today: dt.date) -> Iterable[Task]:
    if user.role != Role.CASEMANAGER:
        return []
    visible = AbsenceCase.objects.filter(case_scope(user=user)).values("pk")
    followups = (
        MessageFollowUp.objects.filter(assigned_to=user, done_at__isnull=True, message__case__in=visible)
        .select_related("message__case__employee", "message__case__employer")
        .order_by("due_on", "pk")[:LIMIT]
    )
    tasks = []
    for followup in followups:
        message = followup.message
        case = message.case
        tasks.append(
            Task(
                key=f"message-{followup.pk}",
                action=_("Bericht opvolgen van %(date)s")
                % {"date": f"{timezone.localtime(message.sent_at):%d-%m-%Y %H:%M}"},
                subject=f"{case.employee.full_name} ({case.employer.name})",
                due=followup.due_on,
                url=f"{reverse('case_messages', args=[case.pk])}#bericht-{message.pk}",
            )
        )
    return tasks
