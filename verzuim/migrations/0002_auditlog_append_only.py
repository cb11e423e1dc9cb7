"""The audit log refuses UPDATE and DELETE in the database itself, not only in Python."""

from django.db import migrations

POSTGRESQL = """
CREATE OR REPLACE FUNCTION verzuim_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'verzuim_auditlog is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER verzuim_auditlog_append_only
    BEFORE UPDATE OR DELETE ON verzuim_auditlog
    FOR EACH ROW EXECUTE FUNCTION verzuim_auditlog_append_only();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS verzuim_auditlog_append_only ON verzuim_auditlog;
DROP FUNCTION IF EXISTS verzuim_auditlog_append_only();
"""
# SQLite (development only) guards against UPDATE; DELETE stays possible there because Django's
# test flush empties tables with DELETE, where PostgreSQL uses TRUNCATE (which row triggers ignore).
SQLITE = [
    """CREATE TRIGGER verzuim_auditlog_no_update BEFORE UPDATE ON verzuim_auditlog
       BEGIN SELECT RAISE(ABORT, 'verzuim_auditlog is append-only'); END;""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS verzuim_auditlog_no_update;"]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("verzuim", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
