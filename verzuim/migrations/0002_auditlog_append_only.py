"""On PostgreSQL the audit log refuses UPDATE and DELETE in the database itself, not only in Python."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION verzuim_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'verzuim_auditlog is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER verzuim_auditlog_append_only
    BEFORE UPDATE OR DELETE ON verzuim_auditlog
    FOR EACH ROW EXECUTE FUNCTION verzuim_auditlog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS verzuim_auditlog_append_only ON verzuim_auditlog;
DROP FUNCTION IF EXISTS verzuim_auditlog_append_only();
"""


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("verzuim", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
