"""Celery tasks of premiums: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from premiums import services

# From this day of the year (month, day) the renewal drafts next year's premiums; daily from then on, so a
# missed day (outage) or a policy added later is picked up by the next run, and a renewed policy is skipped.
RENEWAL_FROM = (11, 1)


@shared_task(name="premiums.tasks.premium_renewal")
def premium_renewal() -> int:
    today = timezone.localdate()
    if (today.month, today.day) < RENEWAL_FROM:
        return 0
    return services.premium_renew(year=today.year + 1, today=today).created
