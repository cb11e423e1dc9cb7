"""A new policy goes through premiums.services.policy_create: an audit row, and on commit the welcome call of a new
policyholder (docs/domain.md §6; the service rhythm itself is tested in tests/cases/test_rhythm.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from cases.rhythm.models import ContactKind, ServiceContact
from premiums.models import Policy
from premiums.services import policy_create
from tests.factories import EmployerFactory, PolicyFactory, ProductFactory
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
OnCommit = Callable[..., Any]


def test_a_new_policy_is_audited_and_gets_its_welcome_call_on_commit(
    make_user: MakeUser, django_capture_on_commit_callbacks: OnCommit
) -> None:
    admin = make_user(Role.ADMIN)
    employer = EmployerFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        policy = policy_create(
            created_by=admin,
            policy=PolicyFactory.build(employer=employer, product=ProductFactory(), start_date=dt.date(2026, 12, 1)),
        )
        assert not ServiceContact.objects.exists()  # not before the policy is committed
    for callback in callbacks:
        callback()
    contact = ServiceContact.objects.get()
    assert (contact.kind, contact.policy, contact.due_date) == (ContactKind.WELCOME_CALL, policy, dt.date(2026, 12, 29))
    audit = AuditLog.objects.get(object_type="policy")
    assert (audit.actor, audit.action, audit.object_id) == (admin, "create", str(policy.pk))


def test_only_an_admin_or_a_load_without_a_user_creates_a_policy(make_user: MakeUser) -> None:
    with pytest.raises(PermissionDenied):
        policy_create(created_by=make_user(Role.INSURER), policy=PolicyFactory.build(product=ProductFactory()))
    assert not Policy.objects.exists()


def test_a_policy_added_in_the_admin_gets_its_welcome_call(
    make_user: MakeUser, staff_login: Callable[[User], Any], django_capture_on_commit_callbacks: OnCommit
) -> None:
    client = staff_login(make_user(Role.ADMIN, is_staff=True, is_superuser=True))
    employer = EmployerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/premiums/policy/add/",
            {
                "policy_number": "VOV-ADMIN-1",
                "employer": employer.pk,
                "product": ProductFactory().pk,
                "start_date": "01-12-2026",
                "waiting_days": 10,
                "coverage": "100/70",
                "status": "active",
                "employer_charges_pct": "0",
                "payment_term": "year",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = Policy.objects.get(policy_number="VOV-ADMIN-1")
    assert ServiceContact.objects.get().policy == policy
    assert AuditLog.objects.filter(object_type="policy", object_id=str(policy.pk)).exists()
