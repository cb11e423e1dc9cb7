"""The core's own dashboard panels (verzuim.plugins): "Mijn taken" for every role, first on the page, and the
employer's employees card; and the core's own task source, the failed reminders and mails for insurer staff.
Imported by VerzuimConfig.ready."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verzuim import mail, notifications, selectors
from verzuim.models import Role, User
from verzuim.plugins import Task, dashboard_panel, dashboard_panel_add, task_source, tasks_for
from verzuim.task_count import task_count_remember

TASKS_SHOWN = 25  # the rest is counted ("en nog 12 taken")
DUE_SOON_DAYS = 7


def task_status(task: Task, today: dt.date) -> str:
    """overdue, today, soon (within a week), later or undated: the badge of a task."""
    if task.due is None:
        return "undated"
    if task.due < today:
        return "overdue"
    if task.due == today:
        return "today"
    return "soon" if (task.due - today).days <= DUE_SOON_DAYS else "later"


@dashboard_panel(name="tasks", template="verzuim/panels/tasks.html", roles=set(Role), order=0)
def my_tasks(user: User) -> Mapping[str, Any]:
    today = timezone.localdate()
    tasks = tasks_for(user, today)
    # The menu's count on this very page (and the next ones, for a minute) is this inbox's.
    task_count_remember(user=user, today=today, count=len(tasks))
    rows = [{"task": task, "status": task_status(task, today)} for task in tasks[:TASKS_SHOWN]]
    return {"rows": rows, "more": max(len(tasks) - TASKS_SHOWN, 0), "total": len(tasks)}


@dashboard_panel(
    name="employees", template="verzuim/panels/employees_card.html", roles={Role.EMPLOYER}, slot="cards", order=20
)
def employees_card(user: User) -> Mapping[str, Any]:
    # A number is no personal data: no audit row.
    return {"employee_count": selectors.employee_count_in_service(fetched_by=user)}


@task_source
def failed_mail_tasks(user: User, today: dt.date) -> list[Task]:
    """Insurer staff: reminders and mails the outbox gave up on, one undated task (two counts)."""
    if user.role != Role.INSURER:
        return []
    failed = notifications.notification_failed_list(fetched_by=user).count() + mail.mail_failed_list().count()
    if not failed:
        return []
    action = ngettext(
        "%(count)s mislukte herinnering of e-mail opnieuw versturen",
        "%(count)s mislukte herinneringen en e-mails opnieuw versturen",
        failed,
    ) % {"count": failed}
    return [
        Task(
            key="failed-mail",
            action=action,
            subject=_("Het versturen is na meerdere pogingen opgegeven"),
            due=None,
            url=reverse("notification_failed_list"),
        )
    ]


# Insurer staff and the admin reach the log of every employer's roster syncs (verzuim.roster) from their start page;
# an employer user from the employees page.
dashboard_panel_add(
    name="roster_sync_log",
    template="verzuim/panels/roster_sync_link.html",
    roles={Role.INSURER, Role.ADMIN},
    slot="links",
    order=95,
)


# Insurer staff manage every employer's API keys and see the event subscriptions on Koppelingen; the link is on their
# start page (an employer user has it in the account menu).
dashboard_panel_add(
    name="api_keys_link",
    template="verzuim/panels/api_keys_link.html",
    roles={Role.INSURER},
    slot="links",
    order=96,
)
