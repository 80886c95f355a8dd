"""The in-process half of `make bench`: run inside Django against one database.

``python -m bench.probe <command>`` prints one JSON object on its last line:

- ``prepare``: who signs in as each role (sessions for the load), the pages
  to load, each page's queries for every role, the size of the data and
  the plans (EXPLAIN ANALYZE) of the queries that grow with the history;
- ``sweep <task>``: one beat task run twice (the second finds nothing new):
  time and queries of each run;
- ``age-renders``: the renders left pending and never started made as late
  as they are when the full run reaches the sweeps (``--only sweeps``);
- ``fanout``: publishing an agenda, publishing minutes (one decision for
  the register in either data set) and an announcement to everyone, as
  requests: time, queries, recipients; then the worker's part of the
  agenda's fan-out;
- ``pdf``: the agenda and minutes PDFs against WeasyPrint on the same HTML;
- ``search``: the search page, one request at a time in this process, for
  several queries as each role: p50, p99 and the queries of each;
- ``profile <page> [runs]``: one main page rendered anew ``runs`` times as its
  role, in this process: p50, the share of it spent in SQL, and the
  functions that took the most time (cProfile) on stderr, to find what a
  page pays for.
"""

import contextlib
import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from agenda.models import Agenda, AgendaItem, AgendaVersion, GuestInvitation, Proposal  # noqa: E402
from agenda.selectors import proposal_list  # noqa: E402
from meetings.enums import MeetingStatus  # noqa: E402
from meetings.models import ChairTerm, Meeting  # noqa: E402
from members.enums import Role  # noqa: E402
from members.models import Agency, Person  # noqa: E402
from minutes.enums import MinutesState  # noqa: E402
from minutes.management.commands.seed_scale import RETREAT_TITLE  # noqa: E402
from minutes.models import ActionPoint, Edition, Minutes  # noqa: E402
from minutes.selectors import action_point_register  # noqa: E402
from notices.enums import NoticeState  # noqa: E402
from notices.models import Notice, NoticeBatch  # noqa: E402

HOST = {"HTTP_HOST": "127.0.0.1"}
# A hard reload: the page cache (core.pagecache) renders the page anew.
RENDER = {"cache-control": "no-cache"}
ROLES = ["secretariat", "focal_point", "principal", "chair", "guest"]


def _client(person) -> Client:
    client = Client(**HOST)
    client.force_login(person)
    return client


def _target_meeting() -> Meeting | None:
    """The meeting the meeting, agenda and minutes pages show: of those with published
    minutes, the one with the most items and no guest invited, the latest of those. Each
    data set of seed_scale so shows a meeting of the same shape, whatever the date puts last
    (a guest invitation adds its queries, and the short histories have none to choose)."""
    recent = (
        Minutes.objects.filter(state=MinutesState.PUBLISHED)
        .exclude(meeting__title__startswith=RETREAT_TITLE)  # measured on its own
        .annotate(
            items=Count("meeting__agenda__items", distinct=True),
            guests=Count("meeting__guest_invitations", distinct=True),
        )
        .order_by("-items", "guests", "-meeting__start")
        .select_related("meeting")
        .first()
    )
    if recent is not None:
        return recent.meeting
    # No published minutes (the demo on some days): the latest meeting with minutes or an agenda.
    minutes = Minutes.objects.select_related("meeting").order_by("-meeting__start").first()
    if minutes is not None:
        return minutes.meeting
    version = AgendaVersion.objects.select_related("agenda__meeting").order_by("-pk").first()
    return version.agenda.meeting if version else Meeting.objects.order_by("-start").first()


def _retreat() -> Meeting | None:
    """The scale data's meeting of 30 items, each with its minutes (Indico's content)."""
    return Meeting.objects.filter(title__startswith=RETREAT_TITLE, minutes__isnull=False).first()


