"""OParl 1.1 objects built from the group's public record.

Each builder takes a ``Link`` (which turns a route into an absolute URL) and
a row that its selector loaded; none of them queries the database.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from agenda.pdf import AGENDA_PDF
from core.documents.selectors import document_for
from meetings.enums import Level, MeetingStatus
from minutes.pdf import EDITION_PDF

SCHEMA = "https://schema.oparl.org/1.1/"
BODY = "gmg"


class Link:
    def __init__(self, request):
        self.request = request

    def __call__(self, name: str, *args) -> str:
        return self.request.build_absolute_uri(reverse(f"oparl:{name}", args=args))


def stamp(value) -> str | None:
    """An OParl date-time: ISO 8601 with its offset, in UTC."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def _base(kind: str, url: str, created, modified) -> dict:
    return {
        "id": url,
        "type": SCHEMA + kind,
        "created": stamp(created),
        "modified": stamp(modified or created),
    }


def deleted(kind: str, url: str, created, modified) -> dict:
    """What stays of an object the public record no longer carries."""
    return {**_base(kind, url, created, modified), "deleted": True}


def system(link: Link, *, created, modified) -> dict:
    return {
        **_base("System", link("system"), created, modified),
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "body": link("body_list"),
        "name": settings.GMG_GROUP_NAME,
        "website": settings.SITE_URL,
        "vendor": "https://github.com/",
        "product": "GMG Secretariat",
    }


def body(link: Link, *, created, modified, terms) -> dict:
    return {
        **_base("Body", link("body"), created, modified),
        "system": link("system"),
        "name": settings.GMG_GROUP_NAME,
        "shortName": settings.GMG_GROUP_ACRONYM,
        "website": settings.SITE_URL,
        "classification": "inter-agency group",
        "organization": link("organization_list"),
        "person": link("person_list"),
        "meeting": link("meeting_list"),
        "paper": link("paper_list"),
        "membership": link("membership_list"),
        "legislativeTermList": link("legislative_term_list"),
        "legislativeTerm": [legislative_term(link, term) for term in terms],
    }


def legislative_term(link: Link, term) -> dict:
    """A chair term: the group's periods follow the rotating chair."""
    return {
        **_base("LegislativeTerm", link("legislative_term", term.pk), term.created_at, None),
        "body": link("body"),
        "name": f"{term.agency.acronym} chair {term.start:%Y-%m-%d} – {term.end:%Y-%m-%d}",
        "startDate": term.start.isoformat(),
        "endDate": term.end.isoformat(),
    }


def level_organization(link: Link, level: str, *, created) -> dict:
    """Each meeting level (principals, working level) is one of the group's organizations."""
    return {
        **_base("Organization", link("organization", f"level-{level}"), created, None),
        "body": link("body"),
        "name": f"{settings.GMG_GROUP_ACRONYM}: {Level(level).label}",
        "organizationType": "Gremium",
        "classification": "meeting level",
        "meeting": link("meeting_list") + f"?level={level}",
    }


def agency_organization(link: Link, agency) -> dict:
    periods = sorted(agency.memberships.all(), key=lambda m: m.start)
    data = {
        **_base(
            "Organization",
            link("organization", f"agency-{agency.pk}"),
            agency.created_at,
            agency.modified,
        ),
        "body": link("body"),
        "name": agency.name,
        "shortName": agency.acronym,
        "organizationType": "sonstiges",
        "classification": "member agency",
        "membership": [link("membership", m.pk) for m in periods],
    }
    if agency.website:
        data["website"] = agency.website
    if periods:
        data["startDate"] = periods[0].start.isoformat()
        if periods[-1].end:
            data["endDate"] = periods[-1].end.isoformat()
    return data


def guest_organization(link: Link, organization) -> dict:
    data = {
        **_base(
            "Organization",
            link("organization", f"org-{organization.pk}"),
            organization.created_at,
            organization.modified,
        ),
        "body": link("body"),
        "name": organization.name,
        "organizationType": "sonstiges",
        "classification": "guest organization",
    }
    if organization.acronym:
        data["shortName"] = organization.acronym
    if organization.website:
        data["website"] = organization.website
    return data


def membership(link: Link, period) -> dict:
    """An agency's membership of the group, for one period."""
    data = {
        **_base("Membership", link("membership", period.pk), period.created_at, period.modified),
        "organization": link("organization", f"level-{Level.PRINCIPALS}"),
        "onBehalfOf": link("organization", f"agency-{period.agency_id}"),
        "role": "member agency",
        "votingRight": True,
        "startDate": period.start.isoformat(),
    }
    if period.end:
        data["endDate"] = period.end.isoformat()
    return data


