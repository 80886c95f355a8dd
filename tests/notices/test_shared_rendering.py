"""A reminder sent to many is rendered once for the recipients it reads the same for."""

import datetime

import time_machine

from meetings.enums import Rsvp
from meetings.models import Delegate
from notices import services
from notices.models import Notice
from notices.reminders import reminders_sweep
from tests.factories import AgencyFactory, MeetingFactory, PersonFactory

UTC = datetime.UTC


def test_a_meeting_reminder_is_rendered_once_per_time_zone_and_each_reads_its_own(db, monkeypatch):
    # 11 May 2027, 10:00 in Zurich: a week before, 13:00 UTC is daytime in all three zones.
    meeting = MeetingFactory(start=datetime.datetime(2027, 5, 11, 8, tzinfo=UTC))
    registered = AgencyFactory(acronym="AAA")
    zurich = PersonFactory(agency=registered, time_zone="Europe/Zurich")
    Delegate.objects.create(meeting=meeting, agency=registered, person=zurich, rsvp=Rsvp.IN_PERSON)
    new_york = [
        PersonFactory(agency=AgencyFactory(acronym=f"NY{n}"), time_zone="America/New_York")
        for n in range(3)
    ]
    toronto = PersonFactory(agency=AgencyFactory(acronym="TOR"), time_zone="America/Toronto")
    renderings = []
    real = services._render

    def counted(template, context, language):
        renderings.append(context["recipient"].time_zone)
        return real(template, context, language)

    monkeypatch.setattr(services, "_render", counted)

    with time_machine.travel(datetime.datetime(2027, 5, 4, 13, tzinfo=UTC), tick=False):
        reminders_sweep(only=["meeting_week"])

    notices = {n.recipient_id: n for n in Notice.objects.filter(kind="meeting_reminder")}
    assert set(notices) == {zurich.pk, toronto.pk, *(p.pk for p in new_york)}
    assert sorted(renderings) == ["America/New_York", "America/Toronto", "Europe/Zurich"]
    bodies = {notices[p.pk].body_text for p in new_york}
    assert len(bodies) == 1
    assert "(America/New_York)" in bodies.pop()
    assert "(America/Toronto)" in notices[toronto.pk].body_text
    assert "Your time" not in notices[zurich.pk].body_text
    assert len({n.idempotency_key for n in notices.values()}) == 5
