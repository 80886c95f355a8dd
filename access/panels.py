"""This floor's section of a person's page: their linked sign-ins."""

from access.selectors import sign_in_links_of
from core.registry import Panel
from members.panels import person_panels


def _links(request, person):
    return {
        "person": person,
        "links": list(sign_in_links_of(person)),
        "can_remove": request.user.has_perm("access.remove_sign_in_link", person),
    }


def register():
    person_panels.register(
        Panel(
            template="access/panels/sign_in_links.html",
            permission="access.view_sign_in_links",
            order=20,
            context=_links,
        )
    )
