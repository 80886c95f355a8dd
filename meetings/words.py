"""What this floor's audit entries mean, in words (registered with ``core.audit``)."""

from django.utils.translation import gettext_lazy as _


def _rotation(entry, change) -> str:
    return _("changed the chair rotation: %(change)s") % {
        "change": change.in_words if change is not None else entry.action
    }


WORDS = {
    "meeting.create": _("added %(object)s"),
    "meeting.update": _("changed %(fields)s of %(object)s"),
    "meeting.cancel": _("cancelled %(object)s: %(reason)s"),
    "meeting.invite": _("sent the invitation to %(object)s (%(queued)s people)"),
    "meeting.freeze_chair": _("kept the chair of %(object)s (the agenda was published)"),
    "meeting.document_add": _("added the document “%(title)s” to %(object)s"),
    "meeting.delegation": _("registered the delegation of %(agency)s to %(object)s (%(people)s)"),
    "meeting.attendance": _("recorded the attendance of %(object)s (%(attended)s attended)"),
    "meeting.attendee_add": _("added %(person)s to the attendance of %(object)s"),
    "meeting.plan_year": _("planned the meetings of %(year)s (%(created)s added)"),
    # The rotation's own history says which agencies (ChairTermChange.in_words).
    **{
        f"rotation.{action}": _rotation
        for action in ("extend", "swap", "skip", "regenerate", "order")
    },
    "calendar.feed_renew": _("made a new calendar feed address"),
    "calendar.feed_revoke": _("revoked the calendar feed address"),
}

# The notices this floor sends, in words for the outbox.
NOTICE_KINDS = {
    "meeting_invitation": _("Meeting invitation"),
    "meeting_rescheduled": _("New date, time or place"),
    "meeting_cancelled": _("Meeting cancelled"),
    "meeting_reminder": _("Meeting reminder"),
    "registration_reminder": _("Registration reminder"),
    "chair_incoming": _("Incoming chair"),
}
