"""A published agenda version as Akoma Ntoso 3.0 (a ``debateReport``), from its frozen snapshot."""

import datetime
import zoneinfo

from django.conf import settings

from agenda.models import PurposeTag
from core.akn import E, Frame, document, slug


def agenda_version_akn(version, *, language: str = "en") -> bytes:
    snapshot = version.snapshot
    zone = zoneinfo.ZoneInfo(snapshot.get("time_zone") or "UTC")
    start = datetime.datetime.fromisoformat(snapshot["start"]).astimezone(zone)
    chair = snapshot.get("chair_acronym", "")
    organizations = [(settings.GMG_GROUP_ACRONYM.lower(), settings.GMG_GROUP_NAME)]
    if chair:
        organizations.append((f"chair-{slug(chair)}", snapshot.get("chair") or chair))
    frame = Frame(
        doc_type="debateReport",
        name="agenda",
        reference=version.reference,
        work_date=start.date(),
        published=version.published_at,
        language=language,
        organizations=organizations,
        events=[("meeting", snapshot.get("meeting", ""))],
    )
    preface = E(
        "preface",
        E("p", E("docTitle", snapshot.get("meeting", ""))),
        E("p", E("docNumber", version.reference)),
        E("p", E("docDate", f"{start:%d %B %Y, %H:%M} ({zone.key})", date=start.date())),
        E("p", E("docProponent", snapshot.get("chair") or "—", refersTo="#chair-" + slug(chair)))
        if chair
        else None,
        E("p", snapshot.get("venue") or snapshot.get("online_link") or "—"),
    )
    body = E("mainBody")
    codes = {code for item in snapshot.get("items", []) for code in item.get("purposes", [])}
    titles = {p.code: str(p) for p in PurposeTag.objects.filter(code__in=codes)}
    for item in snapshot.get("items", []):
        container = E(
            "hcontainer",
            E("num", f"{item['number']}."),
            E("heading", item["title"]),
            name="agendaItem",
            eId=f"item_{item['number']}",
        )
        lines = []
        if item.get("description"):
            lines.append(E("p", item["description"]))
        if item.get("presenter_agency") or item.get("presenter"):
            who = ", ".join(x for x in (item.get("presenter"), item.get("presenter_agency")) if x)
            lines.append(E("p", f"Presented by {who}"))
        lines.append(E("p", f"{item.get('minutes', 0)} minutes"))
        for code in item.get("purposes", []):
            label = titles.get(code, code)
            lines.append(E("p", E("term", str(label), refersTo=f"#purpose-{code}")))
        container.append(E("content", *lines))
        body.append(container)
    return document(frame, preface, body)
