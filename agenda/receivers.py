"""The agenda floor's answers to what the floors below announce (the one place they are received).

- ``meetings.signals.meeting_created``: the meeting gets its agenda with the
  standing items (``agenda_create``), as system work.
"""

from django.dispatch import receiver

from agenda.services import agenda_create
from core.permissions import SYSTEM
from meetings.signals import meeting_created


@receiver(meeting_created, dispatch_uid="agenda.agenda_for_new_meeting")
def agenda_for_new_meeting(sender, meeting, **kwargs) -> None:
    agenda_create(meeting=meeting, actor=SYSTEM)
