import datetime

import factory

from members.enums import AgencyKind, Role
from members.models import Agency, Membership, Organization, Person

PASSWORD = "correct-horse-battery"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Agency number {n}")
    acronym = factory.Sequence(lambda n: f"AG{n}")
    kind = AgencyKind.FUND
    rotation_position = factory.Sequence(lambda n: n + 1)
    membership = factory.RelatedFactory(
        "tests.factories.MembershipFactory", factory_related_name="agency"
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    agency = factory.SubFactory(AgencyFactory, membership=None)
    start = datetime.date(2006, 1, 1)
    end = None


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    class Params:
        secretariat = factory.Trait(role=Role.SECRETARIAT, agency=None)
        guest = factory.Trait(
            role=Role.GUEST, agency=None, organization=factory.SubFactory(OrganizationFactory)
        )

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.FOCAL_POINT
    agency = factory.SubFactory(AgencyFactory)
    password = factory.django.Password(PASSWORD)


# --- Meetings -----------------------------------------------------------------


class ChairTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.ChairTerm"

    agency = factory.SubFactory(AgencyFactory)
    start = datetime.date(2027, 1, 1)
    end = factory.LazyAttribute(lambda t: t.start.replace(month=6, day=30))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Meeting"
        skip_postgeneration_save = True

    level = "principals"
    kind = "regular"
    title = factory.Sequence(lambda n: f"Meeting {n}")
    time_zone = "Europe/Zurich"
    start = datetime.datetime(2027, 5, 11, 8, 0, tzinfo=datetime.UTC)
    end = factory.LazyAttribute(lambda m: m.start + datetime.timedelta(hours=3))
    proposal_deadline = factory.LazyAttribute(
        lambda m: m.start.date() - datetime.timedelta(days=21)
    )
    registration_deadline = factory.LazyAttribute(
        lambda m: m.start.date() - datetime.timedelta(days=7)
    )

    @factory.post_generation
    def announced(meeting, create, extracted, **kwargs):  # noqa: N805 (the built meeting)
        """As ``meeting_create`` does: the floors above hear of it (the agenda is added)."""
        if create:
            from core.permissions import SYSTEM
            from meetings.signals import meeting_created

            meeting_created.send(sender=type(meeting), meeting=meeting, actor=SYSTEM)
