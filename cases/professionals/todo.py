"""Registrations and certificates in "Mijn taken" (verzuim.plugins.task_source; issue 20 item 1: insurer staff,
"registrations expiring"). Imported by CasesConfig.ready.

Insurer staff keep the registry: every casemanager, physician, labour expert and arbodienst whose registration or
certificate has expired, is missing, or ends within 60 days (selectors.registry_attention, the same list as the
dashboard's "Registraties en certificaten") is a task, due on its last valid day (a missing one has no date). A
casemanager without a valid registration cannot be assigned (the registry's rules: decisions 84-89 in
docs/decisions.md), so the task comes in time to record the renewal. The task links to the admin page where the
registry is kept. Seven queries, whatever the number (the registry list).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cases.professionals import selectors
from cases.professionals.registration import Status
from cases.professionals.selectors import RegistryItem
from verzuim.models import Role, User
from verzuim.plugins import Task, task_source


def _url(item: RegistryItem) -> str:
    """The admin page where the renewal is recorded (registrations are added, never edited)."""
    if item.kind == Role.CASEMANAGER:
        return f"{reverse('admin:cases_casemanagerregistration_add')}?{urlencode({'user': item.id})}"
    if item.kind == Role.OCCUPATIONAL_PHYSICIAN:
        return f"{reverse('admin:cases_physicianregistration_add')}?{urlencode({'user': item.id})}"
    if item.kind == "labour_expert":
        return reverse("admin:cases_labourexpert_change", args=[item.id])
    return reverse("admin:cases_arbodienst_change", args=[item.id])


def _action(item: RegistryItem) -> str:
    if item.kind == "arbodienst":
        return _("Nieuw certificaat vastleggen") if item.last_day else _("Certificaat vastleggen")
    if item.standing.status in (Status.CERTIFICATE_MISSING, Status.CERTIFICATE_EXPIRED):
        return _("Registratie controleren: certificaat van de arbodienst")
    return _("Nieuwe registratie vastleggen") if item.last_day else _("Registratie vastleggen")


@task_source
def registry_tasks(user: User, today: dt.date) -> Iterable[Task]:
    if user.role != Role.INSURER:
        return []
    return [
        Task(
            key=f"registry-{item.kind}-{item.id}",
            action=_action(item),
            subject=f"{item.name} ({item.kind_label}): {item.status_text}",
            due=item.last_day,
            url=_url(item),
        )
        for item in selectors.registry_attention(fetched_by=user, today=today)
    ]
