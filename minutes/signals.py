"""What this floor announces to the floors above it.

``minutes_published(edition, actor)`` is sent by ``minutes_transition`` (one
place) inside its transaction, each time an edition is published: the first
publication and each corrigendum. The decisions floor receives it in
``decisions/receivers.py`` and records the sections marked as decisions.
"""

from django.dispatch import Signal

minutes_published = Signal()
