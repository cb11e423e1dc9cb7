"""The physician's spreekuren in "Mijn taken" (verzuim.plugins.task_source; issue 20 items 1 and 4). Imported by
CasesConfig.ready.

A planned spreekuur is a task of the occupational physician of the case's employer: "Spreekuur met <naam> houden"
on its day, from four weeks ahead; once its time has passed without an outcome, "Uitkomst spreekuur vastleggen"
(due the same day, so it shows as overdue the day after). Recording the outcome, the no-show or the cancellation
ends both at once. One query, whatever the number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase
from cases.absence.selectors import case_scope
from cases.medical.models import Consultation, ConsultationStatus
from verzuim.models import Role, User
from verzuim.plugins import Task, task_source

HORIZON_DAYS = 28
LIMIT = 200


@task_source
def consultation_tasks(user: User, today: dt.date) -> Iterable[Task]:
    if user.role != Role.OCCUPATIONAL_PHYSICIAN:
        return []
    visible = AbsenceCase.objects.filter(case_scope(user=user)).values("pk")
    zone = timezone.get_default_timezone()
    until = dt.datetime.combine(today + dt.timedelta(days=HORIZON_DAYS + 1), dt.time.min, tzinfo=zone)
    consultations = (
        Consultation.objects.filter(case__in=visible, status=ConsultationStatus.PLANNED, starts_at__lt=until)
        .select_related("case__employee", "case__employer")
        .order_by("starts_at", "pk")[:LIMIT]
    )
    now = timezone.now()
    tasks = []
    for consultation in consultations:
        case = consultation.case
        starts = consultation.starts_at.astimezone(zone)
        subject = f"{case.employee.full_name} ({case.employer.name})"
        if consultation.starts_at <= now:
            action = _("Uitkomst spreekuur vastleggen")
            url = reverse("case_consultation_outcome", args=[case.pk, consultation.pk])
        else:
            action = _("Spreekuur met %(name)s houden om %(time)s") % {
                "name": case.employee.full_name,
                "time": f"{starts:%H:%M}",
            }
            url = f"{reverse('case_medical', args=[case.pk])}#spreekuur-{consultation.pk}"
        tasks.append(
            Task(key=f"consultation-{consultation.pk}", action=action, subject=subject, due=starts.date(), url=url)
        )
    return tasks
