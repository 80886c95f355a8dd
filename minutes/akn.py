"""A published minutes edition as Akoma Ntoso 3.0: a ``debate`` with a ``debateSection`` per
agenda item (its summary, then its decisions set apart), the attendance and the action points."""

import datetime
import zoneinfo

from django.conf import settings

from core.akn import E, Frame, document, paragraphs_from_html, slug


def edition_akn(edition, *, language: str = "en") -> bytes:
    snapshot = edition.snapshot
    zone = zoneinfo.ZoneInfo(snapshot.get("time_zone") or "UTC")
    start = datetime.datetime.fromisoformat(snapshot["start"]).astimezone(zone)
    chair = snapshot.get("chair_acronym", "")
    attending = [
        (f"agency-{slug(row['acronym'])}", row["name"]) for row in snapshot.get("attendance", [])
    ]
    organizations = [(settings.GMG_GROUP_ACRONYM.lower(), settings.GMG_GROUP_NAME), *attending]
    if chair and f"agency-{slug(chair)}" not in dict(attending):
        organizations.append((f"agency-{slug(chair)}", snapshot.get("chair") or chair))
    frame = Frame(
        doc_type="debate",
        name="minutes",
        reference=edition.reference,
        work_date=start.date(),
        published=edition.published_at,
        language=language,
        organizations=organizations,
        events=[("meeting", snapshot.get("meeting", ""))],
    )
    preface = E(
        "preface",
        E("p", E("docTitle", f"Minutes: {snapshot.get('meeting', '')}")),
        E("p", E("docNumber", edition.reference)),
        E("p", E("docDate", f"{start:%d %B %Y} ({zone.key})", date=start.date())),
        E("p", f"Corrigendum: {edition.reason}") if edition.reason else None,
    )
    body = E("debateBody")
    if snapshot.get("attendance"):
        body.append(_attendance(snapshot["attendance"]))
    points = {}
    for point in snapshot.get("action_points", []):
        points.setdefault(point["section"], []).append(point)
    for section in snapshot.get("sections", []):
        body.append(_section(section, points.get(section["number"], [])))
    return document(frame, preface, body)


def _attendance(rows) -> E:
    lines = []
    for row in rows:
        people = ", ".join(p["name"] + (" (head)" if p.get("head") else "") for p in row["people"])
        lines.append(
            E(
                "p",
                E("organization", row["acronym"], refersTo=f"#agency-{slug(row['acronym'])}"),
                f": {people}" if people else "",
            )
        )
    return E(
        "debateSection",
        E("heading", "Attendance"),
        E("other", *lines, eId="dbsect_attendance__list"),
        name="attendance",
        eId="dbsect_attendance",
    )


def _section(section: dict, points: list[dict]) -> E:
    number = section["number"]
    parts = [E("num", f"{number}."), E("heading", section["title"])]
    summary = paragraphs_from_html(section.get("summary_html", ""))
    if summary:
        parts.append(E("other", *summary, eId=f"dbsect_{number}__summary", class_="summary"))
    decisions = paragraphs_from_html(section.get("decisions_html", ""))
    if decisions:
        parts.append(
            E(
                "debateSection",
                E("heading", "Decisions"),
                E("other", *decisions, eId=f"dbsect_{number}__decisions__text"),
                name="decisions",
                eId=f"dbsect_{number}__decisions",
            )
        )
    if points:
        parts.append(
            E(
                "debateSection",
                E("heading", "Action points"),
                E(
                    "other",
                    *(
                        E(
                            "p",
                            f"{p['number']}. {p['text']} — "
                            f"{', '.join(p['owners'])}, due {p['due']} ({p['status']})",
                        )
                        for p in points
                    ),
                    eId=f"dbsect_{number}__actions__list",
                ),
                name="actionPoints",
                eId=f"dbsect_{number}__actions",
            )
        )
    if len(parts) == 2:
        parts.append(E("other", E("p", "—"), eId=f"dbsect_{number}__empty"))
    return E("debateSection", *parts, name="agendaItem", eId=f"dbsect_{number}")
