"""The audit log is append-only: in Python, and on PostgreSQL in the database itself."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import EmployeeFactory, UserFactory
from verzuim import selectors
from verzuim.audit import audit_record
from verzuim.models import AuditAction, AuditLog

pytestmark = pytest.mark.django_db


def test_audit_row_cannot_be_changed_or_deleted_through_the_orm() -> None:
    row = audit_record(actor=None, action=AuditAction.READ, object_type="employee", object_id="x")
    row.object_id = "y"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=row.pk).update(object_id="y")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.get(pk=row.pk).object_id == "x"


def test_database_refuses_update_of_audit_rows() -> None:
    row = audit_record(actor=None, action=AuditAction.READ, object_type="employee", object_id="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE verzuim_auditlog SET object_id = 'y'")
    assert AuditLog.objects.get(pk=row.pk).object_id == "x"


def test_raw_delete_of_audit_rows_is_refused_by_postgresql() -> None:
    """Production's database refuses DELETE; SQLite (development only) keeps it for Django's test flush."""
    row = audit_record(actor=None, action=AuditAction.READ, object_type="employee", object_id="x")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM verzuim_auditlog")
        assert AuditLog.objects.filter(pk=row.pk).exists()
    else:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM verzuim_auditlog")
        assert not AuditLog.objects.filter(pk=row.pk).exists()


def test_reading_an_employee_records_who_read_what() -> None:
    user = UserFactory()
    employee = EmployeeFactory(employer=user.employer)
    selectors.employee_get(fetched_by=user, employee_id=employee.pk)
    row = AuditLog.objects.get()
    assert (row.actor, row.action, row.object_type, row.object_id, row.employer) == (
        user,
        "read",
        "employee",
        str(employee.pk),
        user.employer,
    )
