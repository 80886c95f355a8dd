"""This floor's rows for the search: people (secretariat) and member agencies (the directory)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.search import (
    Hit,
    SearchFilter,
    SearchProvider,
    highlight,
    search_filters,
    search_providers,
    text_filter,
)
from members.models import Agency, Person


def _people(user, query, filters):
    if not user.has_perm("members.view_person"):
        return Person.objects.none()
    people = Person.objects.select_related("agency", "organization").order_by("full_name")
    return text_filter(people, query, ["full_name", "email", "title"])


def _person_hit(person, query):
    return Hit(
        title=person.full_name,
        url=reverse("members:person_edit", args=[person.pk]),
        text=highlight(f"{person.title} {person.email}", query),
        meta=f"{person.get_role_display()} · {person.affiliation or ''}",
    )


def _agencies(user, query, filters):
    if not user.has_perm("members.view_directory"):
        return Agency.objects.none()
    return text_filter(Agency.objects.order_by("acronym"), query, ["name", "acronym"])


def _agency_hit(agency, query):
    return Hit(
        title=f"{agency.name} ({agency.acronym})",
        url=reverse("members:agency_list") + f"?q={agency.acronym}",
        text=highlight(agency.name, query),
    )


def _agencies_choices():
    return [(str(a.pk), a.acronym) for a in Agency.objects.order_by("acronym")]


def register():
    search_filters.register(
        SearchFilter(name="agency", label=_("Agency"), choices=_agencies_choices, order=30)
    )
    search_providers.register(
        SearchProvider(kind="people", label=_("People"), rows=_people, hit=_person_hit, order=80)
    )
    search_providers.register(
        SearchProvider(
            kind="agencies", label=_("Agencies"), rows=_agencies, hit=_agency_hit, order=90
        )
    )
