"""Guest organizations typed as free text in proposals: listed for the secretariat, one
click makes a directory entry and links the proposals that named them."""

import pytest
from django.urls import reverse

from agenda import services
from agenda.models import GuestName, Proposal
from agenda.services.guest_names import guest_lines
from core.models import AuditEntry
from members.models import Organization
from tests.factories import AgencyFactory, OrganizationFactory, PersonFactory
from tests.pages import RENDER

pytestmark = pytest.mark.django_db

WISH = (
    "Migrants Forum in Asia: Jane Roe, jane.roe@example.org\n\nmigrants  forum in asia\n"
    "Refugee Council"
)


def test_each_line_names_one_organization_with_an_optional_contact():
    assert guest_lines(WISH) == [
        ("Migrants Forum in Asia", "Jane Roe, jane.roe@example.org"),
        ("Refugee Council", ""),
    ]
    assert guest_lines("") == []
    assert guest_lines("  \n - \n") == []


def _propose(person, meeting, wish, *, submit=True, title="Data on labour migration"):
    return services.proposal_create(
        actor=person,
        purposes=["research-data"],
        submit=submit,
        meeting=meeting,
        title=title,
        summary="Pooling our data.",
        guest_wish=wish,
    )


def test_the_proposal_services_keep_the_names_in_step_with_the_text(proposer, meeting):
    proposal = _propose(proposer, meeting, WISH, submit=False)
    assert sorted(GuestName.objects.values_list("name", flat=True)) == [
        "Migrants Forum in Asia",
        "Refugee Council",
    ]

    services.proposal_update(
        proposal=proposal,
        actor=proposer,
        version=proposal.version,
        purposes=["research-data"],
        guest_wish="Refugee Council: Sam Poe",
    )

    assert list(GuestName.objects.values_list("name", "contact")) == [
        ("Refugee Council", "Sam Poe")
    ]


def test_the_secretariat_sees_new_names_of_submitted_proposals_only(
    client, secretariat, proposer, meeting
):
    _propose(proposer, meeting, WISH)
    other = PersonFactory(agency=AgencyFactory(acronym="OTH"))
    _propose(other, meeting, "Refugee Council\nKnown Org", title="Second")
    _propose(other, meeting, "Secret Draft Org", submit=False, title="Draft")
    OrganizationFactory(name="KNOWN ORG")
    client.force_login(secretariat)

    page = client.get(reverse("dashboard")).content.decode()

    assert "New guest organizations named in proposals" in page
    assert "Migrants Forum in Asia (named in 1 proposal)" in page
    assert "Refugee Council (named in 2 proposals)" in page
    assert "Add Refugee Council to the directory" in page
    assert "Known Org" not in page  # in the directory already, whatever the case
    assert "Secret Draft Org" not in page  # a draft stays with its agency


def test_one_click_makes_the_directory_entry_and_links_the_proposals(
    client, secretariat, proposer, meeting
):
    first = _propose(proposer, meeting, WISH)
    other = PersonFactory(agency=AgencyFactory(acronym="OTH"))
    second = _propose(other, meeting, "MIGRANTS FORUM IN ASIA", title="Second")
    client.force_login(secretariat)

    response = client.post(
        reverse("agenda:guest_name_adopt"), {"key": "migrants forum in asia"}, follow=True
    )

    organization = Organization.objects.get()
    assert organization.name == "Migrants Forum in Asia"
    assert organization.contact_email == "jane.roe@example.org"
    assert organization.contact_name == "Jane Roe"
    for proposal in (first, second):
        assert list(Proposal.objects.get(pk=proposal.pk).guest_organizations.all()) == [
            organization
        ]
    page = response.content.decode()
    assert "Migrants Forum in Asia is in the directory now" in page
    assert "Add Migrants Forum in Asia to the directory" not in page
    entry = AuditEntry.objects.get(action="guest_name.adopt")
    assert entry.actor == secretariat
    assert sorted(entry.details["proposals"]) == sorted([first.pk, second.pk])

    again = client.post(
        reverse("agenda:guest_name_adopt"), {"key": "migrants forum in asia"}, follow=True
    )
    assert Organization.objects.count() == 1
    assert "not waiting for the directory any more" in again.content.decode()


def test_a_name_added_to_the_directory_by_hand_meanwhile_is_linked_not_doubled(
    client, secretariat, proposer, meeting
):
    proposal = _propose(proposer, meeting, "Refugee Council")
    existing = OrganizationFactory(name="Refugee Council")
    client.force_login(secretariat)

    client.post(reverse("agenda:guest_name_adopt"), {"key": "refugee council"})

    assert Organization.objects.count() == 1
    assert list(proposal.guest_organizations.all()) == [existing]


@pytest.mark.parametrize("role", ["focal_point", "principal", "guest", "chair_office"])
def test_only_the_secretariat_adds_a_name_to_the_directory(
    client, role, request, proposer, meeting
):
    _propose(proposer, meeting, "Refugee Council")
    client.force_login(request.getfixturevalue(role))

    page = client.get(reverse("dashboard")).content.decode()
    response = client.post(reverse("agenda:guest_name_adopt"), {"key": "refugee council"})

    assert "New guest organizations" not in page
    assert response.status_code == 403
    assert not Organization.objects.filter(name="Refugee Council").exists()
    assert GuestName.objects.get().organization is None


def test_signed_out_the_click_goes_to_sign_in(client, proposer, meeting):
    _propose(proposer, meeting, "Refugee Council")

    response = client.post(reverse("agenda:guest_name_adopt"), {"key": "refugee council"})

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not Organization.objects.exists()


def test_a_get_changes_nothing(client, secretariat, proposer, meeting):
    _propose(proposer, meeting, "Refugee Council")
    client.force_login(secretariat)

    assert client.get(reverse("agenda:guest_name_adopt")).status_code == 405
    assert not Organization.objects.exists()


@pytest.mark.parametrize("count", [1, 25])
def test_the_secretariat_dashboard_queries_do_not_grow_with_the_names(
    client, secretariat, proposer, meeting, count, django_assert_max_num_queries
):
    _propose(proposer, meeting, "\n".join(f"Organization {k}" for k in range(count)))
    client.force_login(secretariat)
    client.get(reverse("dashboard"))

    with django_assert_max_num_queries(12):
        page = client.get(reverse("dashboard"), headers=RENDER).content.decode()

    assert page.count("to the directory</button>") == min(count, 10)
