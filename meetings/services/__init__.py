"""Every write with business meaning in the meetings floor."""

from meetings.services.calendar import calendar_feed_renew, calendar_feed_revoke
from meetings.services.delegations import (
    Entry,
    attendance_add,
    attendance_record,
    delegation_add_person,
    delegation_save,
)
from meetings.services.meetings import (
    YearPattern,
    meeting_cancel,
    meeting_create,
    meeting_default_title,
    meeting_document_add,
    meeting_freeze_chair,
    meeting_invite,
    meeting_plan_preview,
    meeting_plan_year,
    meeting_update,
)
from meetings.services.rotation import (
    agency_rotation_move,
    chair_rotation_extend,
    chair_rotation_regenerate,
    chair_term_create,
    chair_term_skip,
    chair_term_swap,
    chair_term_validate,
    rotation_default_start,
)

__all__ = [
    "Entry",
    "YearPattern",
    "agency_rotation_move",
    "attendance_add",
    "attendance_record",
    "calendar_feed_renew",
    "calendar_feed_revoke",
    "chair_rotation_extend",
    "chair_rotation_regenerate",
    "chair_term_create",
    "chair_term_skip",
    "chair_term_swap",
    "chair_term_validate",
    "delegation_add_person",
    "delegation_save",
    "meeting_cancel",
    "meeting_create",
    "meeting_default_title",
    "meeting_document_add",
    "meeting_freeze_chair",
    "meeting_invite",
    "meeting_plan_preview",
    "meeting_plan_year",
    "meeting_update",
    "rotation_default_start",
]
