"""The employees' correction requests in "Mijn taken" of their casemanager (verzuim.plugins.task_source).
Imported by CasesConfig.ready.

The casemanager of the case answers; a request without a case, or on a case without a casemanager, goes to the
employer's fixed casemanager (cases.privacy.selectors.correction_handler_scope). The due date is one month after
the request: the controller answers a data subject's request within one month (AVG art. 12(3)). One query,
whatever the number.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.privacy.selectors import correction_open_for
from verzuim.models import Role, User
from verzuim.plugins import Task, task_source

LIMIT = 200


def one_month_after(day: dt.date) -> dt.date:
    """The same day a month later; the month's last day when it has no such day (31 January: 28/29 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@task_source
def correction_tasks(user: User, today: dt.date) -> Iterable[Task]:
    if user.role != Role.CASEMANAGER:
        return []
    return [
        Task(
            key=f"correction-{request.pk}",
            action=_("Verzoek om correctie beantwoorden"),
            subject=request.employee.full_name,
            due=one_month_after(timezone.localdate(request.requested_at)),
            url=reverse("correction_answer", args=[request.pk]),
        )
        for request in correction_open_for(user=user, limit=LIMIT)
    ]
