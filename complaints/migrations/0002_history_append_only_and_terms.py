"""A complaint's history refuses UPDATE and DELETE in the database itself; the default terms are seeded."""

from django.db import migrations

from complaints.seed import seed

POSTGRESQL = """
CREATE OR REPLACE FUNCTION complaints_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'complaints_complaintevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER complaints_event_append_only
    BEFORE UPDATE OR DELETE ON complaints_complaintevent
    FOR EACH ROW EXECUTE FUNCTION complaints_event_append_only();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS complaints_event_append_only ON complaints_complaintevent;
DROP FUNCTION IF EXISTS complaints_event_append_only();
"""
# SQLite (development only) guards against UPDATE; DELETE stays possible there because Django's test flush
# empties tables with DELETE, where PostgreSQL uses TRUNCATE (which row triggers ignore).
SQLITE = [
    """CREATE TRIGGER complaints_event_no_update BEFORE UPDATE ON complaints_complaintevent
       BEGIN SELECT RAISE(ABORT, 'complaints_complaintevent is append-only'); END;""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS complaints_event_no_update;"]


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
    dependencies = [("complaints", "0001_initial")]
    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
