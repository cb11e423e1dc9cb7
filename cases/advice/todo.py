"""Advice follow-ups in "Mijn taken" (verzuim.plugins.task_source; issue 20 item 1). Imported by CasesConfig.ready.

An advice to the employer (from the physician or the casemanager) has a date by which it is carried out; until a
follow-up says "uitgevoerd", the employer and the casemanager see it as a task from four weeks before that date.
One query, whatever the number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.absence.selectors import case_names_related, open_cases_of
from cases.advice.models import Advice, Followup, FollowupStatus
from cases.advice.selectors import FOLLOWUP_ROLES
from verzuim.models import Role, User
from verzuim.plugins import Task, task_source

HORIZON_DAYS = 28
SUMMARY_WORDS = 8
LIMIT = 200


@task_source
def advice_tasks(user: User, today: dt.date) -> Iterable[Task]:
    if user.role not in FOLLOWUP_ROLES:
        return []
    done = Exists(Followup.objects.filter(advice=OuterRef("pk"), status=FollowupStatus.DONE))
    advices = (
        Advice.objects.filter(open_cases_of(user=user), due_date__lte=today + dt.timedelta(days=HORIZON_DAYS))
        .exclude(done)
        .select_related(*case_names_related(user=user))
        .order_by("due_date", "pk")[:LIMIT]
    )
    tasks = []
    for advice in advices:
        case = advice.case
        subject = case.employee.full_name
        if user.role != Role.EMPLOYER:
            subject = f"{subject} ({case.employer.name})"
        summary = Truncator(advice.text).words(SUMMARY_WORDS, truncate="…")
        tasks.append(
            Task(
                key=f"advice-{advice.pk}",
                action=_("Advies opvolgen: %(advice)s") % {"advice": summary},
                subject=subject,
                due=advice.due_date,
                url=reverse("case_advice", args=[case.pk]),
            )
        )
    return tasks
