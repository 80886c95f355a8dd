"""Who may do what with meetings and the rotation.

The chair's office of a meeting is derived from the terms at request time:
a handover moves the rights by itself, and an office keeps them on its own
meetings after its term ends (minutes are often finished in the next term).
"""

import rules
from django.db.models import Q
from django.utils import timezone

from core.clock import group_today
from core.registry import Registry
from meetings.enums import MeetingStatus
from meetings.selectors import chair_on
from members.rules import is_focal_point, is_focal_point_of, is_member_person, is_secretariat


@rules.predicate
def is_chair_office_for(user, meeting):
    """A focal point of the agency chairing this meeting (by its date, or frozen)."""
    return bool(
        meeting is not None
        and is_focal_point(user)
        and meeting.chair_agency_id_for_date() == user.agency_id
    )


@rules.predicate
def is_current_chair_office(user):
    """A focal point of the agency chairing today (may create ad hoc meetings)."""
    if not is_focal_point(user):
        return False
    term = chair_on(group_today())
    return bool(term and term.agency_id == user.agency_id)


# Higher floors add who else may see a meeting (the agenda floor: invited guests)
# with ``meeting_viewers.register(predicate)``, without this floor importing them.
meeting_viewers = Registry("meeting viewers")
# The same, as sets: each entry is ``function(user) -> Q`` over meetings, the meetings the
# floor's predicate lets the user see (for lists and the search, without a check per row).
meeting_viewer_filters = Registry("meeting viewer filters")


def others_visible_meetings(user) -> Q | None:
    """The meetings someone outside the group may see, as a filter; None: every meeting."""
    if is_secretariat(user) or is_member_person(user):
        return None
    visible = Q(pk__in=[])
    for entry in meeting_viewer_filters:
        visible |= entry(user)
    return visible


@rules.predicate
def can_view_meeting(user, meeting=None):
    if is_secretariat(user) or is_member_person(user):
        return True
    return bool(meeting is not None and any(p(user, meeting) for p in meeting_viewers))


@rules.predicate
def is_planned(user, meeting):
    return bool(meeting is not None and meeting.status == MeetingStatus.PLANNED)


@rules.predicate
def is_not_cancelled(user, meeting):
    return bool(meeting is not None and meeting.status != MeetingStatus.CANCELLED)


@rules.predicate
def registration_open(user, meeting):
    return bool(meeting is not None and meeting.registration_open)


@rules.predicate
def has_begun(user, meeting):
    return bool(meeting is not None and meeting.start <= timezone.now())


is_organizer = is_secretariat | is_chair_office_for

rules.add_perm("meetings.view_meeting", can_view_meeting)
rules.add_perm("meetings.view_calendar", can_view_meeting)
rules.add_perm("meetings.plan_year", is_secretariat)
# Only system work freezes a chair (the agenda's first publication).
rules.add_perm("meetings.freeze_chair", rules.always_deny)
rules.add_perm("meetings.add_meeting", is_secretariat | is_current_chair_office)
rules.add_perm("meetings.add_regular_meeting", is_secretariat)
# Others keep a meeting within their own chair term (they have no rights on another's).
rules.add_perm("meetings.schedule_in_any_term", is_secretariat)
rules.add_perm("meetings.change_meeting", is_organizer & is_planned)
rules.add_perm("meetings.cancel_meeting", is_organizer & is_planned)
rules.add_perm("meetings.invite_meeting", is_organizer & is_planned)
rules.add_perm("meetings.add_meetingdocument", is_organizer)
rules.add_perm("meetings.view_meetingdocument", can_view_meeting)
# Delegations: a focal point for its own agency until the deadline; the secretariat always.
rules.add_perm("meetings.register_for_agency", is_secretariat | is_focal_point_of)
rules.add_perm("meetings.register_after_deadline", is_secretariat)
rules.add_perm(
    "meetings.register_delegation",
    is_secretariat | (is_focal_point & is_planned & registration_open),
)
rules.add_perm("meetings.view_participants", is_organizer)
rules.add_perm("meetings.record_attendance", is_organizer & has_begun)
# The rotation: everyone with a member role sees it; the secretariat edits it.
rules.add_perm("meetings.view_chairterm", is_secretariat | is_member_person)
rules.add_perm("meetings.change_chairterm", is_secretariat)
rules.add_perm("meetings.view_own_feed", is_secretariat | is_member_person)