def _people(meeting: Meeting) -> dict[str, Person]:
    active = Person.objects.filter(is_active=True).order_by("pk")
    members = Agency.objects.members_on()
    chair_id = meeting.chair_agency_id_for_date()
    attending = list(meeting.delegates.values_list("agency_id", flat=True)) or list(
        members.values_list("pk", flat=True)
    )
    guest_ids = GuestInvitation.people.through.objects.values_list("person_id", flat=True)
    return {
        "secretariat": active.filter(role=Role.SECRETARIAT).first(),
        "focal_point": active.filter(
            role=Role.FOCAL_POINT, agency__in=members, agency_id__in=attending
        )
        .exclude(agency_id=chair_id)
        .first(),
        "principal": active.filter(role=Role.PRINCIPAL, agency__in=members).first(),
        "chair": active.filter(role=Role.FOCAL_POINT, agency_id=chair_id).first(),
        "guest": active.filter(role=Role.GUEST, pk__in=guest_ids).first(),
    }


def _pages(meeting: Meeting) -> list[dict]:
    pages = [
        ("dashboard", "/", "secretariat"),
        ("dashboard (focal point)", "/", "focal_point"),
        ("meetings", reverse("meetings:upcoming"), "secretariat"),
        ("month", reverse("meetings:month_current"), "secretariat"),
        ("year", reverse("meetings:year_current"), "secretariat"),
        ("archive", reverse("meetings:archive"), "secretariat"),
        ("meeting", reverse("meetings:detail", args=[meeting.pk]), "focal_point"),
        ("queue", reverse("agenda:queue", args=[meeting.pk]), "chair"),
        ("agenda", reverse("agenda:agenda", args=[meeting.pk]), "chair"),
        # Only where the data has minutes (the demo has none on some days of a month).
        *(
            [("minutes", reverse("minutes:minutes", args=[meeting.pk]), "focal_point")]
            if Minutes.objects.filter(meeting=meeting).exists()
            else []
        ),
        # The meeting of 30 items with their minutes, as Indico's meeting page (scale data).
        *(
            [
                ("meeting, 30 items", reverse("meetings:detail", args=[retreat.pk]), "focal_point"),
                ("minutes, 30 items", reverse("minutes:minutes", args=[retreat.pk]), "focal_point"),
            ]
            if (retreat := _retreat()) is not None
            else []
        ),
        ("register", reverse("minutes:register"), "secretariat"),
        ("members", reverse("members:agency_list"), "secretariat"),
        ("people", reverse("members:person_list"), "secretariat"),
        ("topics", reverse("agenda:proposal_list"), "secretariat"),
        ("outbox", reverse("notices:outbox"), "secretariat"),
        ("rotation", reverse("meetings:rotation"), "secretariat"),
    ]
    with contextlib.suppress(NoReverseMatch):  # the search page
        pages.append(("search", reverse("search") + "?q=migration", "secretariat"))
        pages.append(
            (
                "search (focal point)",
                reverse("search") + "?q=statistical+offices",
                "focal_point",
            )
        )
    return [{"name": n, "path": p, "role": r} for n, p, r in pages]


def _explain(queryset) -> dict:
    plan = queryset.explain(analyze=True)
    lines = plan.splitlines()
    took = next((line for line in lines if "Execution Time" in line), "")
    return {
        "top": lines[0].strip()[:140],
        "uses_index": "Index" in plan,
        "ms": float(took.split(":")[1].split()[0]) if took else None,
    }


