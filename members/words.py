"""What this floor's audit entries mean, in words (registered with ``core.audit``)."""

from django.utils.translation import gettext_lazy as _

WORDS = {
    "agency.create": _("added the agency %(object)s, a member from %(member_from)s"),
    "agency.update": _("changed %(fields)s of %(object)s"),
    "agency.end_membership": _("ended the membership of %(object)s on %(end)s"),
    "agency.rejoin": _("made %(object)s a member again from %(start)s"),
    "organization.create": _("added the organization %(object)s"),
    "organization.update": _("changed the organization %(object)s"),
    "person.invite": _("invited %(object)s (%(role)s)"),
    "person.add": _("added %(object)s to the directory (invited: %(invited)s)"),
    "directory.import": _(
        "imported “%(filename)s” (%(kind)s): %(created)s new, %(changed)s changed,"
        " %(invited)s invited"
    ),
    "person.reinvite": _("invited %(object)s again"),
    "person.update": _("changed %(fields)s of %(object)s"),
    "person.activate": _("reactivated %(object)s"),
    "person.deactivate": _("deactivated %(object)s"),
    "announcement.send": _("sent the announcement “%(object)s” to %(to)s people"),
}
