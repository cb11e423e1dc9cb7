"""'Mijn taken' for insurer staff (issue 20 item 1): the four-eyes queues, never one's own work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from premiums import services
from premiums.claims import services as services_claims
from premiums.models import PremiumCalculation
from tests.premiums.claims_factories import TODAY, insured_employer, sick_case
from tests.premiums.test_calculations import CALCULATED_ON, construction_firm
from verzuim.models import Role, User
from verzuim.plugins import tasks_for

pytestmark = pytest.mark.django_db
MakeUser = Callable[..., User]


def actions(user: User) -> list[str]:
    return [task.action for task in tasks_for(user, timezone.localdate())]


def test_a_colleagues_submitted_premium_is_a_task_for_the_others_only(make_user: MakeUser) -> None:
    author, reviewer = make_user(Role.INSURER), make_user(Role.INSURER)
    construction_firm()
    services.premium_renew(year=2027, today=CALCULATED_ON)
    draft = PremiumCalculation.objects.get()
    assert "1 premieberekening beoordelen" not in actions(reviewer)
    services.premium_submit(submitted_by=author, calculation=draft)
    assert "1 premieberekening beoordelen" in actions(reviewer)
    assert "1 premieberekening beoordelen" not in actions(author)
    services.premium_approve(reviewed_by=reviewer, calculation=draft)
    assert "1 premieberekening beoordelen" not in actions(reviewer)


def test_claims_to_approve_and_to_pay(make_user: MakeUser, employer_user: User) -> None:
    calculator, approver = make_user(Role.INSURER), make_user(Role.INSURER)
    case = sick_case(employer=insured_employer(employer=employer_user.employer))
    claim = services_claims.claim_create(
        created_by=calculator, case=case, period_start=dt.date(2026, 1, 5), period_end=dt.date(2026, 1, 30), today=TODAY
    )
    assert "1 declaratie goedkeuren" in actions(approver)
    assert "1 declaratie goedkeuren" not in actions(calculator)
    services_claims.claim_approve(approved_by=approver, claim=claim)
    assert "1 declaratie goedkeuren" not in actions(approver)
    assert "1 declaratie uitbetalen" in actions(calculator)
    task = next(t for t in tasks_for(calculator, timezone.localdate()) if t.key == "claim-pay")
    assert task.due is None
    assert task.url == "/declaraties/?status=approved"


def test_other_roles_get_no_insurer_queues(make_user: MakeUser, employer_user: User) -> None:
    author = make_user(Role.INSURER)
    construction_firm()
    services.premium_renew(year=2027, today=CALCULATED_ON)
    services.premium_submit(submitted_by=author, calculation=PremiumCalculation.objects.get())
    for role in (Role.CASEMANAGER, Role.COMPLAINT_HANDLER, Role.ADMIN):
        assert actions(make_user(role)) == []
    assert actions(employer_user) == []
