"""Ten years of the group's life, for measuring: `manage.py seed_scale`.

30 agencies (some left and re-joined), 1,500 people, chair terms without
overlap, 500 meetings of both levels with proposals in every state
(20,000), published agenda versions, minutes in every state with
corrigenda and comments, 50,000 action points in every status,
delegations with attendance, and 10,000 notices in every state. Rows go in
with bulk inserts, so the whole set loads in well under five minutes.

It lives on the top floor because it writes every floor's rows. It writes
into the database ``DATABASE_URL`` names and refuses one that already
holds data unless ``--force`` is given, which first empties the project's
tables (the purpose vocabulary, loaded by a migration, is kept).
``--scale`` shrinks every count (the tests load 2% of it).
"""

import datetime
import itertools
import time
import zoneinfo
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from agenda.enums import ProposalState, Purpose, StandingItem
from agenda.models import Agenda, AgendaItem, AgendaVersion, GuestInvitation, Proposal
from agenda.pdf import AGENDA_PDF
from agenda.selectors import meeting_header
from core.documents.models import Document
from core.models import AuditEntry
from meetings.enums import Kind, Level, MeetingStatus, Rsvp, TermChange
from meetings.models import ChairTerm, ChairTermChange, Delegate, Meeting
from meetings.services.meetings import meeting_default_title
from members.enums import AgencyKind, Audience, Role
from members.management.commands.seed_demo import DATA, DEMO_PASSWORD, demo_name, demo_slug
from members.models import Agency, Announcement, Membership, Organization, Person
from minutes.enums import ActionStatus, CommentOutcome, MinutesState
from minutes.models import ActionPoint, Comment, Edition, Minutes, MinutesSection
from minutes.pdf import DRAFT_PDF, EDITION_PDF
from minutes.text import render_markdown
from notices.enums import NoticeState
from notices.models import Notice

GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")
ZONES = ["Europe/Zurich", "America/New_York", "Africa/Nairobi", "Asia/Bangkok", "Europe/Paris"]
LANGUAGES = ["en", "en", "fr", "es"]
PURPOSES = [p.value for p in Purpose]
BATCH = 2000

# Full size; --scale multiplies the counts, --years the ones that grow with the years.
YEARS = 10
AGENCIES = 30
MEETINGS = 500
PROPOSALS_PER_MEETING = 40
ACTION_POINTS = 50_000
NOTICES = 10_000
FOCAL_POINTS_PER_AGENCY = 45
FORMER_STAFF = 70
ORGANIZATIONS = 15

# One principals' meeting of about a year ago has 30 agenda items, each with its minutes: the
# content of the Indico meeting page the benchmark compares with (issue 10).
RETREAT_TITLE = "Principals' retreat"
RETREAT_TOPICS = 26  # and the four standing items
# A meeting's 40 proposals: every state, accepted ones become its agenda items.
PROPOSAL_PLAN = (
    [ProposalState.ACCEPTED] * 6
    + [ProposalState.SUBMITTED] * 6
    + [ProposalState.DEFERRED] * 4
    + [ProposalState.DECLINED] * 6
    + [ProposalState.WITHDRAWN] * 6
    + [ProposalState.DRAFT] * 12
)
NOTICE_STATES = (
    [NoticeState.SENT] * 90
    + [NoticeState.QUEUED] * 3
    + [NoticeState.FAILED] * 3
    + [NoticeState.UNCERTAIN, NoticeState.CANCELLED, NoticeState.SENDING, NoticeState.CANCELLED]
)
NOTICE_KINDS = [
    "agenda_published",
    "minutes_published",
    "minutes_circulated",
    "meeting_invitation",
    "announcement",
    "proposal_receipt",
    "action_points_overdue",
]
SUMMARY = (
    "The chair introduced the item. Members **welcomed** the joint note and stressed:\n\n"
    "- the need for comparable data across agencies;\n"
    "- capacity building for national statistical offices.\n"
)
DECISIONS = "The group **agreed** to prepare a common position for the next principals' meeting."


def _chunks(rows, size=BATCH):
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _pending_documents(owners, kind: str) -> None:
    """Their PDFs, still to be rendered (the worker's sweep takes them up)."""
    if not owners:
        return
    owner_type = ContentType.objects.get_for_model(owners[0])
    _bulk(Document, [Document(kind=kind, owner_type=owner_type, owner_id=o.pk) for o in owners])


def _bulk(model, rows) -> list:
    """Insert rows in batches; on PostgreSQL (and SQLite 3.35+) the pks come back."""
    created = []
    for chunk in _chunks(rows):
        created.extend(model.objects.bulk_create(chunk))
    return created


