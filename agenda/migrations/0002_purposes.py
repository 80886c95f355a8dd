from django.db import migrations

# The twelve purposes of the Terms of Reference, in their order there.
CODES = [
    "coherent-approach",
    "leadership",
    "policy-consistency",
    "information",
    "critical-issues",
    "research-data",
    "common-positions",
    "capacity",
    "rights",
    "initiatives",
    "states-efforts",
    "interaction-states",
]


def add_purposes(apps, schema_editor):
    PurposeTag = apps.get_model("agenda", "PurposeTag")
    for position, code in enumerate(CODES, start=1):
        PurposeTag.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("agenda", "0001_initial")]

    operations = [migrations.RunPython(add_purposes, migrations.RunPython.noop)]
