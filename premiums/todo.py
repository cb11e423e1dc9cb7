"""Premium and claim queues in "Mijn taken" (verzuim.plugins.task_source; issue 20 item 1). Imported by
PremiumsConfig.ready.

Four eyes: insurer staff see the premium calculations submitted by a colleague and the claims a colleague
calculated, each queue as one task with the number waiting and the date of the oldest (a queue has no due date of
its own); the approved claims to pay as a third. Three queries, whatever the number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Min, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from premiums.claims.models import Claim, ClaimStatus
from premiums.models import CalculationStatus, PremiumCalculation
from verzuim.models import Role, User
from verzuim.plugins import Task, task_source


@dataclass(frozen=True)
class _Queue:
    key: str
    waiting: QuerySet[Any]  # what waits in the queue
    since: str  # the moment each item joined it
    action: Callable[[int], str]  # "3 declaraties goedkeuren"
    subject: str
    url: str


def _queue_task(queue: _Queue) -> Task | None:
    """A queue is one task without a due date; the subject says how old its oldest item is."""
    found = queue.waiting.aggregate(n=Count("pk"), oldest=Min(queue.since))
    if not found["n"]:
        return None
    subject = queue.subject
    if found["oldest"] is not None:
        subject = _("%(subject)s; de oudste van %(date)s") % {
            "subject": subject,
            "date": f"{timezone.localtime(found['oldest']).date():%d-%m-%Y}",
        }
    return Task(key=queue.key, action=queue.action(found["n"]), subject=subject, due=None, url=queue.url)


def _claims_url(status: str) -> str:
    return f"{reverse('claim_overview')}?{urlencode({'status': status})}"


@task_source
def premium_tasks(user: User, today: dt.date) -> Iterable[Task]:
    if user.role != Role.INSURER:
        return []
    queues = (
        _Queue(
            "premium-review",
            PremiumCalculation.objects.filter(status=CalculationStatus.SUBMITTED).exclude(submitted_by=user),
            "submitted_at",
            lambda n: (
                ngettext("%(count)s premieberekening beoordelen", "%(count)s premieberekeningen beoordelen", n)
                % {"count": n}
            ),
            _("Ingediend door een collega (vier ogen)"),
            reverse("premium_review_queue"),
        ),
        _Queue(
            "claim-approve",
            Claim.objects.filter(status=ClaimStatus.CALCULATED).exclude(created_by=user),
            "created_at",
            lambda n: ngettext("%(count)s declaratie goedkeuren", "%(count)s declaraties goedkeuren", n) % {"count": n},
            _("Berekend door een collega (vier ogen)"),
            _claims_url(ClaimStatus.CALCULATED),
        ),
        _Queue(
            "claim-pay",
            Claim.objects.filter(status=ClaimStatus.APPROVED),
            "approved_at",
            lambda n: ngettext("%(count)s declaratie uitbetalen", "%(count)s declaraties uitbetalen", n) % {"count": n},
            _("Goedgekeurd, nog niet betaald"),
            _claims_url(ClaimStatus.APPROVED),
        ),
    )
    return [task for queue in queues if (task := _queue_task(queue)) is not None]
