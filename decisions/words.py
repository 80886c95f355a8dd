"""What this floor's audit entries mean, in words (registered with ``core.audit``)."""

from django.utils.translation import gettext_lazy as _

WORDS = {
    "decisions.procedure_create": _("drafted the silence procedure “%(object)s”"),
    "decisions.procedure_update": _("changed the draft “%(object)s” (%(fields)s)"),
    "decisions.procedure_transition": _(
        "moved the silence procedure “%(object)s” from %(before)s to %(after)s"
    ),
    "decisions.paper_add": _("added the paper %(paper)s to “%(object)s”"),
    "decisions.respond": _("responded (%(kind)s) to “%(object)s”"),
    "decisions.respond_refused": _("was refused a %(kind)s on “%(object)s”: after the deadline"),
    "decisions.objection_withdraw": _("withdrew an objection to “%(object)s”"),
    "decisions.pdf_retry": _("asked for the outcome PDF of “%(object)s” again"),
    "decisions.record": _("recorded the decision %(reference)s from the minutes"),
    "decisions.correct": _("corrected %(object)s (minutes edition %(edition)s)"),
    "decisions.supersede": _("marked %(object)s superseded by %(by)s"),
}
