"""The service rhythm's contacts that follow from policies (docs/domain.md §6, decisions.md #127-#128): the welcome
call of a new policyholder and the yearly prevention check. The rhythm itself (dates, creating, reminders,
completing) is cases.rhythm's, which knows no policy; this module decides which policies get a contact.

Imported by PremiumsConfig.ready: registers its two parts of the daily sweep (cases.rhythm.services.contact_source).
premiums.services.policy_create calls policy_welcome_call_create for a new policy, on commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from cases.rhythm.models import ContactKind, ServiceContact
from cases.rhythm.services import (
    CATCH_UP_DAYS,
    WELCOME_CALL_DAYS,
    contact_source,
    policy_year_on,
    prevention_check_due,
    service_contact_welcome_call_create,
    welcome_call_due,
)
from premiums.models import Policy, PolicyStatus


def _earlier_policies(employer_id: Any, start_date: Any) -> QuerySet[Policy]:
    """A policyholder is new only once: a later policy of the same employer (another product, a restart) gets
    no second welcome call."""
    return Policy.objects.filter(employer_id=employer_id, start_date__lt=start_date)


def policy_welcome_call_create(*, policy: Policy) -> ServiceContact | None:
    """The welcome call of an active policy that is the employer's first; None when it gets none or has it."""
    if policy.status != PolicyStatus.ACTIVE or _earlier_policies(policy.employer_id, policy.start_date).exists():
        return None
    return service_contact_welcome_call_create(
        policy_id=policy.pk, employer_id=policy.employer_id, start_date=policy.start_date
    )


@contact_source
def welcome_calls_missing(today: dt.date) -> list[ServiceContact]:
    earliest_start = today - dt.timedelta(days=CATCH_UP_DAYS + WELCOME_CALL_DAYS)
    policies = (
        Policy.objects.filter(status=PolicyStatus.ACTIVE, start_date__gte=earliest_start)
        .exclude(service_contacts__kind=ContactKind.WELCOME_CALL)
        .exclude(Exists(_earlier_policies(OuterRef("employer_id"), OuterRef("start_date"))))
    )
    return [
        ServiceContact(
            kind=ContactKind.WELCOME_CALL,
            employer_id=employer_id,
            policy_id=policy_id,
            due_date=welcome_call_due(start),
            casemanager_id=casemanager_id,
        )
        for policy_id, employer_id, start, casemanager_id in policies.values_list(
            "pk", "employer_id", "start_date", "employer__casemanager_id"
        )
    ]


@contact_source
def prevention_checks_missing(today: dt.date) -> list[ServiceContact]:
    """The check of the policy year running today, for every active policy in force. Earlier years' checks were
    created when those years ran; a check of a year long gone cannot be held any more."""
    policies = list(
        Policy.objects.filter(status=PolicyStatus.ACTIVE, start_date__lte=today)
        .exclude(end_date__lte=today)
        .values_list("pk", "employer_id", "start_date", "employer__casemanager_id")
    )
    wanted = []
    for policy_id, employer_id, start, casemanager_id in policies:
        year = policy_year_on(start, today)
        assert year is not None
        wanted.append(
            ServiceContact(
                kind=ContactKind.PREVENTION_CHECK,
                employer_id=employer_id,
                policy_id=policy_id,
                policy_year=year,
                due_date=prevention_check_due(start, year),
                casemanager_id=casemanager_id,
            )
        )
    existing = set(
        ServiceContact.objects.filter(
            kind=ContactKind.PREVENTION_CHECK, policy__in=Policy.objects.filter(status=PolicyStatus.ACTIVE)
        ).values_list("policy_id", "policy_year")
    )
    return [c for c in wanted if (c.policy_id, c.policy_year) not in existing]
