# Full-text search on PostgreSQL: a generated tsvector column with a GIN index (core.search).

from django.db import migrations

from core.search import vector_column


class Migration(migrations.Migration):
    dependencies = [("minutes", "0004_no_comment")]

    operations = [
        *vector_column(
            "minutes_minutessection",
            "coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(decisions, '')",
        ),
        *vector_column(
            "minutes_actionpoint",
            "coalesce(text, '') || ' ' || coalesce(person, '') || ' ' || coalesce(status_note, '')",
        ),
    ]
