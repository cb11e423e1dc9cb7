"""Writing audit rows: one function, called by selectors on reads and by services on changes.

A call by a machine client acts as an unsaved employer user that carries its key (verzuim.api_keys.key_actor):
its rows name the key (AuditLog.api_key) and no user; actor_email says which key it was, for a reader of the log."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.utils import timezone

from verzuim.models import AuditAction, AuditLog, Employer, User


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    object_type: str,
    object_id: Any = "",
    employer: Employer | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditLog:
    api_key = getattr(actor, "api_key", None)
    return AuditLog.objects.create(
        actor=None if api_key else actor,
        api_key=api_key,
        actor_email=actor.email if actor else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        employer=employer,
        changes=_storable(changes or {}),
    )


def _storable(value: Any) -> Any:
    """The changes as PostgreSQL can store them: jsonb holds no NUL character (\\u0000), which a request's raw
    query string can carry (e.g. a list filter); those characters are left out, the rest is kept as asked."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    return value


def audit_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Changed fields as {field: [old, new]}, JSON-safe."""
    return {
        name: [None if before.get(name) is None else str(before.get(name)), None if value is None else str(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def audit_record_many(
    *,
    actor: User | None,
    action: AuditAction,
    object_type: str,
    rows: list[tuple[Any, Employer | None, dict[str, Any]]],
) -> int:
    """One audit row per (object id, employer, changes), written in one INSERT: for a job that changes many
    records at once (the retention sweep, a roster sync), so its query count does not grow with the number of
    records. Returns the number of rows written.

    On PostgreSQL the rows travel as three arrays that one `INSERT ... SELECT ... FROM unnest(...)` spreads out:
    the same rows as `bulk_create` writes, without Django preparing every field of every row (for the 500 audit
    rows of a roster sync that preparation cost as much as the INSERT of the employees themselves;
    bench/RESULTS.md, "Roster sync"). The changes are serialised as the model's JSONField does (json.dumps, no
    encoder), so a value it would refuse is refused here too. Other databases (SQLite for `make run`) take
    `bulk_create`."""
    if not rows:
        return 0
    api_key = getattr(actor, "api_key", None)
    actor_email = actor.email if actor else ""
    if connection.vendor != "postgresql":
        AuditLog.objects.bulk_create(
            [
                AuditLog(
                    actor=None if api_key else actor,
                    api_key=api_key,
                    actor_email=actor_email,
                    action=action,
                    object_type=object_type,
                    object_id=str(object_id or ""),
                    employer=employer,
                    changes=_storable(changes),
                )
                for object_id, employer, changes in rows
            ]
        )
        return len(rows)
    sql = (
        f"INSERT INTO {AuditLog._meta.db_table} "  # noqa: S608 (the table name is the model's own)
        "(at, actor_id, api_key_id, actor_email, action, object_type, object_id, employer_id, changes) "
        "SELECT %s, %s, %s, %s, %s, %s, row.object_id, row.employer_id, row.changes "
        "FROM unnest(%s::varchar[], %s::uuid[], %s::jsonb[]) AS row(object_id, employer_id, changes)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                timezone.now(),
                None if api_key or actor is None else str(actor.pk),
                str(api_key.pk) if api_key else None,
                actor_email,
                str(action),
                object_type,
                [str(object_id or "") for object_id, _employer, _changes in rows],
                [str(employer.pk) if employer else None for _object_id, employer, _changes in rows],
                [json.dumps(_storable(changes)) for _object_id, _employer, changes in rows],
            ],
        )
    return len(rows)
