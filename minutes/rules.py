"""Who may draft, circulate, comment on, read and follow up minutes.

The chair's office of the meeting drafts and moves the minutes through their
states (also after its term ends); focal points read them once circulated
and comment while the period runs; principals read published editions; the
secretariat sees everything, updates any action point and retries a failed
PDF. Guests never see minutes.
"""

import rules
from django.utils import timezone

from meetings.rules import is_chair_office_for, is_current_chair_office
from members.rules import is_focal_point, is_member_person, is_principal, is_secretariat
from minutes.enums import MinutesState


def _meeting(obj):
    return getattr(obj, "meeting", obj)


@rules.predicate
def chairs_minutes_meeting(user, minutes):
    return bool(minutes is not None and is_chair_office_for(user, minutes.meeting))


@rules.predicate
def has_published_edition(user, minutes):
    # Views prefetch or annotate ``edition_count``; else one query.
    if minutes is None:
        return False
    if hasattr(minutes, "edition_count"):
        return minutes.edition_count > 0
    return minutes.state == MinutesState.PUBLISHED or minutes.editions.exists()


@rules.predicate
def shown_to_members(user, minutes):
    return bool(minutes is not None and minutes.state in MinutesState.shown_to_members())


@rules.predicate
def minutes_editable(user, minutes):
    return bool(minutes is not None and minutes.is_editable)


@rules.predicate
def comments_open(user, minutes):
    if minutes is None or minutes.state != MinutesState.CIRCULATED or not minutes.comments_until:
        return False
    return timezone.now().astimezone(minutes.meeting.zone).date() <= minutes.comments_until


@rules.predicate
def owns_action_point(user, action_point):
    if action_point is None or not is_focal_point(user):
        return False
    # The owners as the page read them (action_points_qs), or read now.
    owners = getattr(action_point, "owners", None)
    if owners is None:
        owners = action_point.agencies.all()
    return any(a.pk == user.agency_id for a in owners)


@rules.predicate
def chairs_action_point_meeting(user, action_point):
    return bool(action_point is not None and is_chair_office_for(user, action_point.meeting))


@rules.predicate
def can_read_action_point_minutes(user, action_point):
    return bool(action_point is not None and can_read_minutes(user, action_point.minutes))


@rules.predicate
def chairs_meeting(user, meeting):
    return bool(is_chair_office_for(user, _meeting(meeting)))


@rules.predicate
def minutes_published(user, minutes):
    return bool(minutes is not None and minutes.state == MinutesState.PUBLISHED)


can_read_minutes = (
    is_secretariat
    | chairs_minutes_meeting
    | (is_focal_point & (shown_to_members | has_published_edition))
    | (is_principal & has_published_edition)
)

# On a meeting: start its minutes (the service checks the agenda is published).
rules.add_perm("minutes.add_minutes", chairs_meeting)
rules.add_perm("minutes.view_meeting_minutes", is_secretariat | is_member_person)
# On the minutes.
rules.add_perm("minutes.view_minutes", can_read_minutes)
rules.add_perm("minutes.change_minutes", chairs_minutes_meeting & minutes_editable)
rules.add_perm("minutes.change_state", chairs_minutes_meeting)
# The text being worked on (not only the published editions): the chair's office and
# the secretariat always; member focal points once circulated; principals (and focal
# points during a draft corrigendum) read only what was published.
rules.add_perm(
    "minutes.view_live_text",
    is_secretariat
    | chairs_minutes_meeting
    | minutes_published
    | (is_focal_point & shown_to_members),
)
# The circulated draft's PDF: the same readers, until the minutes are published.
rules.add_perm(
    "minutes.view_draft_pdf",
    is_secretariat
    | chairs_minutes_meeting
    | (is_focal_point & shown_to_members & ~minutes_published),
)
rules.add_perm("minutes.view_revisions", is_secretariat | chairs_minutes_meeting)
rules.add_perm("minutes.view_all_comments", is_secretariat | chairs_minutes_meeting)
rules.add_perm("minutes.add_comment", is_focal_point & comments_open)
rules.add_perm("minutes.answer_comment", chairs_minutes_meeting)


# A focal point's "what to do next" (as the chair's office; delegations to register).
rules.add_perm("minutes.view_chair_work", is_focal_point)
rules.add_perm("minutes.close_comments", chairs_minutes_meeting & comments_open)
rules.add_perm("minutes.retry_pdf", is_secretariat)
# Action points.
rules.add_perm("minutes.view_actionpoint_register", is_secretariat | is_member_person)
rules.add_perm("minutes.view_actionpoint", can_read_action_point_minutes)
rules.add_perm(
    "minutes.update_actionpoint",
    can_read_action_point_minutes
    & (is_secretariat | chairs_action_point_meeting | is_current_chair_office | owns_action_point),
)
