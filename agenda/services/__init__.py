"""Every write about topic proposals, agenda items, published agendas and guests.

One module per concern: ``papers`` (files kept before a form is saved),
``proposals`` (writing and the state table), ``items`` (building the agenda),
``publishing`` (reference, frozen versions, participants told) and
``guests``. Reads live in ``agenda.selectors``.
"""

from agenda.services.guest_names import guest_name_adopt
from agenda.services.guests import guest_invitation_save, guest_person_invite
from agenda.services.items import (
    STEP,
    agenda_create,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_save,
)
from agenda.services.papers import PAPER_MAX_MB, paper_upload
from agenda.services.proposals import proposal_create, proposal_transition, proposal_update
from agenda.services.publishing import agenda_publish

__all__ = [
    "PAPER_MAX_MB",
    "STEP",
    "agenda_create",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_item_save",
    "agenda_publish",
    "guest_invitation_save",
    "guest_name_adopt",
    "guest_person_invite",
    "paper_upload",
    "proposal_create",
    "proposal_transition",
    "proposal_update",
]
