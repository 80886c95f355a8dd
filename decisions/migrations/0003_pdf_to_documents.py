"""The outcome PDFs move into rendered documents (core.documents), then the fields go.

The copy is written out here, with the historical models, so that it never
changes with the code. A procedure withdrawn (or not ended) had no PDF and
gets no document.
"""

from django.db import migrations

KIND = "decisions.outcome"


def forwards(apps, schema_editor):
    procedures = apps.get_model("decisions", "SilenceProcedure").objects.exclude(pdf_state="")
    if not procedures.exists():
        return
    content_type = apps.get_model("contenttypes", "ContentType")
    owner_type, _ = content_type.objects.get_or_create(
        app_label="decisions", model="silenceprocedure"
    )
    document = apps.get_model("documents", "Document")
    document.objects.bulk_create(
        [
            document(
                kind=KIND,
                owner_type=owner_type,
                owner_id=procedure.pk,
                language="en",  # every outcome PDF so far was made in English
                state=procedure.pdf_state,
                file=procedure.pdf.name,
                sha256=procedure.pdf_sha256,
                error=procedure.pdf_error,
                attempts=0 if procedure.pdf_state == "pending" else 1,
                requested_at=procedure.ended_at or procedure.deadline,
                rendered_at=procedure.ended_at if procedure.pdf_state == "ready" else None,
            )
            for procedure in procedures.iterator()
        ],
        batch_size=500,
    )


def backwards(apps, schema_editor):
    procedure = apps.get_model("decisions", "SilenceProcedure")
    document = apps.get_model("documents", "Document")
    for row in document.objects.filter(kind=KIND, language="en").iterator():
        procedure.objects.filter(pk=row.owner_id).update(
            pdf=row.file.name, pdf_sha256=row.sha256, pdf_state=row.state, pdf_error=row.error
        )
    document.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0002_search_vector"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="silenceprocedure", name="pdf"),
        migrations.RemoveField(model_name="silenceprocedure", name="pdf_error"),
        migrations.RemoveField(model_name="silenceprocedure", name="pdf_sha256"),
        migrations.RemoveField(model_name="silenceprocedure", name="pdf_state"),
    ]
