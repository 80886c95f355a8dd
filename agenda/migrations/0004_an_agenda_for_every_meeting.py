"""Every meeting has its agenda and standing items from its creation on.

Before, a page created them when it was first shown. This gives the meetings
that no page had opened yet their agenda, as ``agenda_create`` would have:
the four standing items, "adoption of the minutes" naming the previous
meeting of the same level that was not cancelled.
"""

from django.db import migrations

STEP = 10
# English titles, as the labels read when a page without another language made them.
STANDING = (
    ("adopt-agenda", "Adoption of the agenda", 1 * STEP, 5),
    ("adopt-minutes", "Adoption of the minutes of the previous meeting", 2 * STEP, 5),
    ("follow-up", "Follow-up on action points", 3 * STEP, 15),
    ("aob", "Any other business", 1000 * STEP, 10),
)


def add_missing_agendas(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Agenda = apps.get_model("agenda", "Agenda")
    AgendaItem = apps.get_model("agenda", "AgendaItem")
    missing = Meeting.objects.filter(agenda__isnull=True).order_by("start")
    for meeting in missing.iterator():
        previous = (
            Meeting.objects.filter(level=meeting.level, start__lt=meeting.start)
            .exclude(status="cancelled")
            .order_by("-start")
            .first()
        )
        agenda = Agenda.objects.create(meeting=meeting)
        AgendaItem.objects.bulk_create(
            AgendaItem(
                agenda=agenda,
                standing=code,
                title=title,
                position=position,
                minutes=minutes,
                linked_meeting=previous if code == "adopt-minutes" else None,
            )
            for code, title, position, minutes in STANDING
        )


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0003_proposal_created_at_index"),
        ("meetings", "0003_meeting_title_is_default"),
    ]

    operations = [
        migrations.RunPython(add_missing_agendas, migrations.RunPython.noop),
    ]