def prepare() -> dict:
    meeting = _target_meeting()
    people = _people(meeting)
    sessions, csrf, queries, served = {}, {}, {}, {}
    clients = {role: _client(person) for role, person in people.items() if person is not None}
    for role, client in clients.items():
        sessions[role] = client.cookies["sessionid"].value
    pages = _pages(meeting)
    for page in pages:
        counts, hits = {}, {}
        for role, client in clients.items():
            client.get(page["path"])  # warm: the first request of a process fills caches
            # What the page costs to render (a hard reload: the page cache steps aside) ...
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page["path"], headers=RENDER)
            counts[role] = [response.status_code, len(captured)]
            # ... and to serve again from it.
            client.get(page["path"])
            with CaptureQueriesContext(connection) as captured:
                client.get(page["path"])
            hits[role] = len(captured)
        queries[page["name"]] = counts
        served[page["name"]] = hits
        status = counts.get(page["role"], [0])[0]
        if status != 200:
            raise SystemExit(f"{page['path']} as {page['role']}: HTTP {status}")
    for role, client in clients.items():
        csrf[role] = client.cookies[settings.CSRF_COOKIE_NAME].value
    secretariat = people["secretariat"]
    explain = {}
    if connection.vendor == "postgresql":
        from core.documents.services import lost_renders

        today = timezone.localdate()
        explain = {
            "register, page 1": _explain(action_point_register(user=secretariat, today=today)[:50]),
            "register, focal point": _explain(
                action_point_register(user=people["focal_point"], today=today)[:50]
            ),
            "topics, page 1": _explain(proposal_list(user=secretariat)[:25]),
            "outbox, page 1": _explain(Notice.objects.defer("body_text", "body_html")[:50]),
            "documents sweep, lost renders": _explain(
                lost_renders().order_by("requested_at", "pk").values_list("pk")[:1000]
            ),
            "outbox counts": _explain(
                Notice.objects.filter(
                    state__in=[NoticeState.FAILED, NoticeState.UNCERTAIN, NoticeState.QUEUED]
                )
                .order_by()
                .values_list("state")
                .annotate(n=Count("pk"))
            ),
        }
    items = AgendaItem.objects.filter(agenda__meeting=meeting).count()
    return {
        "meeting": {"pk": meeting.pk, "title": meeting.title, "items": items},
        "people": {role: p.email for role, p in people.items() if p},
        "sessions": sessions,
        "csrf": csrf,
        "pages": pages,
        "queries": queries,
        "served_queries": served,
        "explain": explain,
        "size": {
            "agencies": Agency.objects.count(),
            "people": Person.objects.count(),
            "meetings": Meeting.objects.count(),
            "proposals": Proposal.objects.count(),
            "action points": ActionPoint.objects.count(),
            "notices": Notice.objects.count(),
        },
    }


def sweep(task_name: str) -> dict:
    import importlib

    from django.apps import apps

    from gmg.celery import app

    for config in apps.get_app_configs():  # what the worker's autodiscovery imports
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(f"{config.name}.tasks")
    task = app.tasks[task_name]
    runs = []
    for _ in range(2):
        before = Notice.objects.count()
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            task()
            seconds = time.perf_counter() - began
        runs.append(
            {
                "seconds": seconds,
                "queries": len(captured),
                "new_notices": Notice.objects.count() - before,
            }
        )
    return {"task": task_name, "first": runs[0], "again": runs[1]}


def age_renders() -> dict:
    """Pending renders never started, asked for before the sweep's margin (as minutes later)."""
    import datetime

    from django.conf import settings

    from core.documents.enums import DocumentState
    from core.documents.models import Document

    margin = settings.GMG_DOCUMENT_RENDER_HARD_LIMIT + 120
    late = timezone.now() - datetime.timedelta(seconds=margin)
    aged = Document.objects.filter(state=DocumentState.PENDING, started_at__isnull=True).update(
        requested_at=late
    )
    return {"aged": aged}


def _timed_post(client, path, data) -> dict:
    with CaptureQueriesContext(connection) as captured:
        began = time.perf_counter()
        response = client.post(path, data)
        seconds = time.perf_counter() - began
    if response.status_code != 302:
        raise SystemExit(f"POST {path}: HTTP {response.status_code}")
    return {"seconds": seconds, "queries": len(captured)}


