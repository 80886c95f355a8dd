# Full-text search on PostgreSQL: a generated tsvector column with a GIN index (core.search).

from django.db import migrations

from core.search import vector_column


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [
        *vector_column(
            "decisions_decision",
            "coalesce(reference, '') || ' ' || coalesce(title, '') || ' ' || coalesce(text, '')",
        ),
    ]
