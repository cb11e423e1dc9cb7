"""Interventions in "Mijn taken" (verzuim.plugins.task_source; issue 20 item 1). Imported by CasesConfig.ready.

Insurer staff see the review queue as one task without a due date (how many requests wait, and since when); the
casemanager sees each finished intervention whose provider they have not scored yet, due a week after it ended.
One query each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.absence.models import AbsenceCase
from cases.absence.selectors import case_scope
from cases.interventions.models import Intervention, InterventionStatus
from verzuim.models import Role, User
from verzuim.plugins import Task, task_source

SCORE_WITHIN_DAYS = 7
LIMIT = 200


@task_source
def intervention_tasks(user: User, today: dt.date) -> Iterable[Task]:
    if user.role == Role.INSURER:
        waiting = list(
            Intervention.objects.filter(status=InterventionStatus.REQUESTED)
            .order_by("requested_at")
            .values_list("requested_at", flat=True)[:LIMIT]
        )
        if not waiting:
            return []
        count = len(waiting)
        return [
            Task(
                key="intervention-review",
                action=ngettext("%(count)s interventie beoordelen", "%(count)s interventies beoordelen", count)
                % {"count": count},
                subject=_("Aanvragen van casemanagers; de oudste van %(date)s")
                % {"date": f"{timezone.localtime(waiting[0]).date():%d-%m-%Y}"},
                due=None,
                url=reverse("intervention_review_queue"),
            )
        ]
    if user.role != Role.CASEMANAGER:
        return []
    cases = AbsenceCase.objects.filter(case_scope(user=user)).values("pk")
    unscored = (
        Intervention.objects.filter(case__in=cases, status=InterventionStatus.FINISHED, score__isnull=True)
        .exclude(provider__isnull=True)
        .select_related("case__employee", "case__employer", "provider")
        .order_by("finished_on", "pk")[:LIMIT]
    )
    return [
        Task(
            key=f"intervention-score-{intervention.pk}",
            action=_("Aanbieder beoordelen: %(provider)s") % {"provider": intervention.provider.name},
            subject=f"{intervention.case.employee.full_name} ({intervention.case.employer.name})",
            due=(intervention.finished_on + dt.timedelta(days=SCORE_WITHIN_DAYS)) if intervention.finished_on else None,
            url=reverse("case_interventions", args=[intervention.case_id]),
        )
        for intervention in unscored
        if intervention.provider is not None
    ]
