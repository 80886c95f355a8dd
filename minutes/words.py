"""What this floor's audit entries mean, in words (registered with ``core.audit``)."""

from django.utils.translation import gettext_lazy as _

WORDS = {
    "minutes.start": _("started %(object)s"),
    "minutes.section_save": _("saved a section of %(object)s"),
    "minutes.transition": _("moved %(object)s from %(before)s to %(after)s"),
    "minutes.comment": _("commented on %(object)s"),
    "minutes.no_comments": _("said their agency has no comments on %(object)s"),
    "minutes.close_comments": _("closed the comment period of %(object)s early"),
    "minutes.comment_answer": _("answered %(object)s"),
    "minutes.action_point_save": _("saved the action point “%(object)s”"),
    "minutes.action_point_status": _("marked the action point “%(object)s” %(status)s"),
    "minutes.pdf_retry": _("asked for the PDF of %(object)s again"),
}

# The notices this floor sends, in words for the outbox.
NOTICE_KINDS = {
    "minutes_circulated": _("Minutes circulated for comments"),
    "minutes_published": _("Minutes published"),
    "minutes_due": _("Minutes draft due"),
    "comments_closing": _("Comment period closing"),
    "comments_received": _("Comments received"),
    "action_due": _("Action point due"),
    "action_overdue": _("Action point overdue"),
}