def person(link: Link, row) -> dict:
    return {
        **_base("Person", link("person", row.pk), row.date_joined, row.modified),
        "body": link("body"),
        "name": row.full_name,
        "status": [row.get_role_display()],
        "membership": [
            {
                **_base(
                    "Membership",
                    link("person", row.pk) + "#membership",
                    row.date_joined,
                    row.modified,
                ),
                "organization": link("organization", f"agency-{row.agency_id}"),
                "role": row.get_role_display(),
            }
        ],
    }


def version_file(link: Link, version, meeting) -> dict:
    """A published agenda version's PDF."""
    key = f"agenda-{version.pk}"
    return _file(
        link,
        key,
        pdf_of(version),
        name=version.reference,
        meeting=meeting,
        created=version.published_at,
    )


def edition_file(link: Link, edition, meeting) -> dict:
    """A published minutes edition's PDF (the first edition, then each corrigendum)."""
    key = f"minutes-{edition.pk}"
    return _file(
        link,
        key,
        pdf_of(edition),
        name=edition.reference,
        meeting=meeting,
        created=edition.published_at,
    )


def pdf_of(owner):
    """The ready PDF of an agenda version or minutes edition (prefetched documents), or None."""
    kind = EDITION_PDF if owner._meta.model_name == "edition" else AGENDA_PDF
    document = document_for(owner, kind)
    return document if document is not None and document.is_ready else None


def _file(link: Link, key: str, pdf, *, name: str, meeting, created) -> dict:
    data = {
        **_base("File", link("file", key), created, None),
        "name": name,
        "fileName": f"{name.replace('/', '-')}.pdf",
        "mimeType": "application/pdf",
        "date": created.date().isoformat(),
        "accessUrl": link("file_download", key),
        "downloadUrl": link("file_download", key) + "?download=1",
        "meeting": [link("meeting", meeting.pk)],
    }
    if pdf is not None:
        data["size"] = pdf.file.size
        data["sha256Checksum"] = pdf.sha256
    return data


def _minutes_sections(meeting) -> dict[int, dict]:
    # hasattr: a meeting without minutes raises on the one-to-one (cached by select_related).
    editions = meeting.minutes.published_editions if hasattr(meeting, "minutes") else None
    if not editions:
        return {}
    return {s["number"]: s for s in editions[-1].snapshot.get("sections", [])}


def agenda_item(link: Link, meeting, item: dict, *, created, modified, section=None) -> dict:
    data = {
        **_base("AgendaItem", link("agenda_item", meeting.pk, item["id"]), created, modified),
        "meeting": link("meeting", meeting.pk),
        "number": str(item["number"]),
        "order": item["number"],
        "name": item["title"],
        "public": True,
    }
    if section and section.get("decisions_html"):
        data["resolutionText"] = strip_tags(section["decisions_html"]).strip()
        data["result"] = "decided"
    elif section:
        data["result"] = "discussed"
    return data


def meeting_items(link: Link, row) -> dict[int, dict]:
    """The items of the latest published version, by agenda item id, in their order."""
    versions = row.agenda.published_versions
    latest = versions[-1]
    sections = _minutes_sections(row)
    first_seen = {}
    for version in versions:
        for item in version.snapshot.get("items", []):
            first_seen.setdefault(item["id"], version.published_at)
    return {
        item["id"]: agenda_item(
            link,
            row,
            item,
            created=first_seen[item["id"]],
            modified=latest.published_at,
            section=sections.get(item["number"]),
        )
        for item in latest.snapshot.get("items", [])
    }


def meeting(link: Link, row) -> dict:
    versions = row.agenda.published_versions
    editions = row.minutes.published_editions if hasattr(row, "minutes") else []
    data = {
        **_base("Meeting", link("meeting", row.pk), row.created_at, row.modified),
        "name": row.title,
        "meetingState": _state(row, editions),
        "cancelled": row.status == MeetingStatus.CANCELLED,
        "start": stamp(row.start),
        "end": stamp(row.end),
        "organization": [link("organization", f"level-{row.level}")],
        "invitation": version_file(link, versions[-1], row),
        "agendaItem": list(meeting_items(link, row).values()),
    }
    if row.venue:
        data["location"] = {
            **_base(
                "Location", link("meeting", row.pk) + "#location", row.created_at, row.modified
            ),
            "description": row.venue,
        }
    if editions:
        data["resultsProtocol"] = edition_file(link, editions[-1], row)
    auxiliary = [version_file(link, v, row) for v in versions[:-1]]
    auxiliary += [edition_file(link, e, row) for e in editions[:-1]]
    if auxiliary:
        data["auxiliaryFile"] = auxiliary
    return data


def _state(row, editions) -> str:
    if row.status == MeetingStatus.CANCELLED:
        return "cancelled"
    if editions:
        return "minutes published"
    if row.status == MeetingStatus.HELD:
        return "held"
    return "agenda published"
