"""What the meetings floor announces to the floors above it.

``meeting_created(meeting, actor)`` is sent by ``meetings.services.meeting_create``
and nowhere else, inside its transaction, once the meeting is saved. It is
received in one place: ``agenda/receivers.py`` gives the meeting its agenda
and standing items, so no page has to create them when it is first shown.
"""

from django.dispatch import Signal

meeting_created = Signal()
