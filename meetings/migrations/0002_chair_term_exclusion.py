"""Chair terms never overlap: PostgreSQL enforces it itself.

An exclusion constraint on the inclusive date range needs btree_gist (for the
equality-free ``&&`` on a daterange it is not strictly needed, but keeping it
lets a later constraint add ``agency WITH =``). On SQLite this migration does
nothing; the services' validation says the same thing on every backend.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE meetings_chairterm
    ADD CONSTRAINT chair_terms_never_overlap
    EXCLUDE USING gist (daterange("start", "end", '[]') WITH &&);
"""
DROP = "ALTER TABLE meetings_chairterm DROP CONSTRAINT IF EXISTS chair_terms_never_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
