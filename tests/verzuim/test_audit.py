"""The audit log is append-only: in Python, and on PostgreSQL in the database itself."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import EmployeeFactory, UserFactory
from verzuim import selectors
from verzuim.audit import audit_record, audit_record_many
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


def test_many_rows_in_one_statement_are_the_rows_one_call_each_writes(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    """audit_record_many (one INSERT from arrays on PostgreSQL) stores what audit_record stores row by row: the
    actor, the employer, the changes (NUL characters left out) and an empty employer where there is none."""
    user = UserFactory()
    changes = [{"first_name": [None, "Anna"]}, {"note": [None, "a\x00b"], "hours": ["36.00", "32.00"]}]
    rows = [("e-1", user.employer, changes[0]), ("e-2", None, changes[1])]
    with django_assert_num_queries(1):
        assert audit_record_many(actor=user, action=AuditAction.CREATE, object_type="employee", rows=rows) == 2
    for object_id, employer, change in rows:
        audit_record(actor=user, action=AuditAction.CREATE, object_type="employee_single", object_id=object_id,
                     employer=employer, changes=change)  # fmt: skip

    def stored(object_type: str) -> list[tuple[object, ...]]:
        fields = ("actor", "api_key", "actor_email", "action", "object_id", "employer", "changes")
        return list(AuditLog.objects.filter(object_type=object_type).order_by("object_id").values_list(*fields))

    assert stored("employee") == stored("employee_single")
    assert stored("employee")[1][-1] == {"note": [None, "ab"], "hours": ["36.00", "32.00"]}
    assert AuditLog.objects.filter(object_type="employee").values("at").distinct().count() == 1
