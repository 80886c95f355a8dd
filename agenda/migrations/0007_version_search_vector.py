# Full-text search of the published agendas (core.search): the meeting's name and the items'
# titles and descriptions from each version's snapshot, in a generated tsvector column with a
# GIN index, instead of a containment test on the whole snapshot.

from django.db import migrations

from core.search import vector_column


class Migration(migrations.Migration):
    dependencies = [("agenda", "0006_pdf_to_documents")]

    operations = [
        *vector_column(
            "agenda_agendaversion",
            "coalesce(snapshot->>'meeting', '') || ' ' "
            "|| jsonb_path_query_array(snapshot, '$.items[*].title')::text || ' ' "
            "|| jsonb_path_query_array(snapshot, '$.items[*].description')::text",
        ),
    ]
