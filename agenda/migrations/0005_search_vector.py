# Full-text search on PostgreSQL: a generated tsvector column with a GIN index (core.search).

from django.db import migrations

from core.search import vector_column


class Migration(migrations.Migration):
    dependencies = [("agenda", "0004_an_agenda_for_every_meeting")]

    operations = [
        *vector_column(
            "agenda_proposal",
            "coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(rationale, '')",
        ),
    ]