def _project_models():
    """Every model of the project's own apps, plus the sessions Django keeps for them."""
    root = Path(settings.BASE_DIR).resolve()
    own = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root)
        and ".venv" not in Path(config.path).parts
    }
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.app_label in own]
    # The group's reference data (its purposes and standing items) stays.
    kept = {"agenda.PurposeTag", "agenda.StandingItemSetting"}
    return [m for m in models if m._meta.label not in kept] + [Session]


class Command(BaseCommand):
    help = "Load ten years of realistic data (bulk inserts) for the benchmark."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Empty the project's tables first if the database already holds data.",
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply the counts (1 = ten years)."
        )
        parser.add_argument(
            "--years",
            type=int,
            default=YEARS,
            help="Years of history, from 1 January that many years ago: the same agencies "
            "and people, as many meetings, action points and notices a year as in ten years.",
        )

    def handle(self, *args, force=False, scale=1.0, years=YEARS, **options):
        if not 0 < scale <= 1:
            raise CommandError("--scale must be above 0 and at most 1.")
        if not 1 <= years <= YEARS:
            raise CommandError(f"--years must be from 1 to {YEARS}.")
        self.scale = scale
        holds_data = any(
            m.objects.exists() for m in (Agency, Person, Meeting, Notice, Organization)
        )
        if holds_data and not force:
            raise CommandError(
                f"The database {connection.settings_dict['NAME']!r} already holds data: "
                "seed_scale only fills an empty one. Use --force to empty it first."
            )
        began = time.monotonic()
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.first_day = self.today.replace(year=self.today.year - years, month=1, day=1)
        with transaction.atomic():
            if holds_data:
                self._empty()
            self._step("members", self.seed_members)
            self._step("chair terms", self.seed_terms)
            self._step("meetings", self.seed_meetings)
            self._step("proposals and agendas", self.seed_agendas)
            self._step("delegations", self.seed_delegations)
            self._step("minutes and action points", self.seed_minutes)
            self._step("notices", self.seed_notices)
        if connection.vendor == "postgresql":
            # As a database that has lived ten years would be: vacuumed (which also moves the
            # rows' words from the full-text indexes' pending lists into the indexes, where a
            # search would otherwise read them one by one) and analysed.
            with connection.cursor() as cursor:
                # (Inside a transaction, as in the tests, VACUUM cannot run: statistics only.)
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"{years} year{'s' if years > 1 else ''} of history in place in "
                f"{time.monotonic() - began:.0f} s "
                f"(sign in as secretariat@scale.example.org, password {DEMO_PASSWORD})."
            )
        )

    def _step(self, name, function):
        began = time.monotonic()
        summary = function()
        self.stdout.write(f"  {name}: {summary} ({time.monotonic() - began:.1f} s)")

    def _n(self, count: int, least: int = 1) -> int:
        return max(least, round(count * self.scale))

    def _per_year(self, count: int, least: int = 1) -> int:
        """A count of ten years' history, for the years asked: as many a year as in ten."""
        full = self.today - self.today.replace(year=self.today.year - YEARS, month=1, day=1)
        return self._n(round(count * ((self.today - self.first_day) / full)), least=least)

    def _empty(self):
        for model in _project_models():
            model.objects.all()._raw_delete(model.objects.db)

    # --- members ----------------------------------------------------------

    def seed_members(self) -> str:
        import csv

        with (DATA / "agencies.csv").open(newline="", encoding="utf-8") as f:
            rows = [(r["acronym"], r["name"], r["kind"]) for r in csv.DictReader(f)]
        for n in range(len(rows) + 1, AGENCIES + 1):
            rows.append((f"ENT{n:02}", f"Member entity {n}", AgencyKind.OTHER))
        self.agencies = _bulk(
            Agency,
            (
                Agency(acronym=acronym, name=name, kind=kind, rotation_position=position)
                for position, (acronym, name, kind) in enumerate(rows[:AGENCIES], start=1)
            ),
        )
        start = self.first_day - datetime.timedelta(days=30)
        memberships = []
        self.left = set()  # agencies not members today
        span = self.today - start

        def into(tenths: int) -> datetime.date:  # that far into the history
            return start + span * tenths / 10

        for index, agency in enumerate(self.agencies):
            if index in (24, 25, 26):  # left in year 3 (of ten), came back in year 5
                memberships.append(Membership(agency=agency, start=start, end=into(3)))
                memberships.append(Membership(agency=agency, start=into(5)))
            elif index in (27, 28):  # left in year 7 for good
                memberships.append(Membership(agency=agency, start=start, end=into(7)))
                self.left.add(agency.pk)
            else:
                memberships.append(Membership(agency=agency, start=start))
        self.memberships = _bulk(Membership, memberships)
        password = make_password(DEMO_PASSWORD)
        people = [
            Person(
                email="secretariat@scale.example.org" if n == 0 else f"staff{n}@scale.example.org",
                full_name=demo_name(1000 + n),
                role=Role.SECRETARIAT,
                title="GMG Secretariat",
                password=password,
            )
            for n in range(5)
        ]
        focal_points = self._n(FOCAL_POINTS_PER_AGENCY, least=3)
        for index, agency in enumerate(self.agencies):
            slug = demo_slug(agency.acronym)
            people.append(
                Person(
                    email=f"head.{slug}@scale.example.org",
                    full_name=demo_name(index * 50),
                    role=Role.PRINCIPAL,
                    agency=agency,
                    title="Head of agency",
                    password=password,
                    language=LANGUAGES[index % 4],
                    time_zone=ZONES[index % len(ZONES)],
                )
            )
            for n in range(1, focal_points + 1):
                people.append(
                    Person(
                        email=f"fp{n}.{slug}@scale.example.org",
                        full_name=demo_name(index * 50 + n),
                        role=Role.FOCAL_POINT,
                        agency=agency,
                        title="Migration focal point",
                        password=password,
                        language=LANGUAGES[(index + n) % 4],
                        time_zone=ZONES[(index + n) % len(ZONES)],
                    )
                )
        for n in range(self._n(FORMER_STAFF)):
            agency = self.agencies[n % len(self.agencies)]
            people.append(
                Person(
                    email=f"former{n}.{demo_slug(agency.acronym)}@scale.example.org",
                    full_name=demo_name(5000 + n),
                    role=Role.FOCAL_POINT,
                    agency=agency,
                    is_active=False,
                    password=password,
                )
            )
        self.organizations = _bulk(
            Organization,
            (
                Organization(
                    name=f"Migration Forum {n}",
                    acronym=f"MF{n}",
                    contact_email=f"contact@mf{n}.example.org",
                )
                for n in range(1, self._n(ORGANIZATIONS) + 1)
            ),
        )
        for organization in self.organizations:
            for n in range(1, 4):
                people.append(
                    Person(
                        email=f"guest{n}.{organization.acronym.lower()}@scale.example.org",
                        full_name=demo_name(8000 + organization.pk * 3 + n),
                        role=Role.GUEST,
                        organization=organization,
                        password=password,
                        language="es",
                    )
                )
        self.people = _bulk(Person, people)
        self.focal_points: dict[int, list[Person]] = {}
        for person in self.people:
            if person.role == Role.FOCAL_POINT and person.is_active:
                self.focal_points.setdefault(person.agency_id, []).append(person)
        self.guests: dict[int, list[Person]] = {}
        for person in self.people:
            if person.role == Role.GUEST:
                self.guests.setdefault(person.organization_id, []).append(person)
        self.secretariat = self.people[0]
        return f"{len(self.agencies)} agencies, {len(self.people)} people"

    def member_agencies(self, on: datetime.date) -> list[Agency]:
        periods = {}
        for m in self.memberships:
            if m.start <= on and (m.end is None or m.end >= on):
                periods[m.agency_id] = True
        # Agencies with someone to act for them (at small scales every agency has).
        return [a for a in self.agencies if a.pk in periods and a.pk in self.focal_points]

    # --- chair terms --------------------------------------------------------

    def seed_terms(self) -> str:
        terms = []
        start = self.first_day
        last = self.today.replace(year=self.today.year + 2)
        turn = 0
        while start <= last:
            end = (
                start.replace(month=6, day=30)
                if start.month == 1
                else start.replace(month=12, day=31)
            )
            members = self.member_agencies(start)
            agency = members[turn % len(members)]
            turn += 1
            terms.append(ChairTerm(agency=agency, start=start, end=end))
            start = end + datetime.timedelta(days=1)
        self.terms = _bulk(ChairTerm, terms)
        ChairTermChange.objects.create(
            action=TermChange.EXTEND,
            reason="Ten years of the rotation (scale data).",
            actor=self.secretariat,
            details={
                "created": [
                    {"agency": t.agency.acronym, "start": str(t.start), "end": str(t.end)}
                    for t in terms
                ]
            },
        )
        return f"{len(self.terms)} terms"

    def chair_on(self, day: datetime.date) -> Agency:
        for term in self.terms:
            if term.start <= day <= term.end:
                return term.agency
        raise AssertionError(day)

    # --- meetings -----------------------------------------------------------

    def seed_meetings(self) -> str:
        count = self._per_year(MEETINGS, least=10)
        first = datetime.datetime.combine(
            self.first_day + datetime.timedelta(days=20), datetime.time(9, 30), GENEVA
        )
        ahead = datetime.datetime.combine(
            self.today + datetime.timedelta(days=120), datetime.time(9, 30), GENEVA
        )
        step = (ahead - first) / (count - 1)
        # The retreat: the principals' meeting (index % 5 == 0) nearest a year ago.
        year_ago = self.now - datetime.timedelta(days=365)
        retreat = min(
            (i for i in range(0, count, 5) if i % 47 != 23 and first + step * i < year_ago),
            key=lambda i: abs(first + step * i - year_ago),
            default=None,
        )
        meetings = []
        for index in range(count):
            start = (first + step * index).replace(hour=9, minute=30, second=0, microsecond=0)
            local_date = start.date()
            level = Level.PRINCIPALS if index % 5 == 0 else Level.WORKING
            kind = Kind.AD_HOC if index % 9 == 4 else Kind.REGULAR
            past = start < self.now
            cancelled = index % 47 == 23
            status = (
                MeetingStatus.CANCELLED
                if cancelled
                else (MeetingStatus.HELD if past else MeetingStatus.PLANNED)
            )
            title = meeting_default_title(level=level, kind=kind, local_date=local_date)
            if index == retreat:
                kind, title = Kind.AD_HOC, f"{RETREAT_TITLE}, {local_date.year}"
            meetings.append(
                Meeting(
                    level=level,
                    kind=kind,
                    title=title,
                    start=start.astimezone(datetime.UTC),
                    end=(start + datetime.timedelta(hours=3)).astimezone(datetime.UTC),
                    time_zone="Europe/Zurich",
                    local_date=local_date,
                    venue="Palais des Nations, Room XII" if index % 3 else "",
                    online_link="https://meet.example.org/gmg" if index % 3 != 1 else "",
                    proposal_deadline=local_date - datetime.timedelta(days=21),
                    registration_deadline=local_date - datetime.timedelta(days=7),
                    status=status,
                    cancel_reason="No quorum." if cancelled else "",
                    description="Regular consultation of the group.",
                    invited_at=start - datetime.timedelta(days=40)
                    if start - datetime.timedelta(days=40) < self.now
                    else None,
                    created_at=start - datetime.timedelta(days=60),
                )
            )
        self.meetings = _bulk(Meeting, meetings)
        last_principals = None
        related = []
        for meeting in self.meetings:
            if meeting.level == Level.PRINCIPALS:
                last_principals = meeting
            elif last_principals is not None:
                meeting.related_meeting = last_principals
                related.append(meeting)
        Meeting.objects.bulk_update(related, ["related_meeting"], batch_size=BATCH)
        return f"{len(self.meetings)} meetings"

    def published(self, meeting: Meeting) -> bool:
        """An agenda is out for every meeting not cancelled up to three weeks ahead."""
        return (
            meeting.status != MeetingStatus.CANCELLED
            and meeting.local_date <= self.today + datetime.timedelta(days=21)
        )

    # --- proposals and agendas ----------------------------------------------

    def seed_agendas(self) -> str:
        references: dict[tuple[str, int], int] = {}
        agendas = []
        for meeting in self.meetings:
            agenda = Agenda(meeting=meeting, version=2)
            if self.published(meeting):
                series = "PM" if meeting.level == Level.PRINCIPALS else "WL"
                key = (series, meeting.local_date.year)
                references[key] = references.get(key, 0) + 1
                agenda.series, agenda.year, agenda.number = series, key[1], references[key]
                meeting.frozen_chair = self.chair_on(meeting.local_date)
            agendas.append(agenda)
        Meeting.objects.bulk_update(
            [m for m in self.meetings if m.frozen_chair_id], ["frozen_chair"], batch_size=BATCH
        )
        self.agendas = _bulk(Agenda, agendas)
        next_of: dict[int, Meeting] = {}
        previous_of: dict[int, Meeting] = {}
        by_level: dict[str, list[Meeting]] = {}
        for meeting in self.meetings:
            by_level.setdefault(meeting.level, []).append(meeting)
        for same in by_level.values():
            for before, after in itertools.pairwise(same):
                next_of[before.pk] = after
                previous_of[after.pk] = before

        proposals = []
        per_meeting = self._n(PROPOSALS_PER_MEETING, least=len(set(PROPOSAL_PLAN)))
        plan = [PROPOSAL_PLAN[i * len(PROPOSAL_PLAN) // per_meeting] for i in range(per_meeting)]
        # The retreat's as many, nearly all accepted: its 26 topics.
        retreat_plan = [ProposalState.ACCEPTED] * RETREAT_TOPICS + [
            state for state in plan if state != ProposalState.ACCEPTED
        ][: max(0, per_meeting - RETREAT_TOPICS)]
        for m_index, meeting in enumerate(self.meetings):
            members = [
                a for a in self.member_agencies(meeting.local_date) if a.pk in self.focal_points
            ]
            chair = meeting.frozen_chair or self.chair_on(meeting.local_date)
            chair_office = self.focal_points[chair.pk][0]
            opened = meeting.start - datetime.timedelta(days=49)
            own_plan = retreat_plan if meeting.title.startswith(RETREAT_TITLE) else plan
            for p_index, state in enumerate(own_plan):
                agency = members[(m_index * 7 + p_index) % len(members)]
                author = self.focal_points[agency.pk][p_index % len(self.focal_points[agency.pk])]
                created = opened + datetime.timedelta(hours=6 * p_index)
                target = meeting
                deferred_from = None
                if state == ProposalState.DEFERRED:
                    target = next_of.get(meeting.pk, meeting)
                    deferred_from = meeting
                decided = state in (
                    ProposalState.ACCEPTED,
                    ProposalState.DEFERRED,
                    ProposalState.DECLINED,
                )
                submitted = state != ProposalState.DRAFT
                proposals.append(
                    Proposal(
                        meeting=target,
                        level=meeting.level,
                        agency=agency,
                        author=author,
                        title=f"Topic {p_index + 1} for {meeting.title}",
                        summary=f"{agency.name} proposes to discuss this with the group.",
                        rationale="Raised by several members at the last working-level meeting.",
                        state=state,
                        is_late=submitted and p_index % 11 == 3,
                        submitted_at=created + datetime.timedelta(days=1) if submitted else None,
                        deferred_from=deferred_from,
                        decision_note="Thank you for the proposal." if decided else "",
                        decided_by=chair_office if decided else None,
                        decided_at=created + datetime.timedelta(days=20) if decided else None,
                        created_at=created,
                    )
                )
        self.proposals = _bulk(Proposal, proposals)
        through = Proposal.purposes.through
        _bulk(
            through,
            (
                through(proposal_id=p.pk, purposetag_id=PURPOSES[i % len(PURPOSES)])
                for i, p in enumerate(self.proposals)
            ),
        )

        accepted: dict[int, list[Proposal]] = {}
        for proposal in self.proposals:
            if proposal.state == ProposalState.ACCEPTED:
                accepted.setdefault(proposal.meeting_id, []).append(proposal)
        items = []
        for agenda in self.agendas:
            meeting = agenda.meeting
            rows = [
                (StandingItem.ADOPT_AGENDA, StandingItem.ADOPT_AGENDA.label, None, None),
                (
                    StandingItem.ADOPT_MINUTES,
                    StandingItem.ADOPT_MINUTES.label,
                    None,
                    previous_of.get(meeting.pk),
                ),
                (StandingItem.FOLLOW_UP, StandingItem.FOLLOW_UP.label, None, None),
            ]
            rows += [("", p.title, p, None) for p in accepted.get(meeting.pk, [])]
            rows.append((StandingItem.AOB, StandingItem.AOB.label, None, None))
            for position, (standing, title, proposal, linked) in enumerate(rows):
                items.append(
                    AgendaItem(
                        agenda=agenda,
                        position=position,
                        title=str(title),
                        standing=standing,
                        presenter_agency_id=proposal.agency_id if proposal else None,
                        presenter=proposal.author if proposal else None,
                        minutes=20 if proposal else 10,
                        proposal=proposal,
                        linked_meeting=linked,
                    )
                )
        self.items = _bulk(AgendaItem, items)
        through = AgendaItem.purposes.through
        _bulk(
            through,
            (
                through(agendaitem_id=item.pk, purposetag_id=PURPOSES[i % len(PURPOSES)])
                for i, item in enumerate(self.items)
                if not item.standing
            ),
        )
        self.items_of: dict[int, list[AgendaItem]] = {}
        for item in self.items:
            self.items_of.setdefault(item.agenda_id, []).append(item)

        versions = []
        for agenda in self.agendas:
            if not agenda.number:
                continue
            snapshot = {**meeting_header(agenda), "items": self._item_snapshot(agenda)}
            published_at = agenda.meeting.start - datetime.timedelta(days=14)
            versions.append(
                AgendaVersion(
                    agenda=agenda,
                    number=1,
                    published_at=published_at,
                    published_by=self.focal_points[agenda.meeting.frozen_chair_id][0],
                    snapshot=snapshot,
                )
            )
            if agenda.meeting.pk % 4 == 0:  # a revision a week later
                versions.append(
                    AgendaVersion(
                        agenda=agenda,
                        number=2,
                        published_at=published_at + datetime.timedelta(days=7),
                        published_by=self.focal_points[agenda.meeting.frozen_chair_id][0],
                        snapshot=snapshot,
                        changes=["Changed: time allotted of an item"],
                    )
                )
        self.versions = _bulk(AgendaVersion, versions)
        _pending_documents(self.versions, AGENDA_PDF)
        self.latest_version = {v.agenda.meeting_id: v for v in self.versions}

        invitations = []
        for index, meeting in enumerate(self.meetings):
            if index % 10 == 5:
                organization = self.organizations[index % len(self.organizations)]
                invitations.append(GuestInvitation(meeting=meeting, organization=organization))
        invitations = _bulk(GuestInvitation, invitations)
        agenda_of = {a.meeting_id: a for a in self.agendas}
        item_through = GuestInvitation.items.through
        people_through = GuestInvitation.people.through
        _bulk(
            item_through,
            (
                item_through(
                    guestinvitation_id=inv.pk,
                    agendaitem_id=self.items_of[agenda_of[inv.meeting_id].pk][-1].pk,
                )
                for inv in invitations
            ),
        )
        _bulk(
            people_through,
            (
                people_through(guestinvitation_id=inv.pk, person_id=guest.pk)
                for inv in invitations
                for guest in self.guests[inv.organization_id]
            ),
        )
        return (
            f"{len(self.proposals)} proposals, {len(self.items)} items, "
            f"{len(self.versions)} agenda versions"
        )

    def _item_snapshot(self, agenda) -> list[dict]:
        return [
            {
                "id": item.pk,
                "number": number,
                "title": item.title,
                "description": item.description,
                "standing": item.standing,
                "presenter_agency": item.proposal.agency.acronym if item.proposal else "",
                "presenter": item.presenter.full_name if item.presenter else "",
                "minutes": item.minutes,
                "purposes": [],
                "papers": [],
                "linked_meeting": item.linked_meeting.title if item.linked_meeting else "",
            }
            for number, item in enumerate(self.items_of[agenda.pk], start=1)
        ]

    # --- delegations ----------------------------------------------------------

    def seed_delegations(self) -> str:
        delegates = []
        rsvps = [Rsvp.IN_PERSON, Rsvp.ONLINE, Rsvp.IN_PERSON, Rsvp.NOT_ATTENDING]
        self.attending: dict[int, list[tuple[Agency, list[Person]]]] = {}
        for m_index, meeting in enumerate(self.meetings):
            if meeting.status == MeetingStatus.CANCELLED:
                continue
            held = meeting.status == MeetingStatus.HELD
            members = [
                a for a in self.member_agencies(meeting.local_date) if a.pk in self.focal_points
            ]
            rows = []
            for a_index, agency in enumerate(members[: max(3, len(members) // 2)]):
                people = self.focal_points[agency.pk]
                rsvp = rsvps[(m_index + a_index) % len(rsvps)]
                chosen = [people[(m_index + k) % len(people)] for k in range(2)]
                for k, person in enumerate(dict.fromkeys(chosen)):
                    delegates.append(
                        Delegate(
                            meeting=meeting,
                            agency=agency,
                            person=person,
                            rsvp=rsvp,
                            is_head=k == 0,
                            attended=(rsvp != Rsvp.NOT_ATTENDING) if held else None,
                            registered_by=person,
                            updated_at=meeting.start - datetime.timedelta(days=10),
                        )
                    )
                if held and rsvp != Rsvp.NOT_ATTENDING:
                    rows.append(agency)
            self.attending[meeting.pk] = rows
        self.delegates = _bulk(Delegate, delegates)
        return f"{len(self.delegates)} delegates"

    # --- minutes ----------------------------------------------------------------

    def seed_minutes(self) -> str:
        held = [
            m
            for m in self.meetings
            if m.status == MeetingStatus.HELD and m.pk in self.latest_version
        ]
        newest_first = list(reversed(held))
        # The newest few are still a draft, circulated, final; the rest are published.
        per_state = 3 if self.scale >= 0.5 else 1
        unpublished = [MinutesState.DRAFT, MinutesState.CIRCULATED, MinutesState.FINAL]
        state_of = {}
        for index, meeting in enumerate(newest_first):
            state_of[meeting.pk] = (
                unpublished[index // per_state]
                if index < per_state * len(unpublished)
                else MinutesState.PUBLISHED
            )
        minutes_rows = []
        for meeting in held:
            state = state_of[meeting.pk]
            circulated = state != MinutesState.DRAFT
            minutes_rows.append(
                Minutes(
                    meeting=meeting,
                    agenda_version=self.latest_version[meeting.pk],
                    state=state,
                    comments_until=(
                        self.today + datetime.timedelta(days=5)
                        if state == MinutesState.CIRCULATED
                        else meeting.local_date + datetime.timedelta(days=24)
                    )
                    if circulated
                    else None,
                    circulated_at=meeting.end + datetime.timedelta(days=14) if circulated else None,
                    created_by=self.focal_points[meeting.frozen_chair_id][0],
                    created_at=meeting.end + datetime.timedelta(days=2),
                )
            )
        self.minutes = _bulk(Minutes, minutes_rows)
        _pending_documents([m for m in self.minutes if m.circulated_at], DRAFT_PDF)
        summary_html, decisions_html = render_markdown(SUMMARY), render_markdown(DECISIONS)
        sections = []
        for minutes in self.minutes:
            agenda_id = minutes.agenda_version.agenda_id
            for number, item in enumerate(self.items_of[agenda_id], start=1):
                topic = not item.standing
                sections.append(
                    MinutesSection(
                        minutes=minutes,
                        agenda_item=item,
                        number=number,
                        title=item.title[:300],
                        standing=item.standing,
                        summary=SUMMARY if topic else "",
                        decisions=DECISIONS if topic else "",
                        summary_html=summary_html if topic else "",
                        decisions_html=decisions_html if topic else "",
                        updated_by=minutes.created_by,
                        updated_at=minutes.created_at,
                    )
                )
        self.sections = _bulk(MinutesSection, sections)
        topic_sections: dict[int, list[MinutesSection]] = {}
        for section in self.sections:
            if not section.standing:
                topic_sections.setdefault(section.minutes_id, []).append(section)

        comments = []
        outcomes = [CommentOutcome.TAKEN, CommentOutcome.NOT_TAKEN, CommentOutcome.PENDING]
        for index, minutes in enumerate(self.minutes):
            if minutes.state == MinutesState.DRAFT or minutes.pk not in topic_sections:
                continue
            for k, agency in enumerate(self.attending[minutes.meeting_id][:2]):
                outcome = outcomes[(index + k) % 3]
                if minutes.state == MinutesState.CIRCULATED:
                    outcome = CommentOutcome.PENDING
                author = self.focal_points[agency.pk][0]
                comments.append(
                    Comment(
                        section=topic_sections[minutes.pk][0],
                        author=author,
                        agency=agency,
                        text="Please add that our agency offered to host the next session.",
                        created_at=minutes.circulated_at + datetime.timedelta(days=2),
                        outcome=outcome,
                        reply="Added." if outcome == CommentOutcome.TAKEN else "",
                        replied_by=minutes.created_by if outcome else None,
                        replied_at=minutes.circulated_at + datetime.timedelta(days=3)
                        if outcome
                        else None,
                    )
                )
        self.comments = _bulk(Comment, comments)

        with_points = [m for m in self.minutes if m.pk in topic_sections]
        total = self._per_year(ACTION_POINTS, least=len(with_points))
        statuses = [ActionStatus.DONE] * 6 + [ActionStatus.DROPPED] + [ActionStatus.OPEN] * 3
        points = []
        for index in range(total):
            minutes = with_points[index % len(with_points)]
            meeting = minutes.meeting
            section = topic_sections[minutes.pk][
                index // len(with_points) % len(topic_sections[minutes.pk])
            ]
            due = meeting.local_date + datetime.timedelta(days=30 + 30 * (index % 6))
            status = statuses[index % len(statuses)]
            if due > self.today and status == ActionStatus.DONE and index % 2:
                status = ActionStatus.OPEN
            points.append(
                ActionPoint(
                    minutes=minutes,
                    meeting=meeting,
                    section=section,
                    text=f"Share the note on item {section.number} with all members ({index}).",
                    person=demo_name(index) if index % 3 == 0 else "",
                    due=due,
                    status=status,
                    status_note="Done at the next session." if status == ActionStatus.DONE else "",
                    created_at=minutes.created_at,
                    updated_at=minutes.created_at,
                )
            )
        self.points = _bulk(ActionPoint, points)
        through = ActionPoint.agencies.through
        owners = []
        for index, point in enumerate(self.points):
            attending = self.attending[point.meeting_id] or [point.meeting.frozen_chair]
            chosen = {attending[index % len(attending)].pk}
            if index % 2:
                chosen.add(attending[(index + 1) % len(attending)].pk)
            owners.extend(through(actionpoint_id=point.pk, agency_id=pk) for pk in chosen)
        _bulk(through, owners)

        editions = []
        points_of: dict[int, list[ActionPoint]] = {}
        for point in self.points:
            points_of.setdefault(point.minutes_id, []).append(point)
        sections_of: dict[int, list[MinutesSection]] = {}
        for section in self.sections:
            sections_of.setdefault(section.minutes_id, []).append(section)
        for index, minutes in enumerate(self.minutes):
            if minutes.state != MinutesState.PUBLISHED:
                continue
            snapshot = self._edition_snapshot(minutes, sections_of, points_of)
            published_at = minutes.meeting.end + datetime.timedelta(days=30)
            editions.append(
                Edition(
                    minutes=minutes,
                    number=1,
                    published_at=published_at,
                    published_by=minutes.created_by,
                    snapshot=snapshot,
                )
            )
            if index % 10 == 3:  # a corrigendum
                editions.append(
                    Edition(
                        minutes=minutes,
                        number=2,
                        reason="The attendance list was incomplete.",
                        published_at=published_at + datetime.timedelta(days=20),
                        published_by=minutes.created_by,
                        snapshot=snapshot,
                    )
                )
        self.editions = _bulk(Edition, editions)
        _pending_documents(self.editions, EDITION_PDF)
        return (
            f"{len(self.minutes)} minutes, {len(self.sections)} sections, "
            f"{len(self.comments)} comments, {len(self.points)} action points, "
            f"{len(self.editions)} editions"
        )

    def _edition_snapshot(self, minutes, sections_of, points_of) -> dict:
        agenda = minutes.agenda_version.agenda
        owners = {a.pk: a.acronym for a in self.agencies}
        points = sorted(points_of.get(minutes.pk, []), key=lambda p: (p.due, p.pk))
        section_number = {s.pk: s.number for s in sections_of[minutes.pk]}
        return {
            **meeting_header(agenda),
            "sections": [
                {
                    "number": s.number,
                    "title": s.title,
                    "summary_html": s.summary_html,
                    "decisions_html": s.decisions_html,
                }
                for s in sections_of[minutes.pk]
            ],
            "attendance": [
                {"acronym": a.acronym, "name": a.name, "people": []}
                for a in self.attending[minutes.meeting_id]
            ],
            "action_points": [
                {
                    "id": p.pk,
                    "number": number,
                    "section": section_number[p.section_id],
                    "text": p.text,
                    "owners": [owners.get(p.meeting.frozen_chair_id, "")],
                    "person": p.person,
                    "due": p.due.isoformat(),
                    "status": p.status,
                }
                for number, p in enumerate(points, start=1)
            ],
        }

    # --- notices ------------------------------------------------------------------

    def seed_notices(self) -> str:
        total = self._per_year(NOTICES, least=len(NOTICE_STATES))
        active = [p for p in self.people if p.is_active]
        span = (
            self.now - datetime.datetime.combine(self.first_day, datetime.time(8), GENEVA)
        ) / total
        start = self.now - span * total
        notices = []
        for index in range(total):
            person = active[index % len(active)]
            state = NOTICE_STATES[index % len(NOTICE_STATES)]
            kind = NOTICE_KINDS[index % len(NOTICE_KINDS)]
            created = start + span * index
            notices.append(
                Notice(
                    recipient=person,
                    to_email=person.email,
                    language=person.language,
                    subject=f"GMG: {kind.replace('_', ' ')}",
                    body_text=f"Dear {person.full_name},\n\nA message from the GMG secretariat.\n",
                    kind=kind,
                    idempotency_key=f"scale:{kind}:{index}:to:{person.pk}",
                    state=state,
                    attempts=0 if state in (NoticeState.QUEUED, NoticeState.CANCELLED) else 1,
                    last_error="SMTPRecipientsRefused: 550" if state == NoticeState.FAILED else "",
                    created_at=created,
                    # Queued ones wait for a retry later on: the sweep finds nothing lost.
                    next_attempt_at=self.now + datetime.timedelta(days=1)
                    if state == NoticeState.QUEUED
                    else created,
                    last_attempt_at=created if state != NoticeState.QUEUED else None,
                    sent_at=created if state == NoticeState.SENT else None,
                )
            )
        self.notices = _bulk(Notice, notices)
        Announcement.objects.bulk_create(
            Announcement(
                author=self.secretariat,
                audience=Audience.FOCAL_POINTS,
                subject=f"Retreat {year}",
                body="Dates and venue to follow.",
                created_at=datetime.datetime(year, 3, 1, 9, tzinfo=datetime.UTC),
                recipient_count=len(active),
            )
            for year in range(self.first_day.year, self.today.year + 1)
        )
        AuditEntry.objects.bulk_create(
            AuditEntry(actor=self.secretariat, action="scale.seed", details={"index": n})
            for n in range(self._per_year(2000))
        )
        return f"{len(self.notices)} notices"
