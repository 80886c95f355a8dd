"""The navigation, per role: an entry shows only where its page would let you in."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (label, url name, permission), in the order they appear.
NAVIGATION = [
    (_("Dashboard"), "dashboard", "members.edit_own_profile"),
    (_("Meetings"), "meetings:upcoming", "meetings.view_calendar"),
    (_("Chair rotation"), "meetings:rotation", "meetings.view_chairterm"),
    (_("Members"), "members:agency_list", "members.view_directory"),
    (_("Topics"), "agenda:proposal_list", "agenda.view_proposal_list"),
    (_("Action points"), "minutes:register", "minutes.view_actionpoint_register"),
    (_("Decisions"), "decisions:register", "decisions.view_decision"),
    (_("Reports"), "reports:report", "reports.view_reports"),
    (_("People"), "members:person_list", "members.view_person"),
    (_("Organizations"), "members:organization_list", "members.view_organization"),
    (_("Import"), "members:import", "members.import_directory"),
    (_("Purposes"), "agenda:purposes", "agenda.manage_purposes"),
    (_("Announcements"), "members:announcement_list", "members.view_announcement"),
    (_("Outbox"), "notices:outbox", "notices.view_notice"),
    (_("Audit log"), "core:audit", "core.view_auditentry"),
    (_("Sign-in locks"), "access:locks", "access.view_locks"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or _owes_second_factor(request, user):
        return {"navigation": []}
    path = request.path
    items = []
    for label, name, perm in NAVIGATION:
        if user.has_perm(perm):
            url = reverse(name)
            matches = path == url if url == "/" else path.startswith(url)
            items.append({"label": label, "url": url, "current": matches})
    # Only the closest entry is current: /meetings/rotation/ is "Chair rotation", not "Meetings".
    closest = max((i for i in items if i["current"]), key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["current"] = item is closest
    return {"navigation": items}


def _owes_second_factor(request, user) -> bool:
    """Signed in with the password, the second factor still to come: no menu yet."""
    from django.conf import settings

    state = getattr(request, "session", {}).get("_gmg_2fa")
    return bool(
        settings.GMG_TWO_FACTOR_ENFORCED and state not in (None, "free") and not user.is_verified()
    )
