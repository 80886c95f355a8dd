"""The minutes' draft PDFs and the editions' PDFs move into rendered documents.

The circulated draft (minutes with a PDF state) becomes a "minutes.draft"
document, each edition's PDF a "minutes.edition" one; then the fields go.
The copy is written out here, with the historical models, so that it never
changes with the code.
"""

from django.db import migrations

OWNERS = (("Minutes", "minutes.draft"), ("Edition", "minutes.edition"))


def forwards(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    document = apps.get_model("documents", "Document")
    for model_name, kind in OWNERS:
        # Minutes never circulated have no draft PDF (an empty state).
        owners = apps.get_model("minutes", model_name).objects.exclude(pdf_state="")
        if not owners.exists():
            continue
        owner_type, _ = content_type.objects.get_or_create(
            app_label="minutes", model=model_name.lower()
        )
        document.objects.bulk_create(
            [
                document(
                    kind=kind,
                    owner_type=owner_type,
                    owner_id=owner.pk,
                    language="en",  # every PDF so far was made in English
                    state=owner.pdf_state,
                    file=owner.pdf.name,
                    sha256=owner.pdf_sha256,
                    error=owner.pdf_error,
                    attempts=0 if owner.pdf_state == "pending" else 1,
                )
                for owner in owners.iterator()
            ],
            batch_size=500,
        )


def backwards(apps, schema_editor):
    document = apps.get_model("documents", "Document")
    for model_name, kind in OWNERS:
        model = apps.get_model("minutes", model_name)
        for row in document.objects.filter(kind=kind, language="en").iterator():
            model.objects.filter(pk=row.owner_id).update(
                pdf=row.file.name, pdf_sha256=row.sha256, pdf_state=row.state, pdf_error=row.error
            )
        document.objects.filter(kind=kind).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0005_search_vector"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="edition", name="pdf"),
        migrations.RemoveField(model_name="edition", name="pdf_error"),
        migrations.RemoveField(model_name="edition", name="pdf_sha256"),
        migrations.RemoveField(model_name="edition", name="pdf_state"),
        migrations.RemoveField(model_name="minutes", name="pdf"),
        migrations.RemoveField(model_name="minutes", name="pdf_error"),
        migrations.RemoveField(model_name="minutes", name="pdf_sha256"),
        migrations.RemoveField(model_name="minutes", name="pdf_state"),
    ]