def _one_decision(minutes) -> None:
    """The minutes enter one decision in the register, in either data set (the ten years'
    minutes mark none): the two publications then differ only by the people told."""
    from minutes.models import MinutesSection
    from minutes.text import render_markdown

    if minutes.sections.filter(decision_marked=True).exclude(decisions="").exists():
        return
    section = minutes.sections.order_by("-number").first()
    text = section.decisions.strip() or "The group agreed to come back to it."
    MinutesSection.objects.filter(pk=section.pk).update(
        decision_marked=True, decisions=text, decisions_html=render_markdown(text)
    )


def fanout() -> dict:
    from notices.services import notice_fanout_run

    results = {}
    today = timezone.localdate()
    upcoming = (
        Meeting.objects.filter(
            status=MeetingStatus.PLANNED, local_date__gt=today, agenda__versions__isnull=True
        )
        .filter(local_date__lte=ChairTerm.objects.order_by("-end").values("end")[:1])
        .order_by("start")
        .first()
    )
    if upcoming is not None:
        chair = Person.objects.filter(
            role=Role.FOCAL_POINT, is_active=True, agency_id=upcoming.chair_agency_id_for_date()
        ).first()
        agenda, _ = Agenda.objects.get_or_create(meeting=upcoming)
        path = reverse("agenda:publish", args=[upcoming.pk])
        result = _timed_post(_client(chair), path, {"version": agenda.version})
        batch = NoticeBatch.objects.filter(kind="agenda_published").order_by("-pk").first()
        result["recipients"] = len(batch.recipient_ids)
        results["agenda publish"] = result
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            created = notice_fanout_run(batch_id=batch.pk)
            seconds = time.perf_counter() - began
        results["agenda fan-out (worker)"] = {
            "seconds": seconds,
            "queries": len(captured),
            "recipients": created,
        }
    final = Minutes.objects.filter(state=MinutesState.FINAL).select_related("meeting").first()
    if final is not None:
        _one_decision(final)
        chair = Person.objects.filter(
            role=Role.FOCAL_POINT,
            is_active=True,
            agency_id=final.meeting.chair_agency_id_for_date(),
        ).first()
        result = _timed_post(
            _client(chair),
            reverse("minutes:publish", args=[final.meeting_id]),
            {"version": final.version},
        )
        batch = NoticeBatch.objects.filter(kind="minutes_published").order_by("-pk").first()
        result["recipients"] = len(batch.recipient_ids) if batch else 0
        results["minutes publish"] = result
    secretariat = Person.objects.filter(role=Role.SECRETARIAT, is_active=True).first()
    result = _timed_post(
        _client(secretariat),
        reverse("members:announcement_create"),
        {"audience": "focal_points", "subject": "Retreat", "body": "Dates to follow."},
    )
    batch = NoticeBatch.objects.filter(kind="announcement").order_by("-pk").first()
    result["recipients"] = len(batch.recipient_ids)
    results["announcement"] = result
    return results


def pdf() -> dict:
    import weasyprint

    from agenda.pdf import agenda_pdf_bytes
    from minutes.pdf import minutes_pdf_bytes

    real_html = weasyprint.HTML
    seen = []

    def recording(*args, **kwargs):
        seen.append(kwargs.get("string"))
        return real_html(*args, **kwargs)

    def timed(function) -> float:
        began = time.perf_counter()
        function()
        return time.perf_counter() - began

    results = {}
    meeting = _target_meeting()
    version = AgendaVersion.objects.filter(agenda__meeting=meeting).order_by("-number").first()
    edition = Edition.objects.filter(minutes__meeting=meeting).order_by("-number").first()
    jobs = []
    if version is not None:
        jobs.append(("agenda", lambda: agenda_pdf_bytes(version)))
    if edition is not None:
        jobs.append(
            (
                "minutes",
                lambda: minutes_pdf_bytes(edition.snapshot, draft=False, edition=edition),
            )
        )
    weasyprint.HTML = recording
    try:
        for name, job in jobs:
            job()  # warm: fonts and styles are loaded once per process
            seen.clear()
            ours = timed(job)
            html = seen[-1]
            alone = timed(lambda html=html: real_html(string=html).write_pdf())
            results[name] = {"seconds": ours, "weasyprint": alone}
    finally:
        weasyprint.HTML = real_html
    return results


