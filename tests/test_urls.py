"""Deny by default: every page refuses a signed-in person with no rights, and
every page but the sign-in family needs a signed-in person."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from agenda.models import Agenda, AgendaItem, AgendaVersion, GuestInvitation, Paper, Proposal
from core.documents.models import Document
from decisions.models import Decision, ProcedurePaper, Response, SilenceProcedure
from meetings.models import MeetingDocument
from members.models import Announcement
from minutes.models import ActionPoint, Comment, Edition, Minutes, MinutesSection
from notices.models import Notice
from tests.factories import AgencyFactory, MeetingFactory, OrganizationFactory, PersonFactory

# Far above any key the test run itself reaches (PostgreSQL sequences outlive each test).
PK = 2_000_000_000
NUMBER = 7  # version and edition numbers are small integers

# Open to anyone: sign-in and what leads back to it, the invitation link, the language switch.
OPEN = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation_accept",
    "set_language",
    "meetings:feed",
    # The return from an agency's provider, before anyone is signed in.
    "access:sso_return",
}
# What every signed-in person may open, whatever their role.
EVERYONE_SIGNED_IN = {
    "dashboard",
    "profile",
    "logout",
    "password_change",
    "password_change_done",
    "access:sessions",
    "access:sessions_end",
    "access:two_factor_verify",
    "access:two_factor_setup",
    "access:two_factor_codes",
    "search",  # each floor's rows are filtered for the person: tests/search
}


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def _url(name, pattern):
    kwargs = {}
    for key, converter in pattern.pattern.converters.items():
        if key in ("year", "month", "number"):
            kwargs[key] = {"year": 2027, "month": 5, "number": NUMBER}[key]
        else:
            kwargs[key] = PK if isinstance(converter, IntConverter) else "x"
    return reverse(name, kwargs=kwargs)


ALL = sorted(_patterns(get_resolver()), key=lambda item: item[0])
# The OParl API is the public record by design (published documents only): tests/oparl.
OPEN |= {name for name, _ in ALL if name.startswith("oparl:")}
GUARDED = [(name, p) for name, p in ALL if name not in OPEN | EVERYONE_SIGNED_IN]


@pytest.fixture
def objects(db):
    """One object of each kind, all with the same primary key, so every URL resolves."""
    agency = AgencyFactory(pk=PK)
    organization = OrganizationFactory(pk=PK)
    person = PersonFactory(pk=PK, agency=agency)
    Announcement.objects.create(
        pk=PK, author=person, audience="focal_points", subject="s", body="b"
    )
    Notice.objects.create(
        pk=PK, to_email="a@example.org", subject="s", body_text="b", kind="k", idempotency_key="k"
    )
    meeting = MeetingFactory(pk=PK)
    MeetingDocument.objects.create(
        pk=PK,
        meeting=meeting,
        title="Note",
        file="meetings/x.pdf",
        content_type="application/pdf",
        size=1,
    )
    agenda = Agenda.objects.get(meeting=meeting)  # made with the meeting
    item = AgendaItem.objects.create(pk=PK, agenda=agenda, title="Item")
    version = AgendaVersion.objects.create(
        pk=PK, agenda=agenda, number=NUMBER, snapshot={"items": []}
    )
    proposal = Proposal.objects.create(
        pk=PK, meeting=meeting, agency=agency, author=person, title="T", summary="S"
    )
    Paper.objects.create(
        pk=PK, name="p.pdf", content_type="application/pdf", size=1, sha256="0", item=item
    )
    GuestInvitation.objects.create(
        pk=PK, meeting=meeting, organization=organization, proposal=proposal
    )
    minutes = Minutes.objects.create(pk=PK, meeting=meeting, agenda_version=version)
    section = MinutesSection.objects.create(pk=PK, minutes=minutes, number=1, title="Item")
    Comment.objects.create(pk=PK, section=section, author=person, agency=agency, text="c")
    point = ActionPoint.objects.create(
        pk=PK, minutes=minutes, meeting=meeting, section=section, text="a", due="2027-01-01"
    )
    point.agencies.add(agency)
    edition = Edition.objects.create(pk=PK, minutes=minutes, number=NUMBER, snapshot={})
    Document.objects.create(pk=PK, kind="minutes.edition", owner=edition, state="failed")
    procedure = SilenceProcedure.objects.create(
        pk=PK, title="T", text="x", chair=agency, deadline="2027-01-01T12:00Z", state="adopted"
    )
    Response.objects.create(
        pk=PK, procedure=procedure, agency=agency, author=person, kind="comment"
    )
    ProcedurePaper.objects.create(
        pk=PK, procedure=procedure, name="p.pdf", content_type="application/pdf", size=1, sha256="0"
    )
    Decision.objects.create(
        pk=PK,
        year=2027,
        number=1,
        reference="GMG/DEC/2027/1",
        title="T",
        text="x",
        adopted_on="2027-01-01",
        how="silence",
        level="principals",
        procedure=procedure,
    )
    return agency, organization


@pytest.mark.parametrize(("name", "pattern"), ALL, ids=[n for n, _ in ALL])
def test_url_needs_sign_in_unless_open(client, objects, name, pattern):
    url = _url(name, pattern)
    get, post = client.get(url), client.post(url)
    if name in OPEN:
        assert get.status_code != 302 or "/accounts/sign-in/" not in get["Location"]
    else:
        for response in (get, post):
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "pattern"), GUARDED, ids=[n for n, _ in GUARDED])
def test_url_refuses_a_person_without_rights(client, objects, name, pattern):
    nobody = PersonFactory(guest=True)
    client.force_login(nobody)
    url = _url(name, pattern)
    assert client.get(url).status_code in (403, 405), url
    assert client.post(url).status_code == 403, url
