"""Make the moderation audit log append-only in the database itself (PostgreSQL).

The model already refuses updates and deletes; the trigger stops anything that bypasses the
model (raw SQL, a bulk update, a future bug). SQLite, used only for trying the product out,
relies on the model's guard. TRUNCATE stays possible: it is a database administrator's
tool (and how test runs reset tables), not something the app does.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION moderation_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the moderation audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER moderation_auditentry_append_only
    BEFORE UPDATE OR DELETE ON moderation_auditentry
    FOR EACH ROW EXECUTE FUNCTION moderation_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS moderation_auditentry_append_only ON moderation_auditentry;
DROP FUNCTION IF EXISTS moderation_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