# What people look for: a word in every kind of row, a word in few rows, a phrase of three
# words, a word that matches thousands of minutes sections, a meeting's name, and nothing.
SEARCH_QUERIES = [
    "migration",
    "statistical offices",
    "comparable data across agencies",
    "principals meeting",
    "topic",
    "host",
    "no-such-word-anywhere",
]
SEARCH_ROLES = ["secretariat", "focal_point", "chair", "principal", "guest"]
SEARCH_RUNS = 15


def search() -> dict:
    """The search page as each role, each query ``SEARCH_RUNS`` times, one request at a time."""
    meeting = _target_meeting()
    people = _people(meeting)
    path = reverse("search")
    results = {}
    for role in SEARCH_ROLES:
        person = people.get(role)
        if person is None:
            continue
        client = _client(person)
        timings, counts = [], {}
        for query in SEARCH_QUERIES:
            client.get(path, {"q": query})  # warm
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, {"q": query}, headers=RENDER)
            if response.status_code != 200:
                raise SystemExit(f"search {query!r} as {role}: HTTP {response.status_code}")
            counts[query] = len(captured)
        for _ in range(SEARCH_RUNS):
            for query in SEARCH_QUERIES:
                began = time.perf_counter()
                client.get(path, {"q": query}, headers=RENDER)
                timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        results[role] = {
            "requests": len(timings),
            "p50": statistics.median(timings),
            "p99": timings[min(len(timings) - 1, int(len(timings) * 0.99))],
            "max": timings[-1],
            "queries": max(counts.values()),
            "per_query": counts,
        }
    return {"queries": SEARCH_QUERIES, "runs": SEARCH_RUNS, "roles": results}


def profile(name: str, runs: int = 50) -> dict:
    """Where one page's time goes, rendered anew: p50, SQL's share, cProfile's top functions."""
    import cProfile
    import pstats

    meeting = _target_meeting()
    people = _people(meeting)
    page = next((p for p in _pages(meeting) if p["name"] == name), None)
    if page is None:
        raise SystemExit(f"no page {name!r}: " + ", ".join(p["name"] for p in _pages(meeting)))
    client = _client(people[page["role"]])
    client.get(page["path"], headers=RENDER)  # warm
    timings, sql = [], []
    for _ in range(runs):
        queries: list[tuple[float, str]] = []

        def timed(execute, statement, params, many, context, queries=queries):
            began = time.perf_counter()
            try:
                return execute(statement, params, many, context)
            finally:
                queries.append(((time.perf_counter() - began) * 1000, statement))

        with connection.execute_wrapper(timed):
            began = time.perf_counter()
            response = client.get(page["path"], headers=RENDER)
            timings.append((time.perf_counter() - began) * 1000)
        sql.append(sum(ms for ms, _ in queries))
    for ms, statement in queries:  # the last request's
        sys.stderr.write(f"{ms:7.2f} ms  {statement[:600]}\n")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        client.get(page["path"], headers=RENDER)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    return {
        "page": name,
        "path": page["path"],
        "status": response.status_code,
        "bytes": len(response.content),
        "p50_ms": statistics.median(timings),
        "sql_ms": statistics.median(sql),
        "queries": len(queries),
        "calls_per_request": stats.total_calls // 10,
    }


def main(argv: list[str]) -> None:
    command = argv[0]
    if command == "prepare":
        result = prepare()
    elif command == "sweep":
        result = sweep(argv[1])
    elif command == "fanout":
        result = fanout()
    elif command == "age-renders":
        result = age_renders()
    elif command == "pdf":
        result = pdf()
    elif command == "search":
        result = search()
    elif command == "profile":
        result = profile(argv[1], *(int(n) for n in argv[2:3]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    sys.stdout.write("\n" + json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
