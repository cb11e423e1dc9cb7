"""Premium and claim queues in "Mijn taken" (verzuim.plugins.task_source; issue 20 item 1). Imported by
PremiumsConfig.ready.

Four eyes: insurer staff see the premium calculations submitted by a colleague and the claims a colleague
calculated, each queue as one task with the number waiting and the date of the oldest (a queue has no due date of
its own); the approved claims to pay as a third. Three queries, whatever the number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from premiums.claims.models import Claim, ClaimStatus
from premiums.models import CalculationStatus, PremiumCalculation
from verzuim.models import Role, User
from verzuim.plugins import Task, task_source


def _queue(key: str, action: str, subject: str, oldest: dt.datetime | None, url: str) -> Task:
    """A queue is a task without a due date; the subject says how old its oldest item is."""
    if oldest is not None:
        subject = _("%(subject)s; de oudste van %(date)s") % {
            "subject": subject,
            "date": f"{timezone.localtime(oldest).date():%d-%m-%Y}",
        }
    return Task(key=key, action=action, subject=subject, due=None, url=url)


@task_source
def premium_tasks(user: User, today: dt.date) -> Iterable[Task]:
    if user.role != Role.INSURER:
        return []
    tasks = []
    premiums = PremiumCalculation.objects.filter(status=CalculationStatus.SUBMITTED).exclude(submitted_by=user)
    waiting = premiums.aggregate(n=Count("pk"), oldest=Min("submitted_at"))
    if waiting["n"]:
        tasks.append(
            _queue(
                "premium-review",
                ngettext(
                    "%(count)s premieberekening beoordelen", "%(count)s premieberekeningen beoordelen", waiting["n"]
                )
                % {"count": waiting["n"]},
                _("Ingediend door een collega (vier ogen)"),
                waiting["oldest"],
                reverse("premium_review_queue"),
            )
        )
    claims = Claim.objects.filter(status=ClaimStatus.CALCULATED).exclude(created_by=user)
    waiting = claims.aggregate(n=Count("pk"), oldest=Min("created_at"))
    if waiting["n"]:
        tasks.append(
            _queue(
                "claim-approve",
                ngettext("%(count)s declaratie goedkeuren", "%(count)s declaraties goedkeuren", waiting["n"])
                % {"count": waiting["n"]},
                _("Berekend door een collega (vier ogen)"),
                waiting["oldest"],
                f"{reverse('claim_overview')}?{urlencode({'status': ClaimStatus.CALCULATED})}",
            )
        )
    payable = Claim.objects.filter(status=ClaimStatus.APPROVED).aggregate(n=Count("pk"), oldest=Min("approved_at"))
    if payable["n"]:
        tasks.append(
            _queue(
                "claim-pay",
                ngettext("%(count)s declaratie uitbetalen", "%(count)s declaraties uitbetalen", payable["n"])
                % {"count": payable["n"]},
                _("Goedgekeurd, nog niet betaald"),
                payable["oldest"],
                f"{reverse('claim_overview')}?{urlencode({'status': ClaimStatus.APPROVED})}",
            )
        )
    return tasks
