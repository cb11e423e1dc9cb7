"""Open follow-ups of the contact log in "Mijn taken" (verzuim.plugins.task_source; issue 20 items 1 and 3).
Imported by CasesConfig.ready.

An open follow-up is a task of the casemanager whose to-do it is (selectors.followup_owner_id: the case's
casemanager, or the one who logged it when the case has none), from four weeks before its date, on cases they may
see; also after the case closed, since a follow-up may be a call after the recovery. It disappears the moment it is
marked done. The task names the contact (channel, with whom, date), never the summary. One query, whatever the
number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase
from cases.absence.selectors import case_scope
from cases.contacts.models import ContactMoment
from verzuim.models import Role, User
from verzuim.plugins import Task, task_source

HORIZON_DAYS = 28
LIMIT = 200


@task_source
def contact_followup_tasks(user: User, today: dt.date) -> Iterable[Task]:
    if user.role != Role.CASEMANAGER:
        return []
    visible = AbsenceCase.objects.filter(case_scope(user=user)).values("pk")
    contacts = (
        ContactMoment.objects.filter(
            Q(case__casemanager=user) | Q(case__casemanager__isnull=True, recorded_by=user),
            case__in=visible,
            followup_date__isnull=False,
            followup_done_on__isnull=True,
            followup_date__lte=today + dt.timedelta(days=HORIZON_DAYS),
        )
        .select_related("case__employee", "case__employer")
        .order_by("followup_date", "pk")[:LIMIT]
    )
    tasks = []
    for contact in contacts:
        case = contact.case
        tasks.append(
            Task(
                key=f"contact-{contact.pk}",
                action=_("Contactmoment opvolgen: %(channel)s met %(party)s van %(date)s")
                % {
                    "channel": contact.get_channel_display().lower(),
                    "party": contact.get_party_display().lower(),
                    "date": contact.contact_date.strftime("%d-%m-%Y"),
                },
                subject=f"{case.employee.full_name} ({case.employer.name})",
                due=contact.followup_date,
                url=reverse("case_contacts", args=[case.pk]),
            )
        )
    return tasks
