"""Writing audit rows: one function, called by selectors on reads and by services on changes.

A call by a machine client acts as an unsaved employer user that carries its key (verzuim.api_keys.key_actor):
its rows name the key (AuditLog.api_key) and no user; actor_email says which key it was, for a reader of the log."""

from __future__ import annotations

from typing import Any

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
) -> list[AuditLog]:
    """One audit row per (object id, employer, changes), written in one INSERT: for a job that changes many
    records at once (the retention sweep), so its query count does not grow with the number of records."""
    api_key = getattr(actor, "api_key", None)
    return AuditLog.objects.bulk_create(
        [
            AuditLog(
                actor=None if api_key else actor,
                api_key=api_key,
                actor_email=actor.email if actor else "",
                action=action,
                object_type=object_type,
                object_id=str(object_id or ""),
                employer=employer,
                changes=_storable(changes),
            )
            for object_id, employer, changes in rows
        ]
    )
