"""The agenda versions' PDFs move into rendered documents (core.documents), then the fields go.

The copy is written out here, with the historical models, so that it never
changes with the code.
"""

from django.db import migrations

KIND = "agenda.version"


def forwards(apps, schema_editor):
    versions = apps.get_model("agenda", "AgendaVersion").objects.all()
    if not versions.exists():
        return
    content_type = apps.get_model("contenttypes", "ContentType")
    owner_type, _ = content_type.objects.get_or_create(app_label="agenda", model="agendaversion")
    document = apps.get_model("documents", "Document")
    document.objects.bulk_create(
        [
            document(
                kind=KIND,
                owner_type=owner_type,
                owner_id=version.pk,
                language="en",  # every PDF so far was made in English
                state=version.pdf_state,
                file=version.pdf.name,
                sha256=version.pdf_sha256,
                error=version.pdf_error,
                attempts=0 if version.pdf_state == "pending" else 1,
                requested_at=version.published_at,
                rendered_at=version.published_at if version.pdf_state == "ready" else None,
            )
            for version in versions.iterator()
        ],
        batch_size=500,
    )


def backwards(apps, schema_editor):
    version = apps.get_model("agenda", "AgendaVersion")
    document = apps.get_model("documents", "Document")
    for row in document.objects.filter(kind=KIND, language="en").iterator():
        version.objects.filter(pk=row.owner_id).update(
            pdf=row.file.name, pdf_sha256=row.sha256, pdf_state=row.state, pdf_error=row.error
        )
    document.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0005_search_vector"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="agendaversion", name="pdf"),
        migrations.RemoveField(model_name="agendaversion", name="pdf_error"),
        migrations.RemoveField(model_name="agendaversion", name="pdf_sha256"),
        migrations.RemoveField(model_name="agendaversion", name="pdf_state"),
    ]
