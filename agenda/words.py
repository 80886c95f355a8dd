"""What this floor's audit entries mean, in words (registered with ``core.audit``)."""

from django.utils.translation import gettext_lazy as _

WORDS = {
    "proposal.create": _("wrote the topic proposal “%(object)s”"),
    "proposal.update": _("changed the topic proposal “%(object)s”"),
    "proposal.submitted": _("submitted “%(object)s” to the chair"),
    "proposal.accepted": _("accepted “%(object)s” for the agenda"),
    "proposal.deferred": _("deferred “%(object)s” to a later meeting"),
    "proposal.declined": _("declined “%(object)s”"),
    "proposal.withdrawn": _("withdrew “%(object)s”"),
    "agenda.item_save": _("saved the agenda item “%(item)s” of %(object)s"),
    "agenda.item_remove": _("removed the agenda item “%(item)s” of %(object)s"),
    "agenda.publish": _("published version %(version)s of the agenda of %(object)s"),
    "agenda.guest_invite": _("invited %(organization)s to %(object)s"),
    "agenda.guest_add": _("named the guest %(email)s for %(object)s"),
    "agenda.pdf_retry": _("asked for the PDF of %(object)s again"),
    "standing_item.update": _("changed how %(object)s enters new agendas"),
    "purpose.add": _("added the purpose “%(title)s”"),
    "purpose.rename": _("renamed the purpose “%(before)s” “%(title)s”"),
    "purpose.retire": _("retired the purpose %(object)s"),
    "purpose.reinstate": _("offered the purpose %(object)s again"),
    "guest_name.adopt": _("added %(object)s, named in topic proposals, to the directory"),
}

# The notices this floor sends, in words for the outbox.
NOTICE_KINDS = {
    "agenda_published": _("Agenda published"),
    "agenda_unpublished": _("Agenda not yet published"),
    "call_for_topics": _("Call for topics"),
    "proposal_deadline": _("Proposal deadline near"),
    "proposal_receipt": _("Proposal received"),
    "proposal_decision": _("Decision on a proposal"),
}
