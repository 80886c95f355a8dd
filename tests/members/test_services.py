import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.errors import ConflictError
from core.models import AuditEntry
from members import services
from members.enums import Audience, Role
from members.models import Agency, Membership, Person
from notices.models import SECRET_LINK_MARKER, Notice
from tests.factories import AgencyFactory, MembershipFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_agency_create_adds_membership_and_goes_last_in_rotation(secretariat):
    AgencyFactory(rotation_position=7)

    agency = services.agency_create(
        actor=secretariat,
        name="United Nations Office for Testing",
        acronym="UNOT",
        kind="other",
        member_from=datetime.date(2020, 1, 1),
    )

    assert agency.rotation_position == 8
    assert list(agency.memberships.values_list("start", "end")) == [
        (datetime.date(2020, 1, 1), None)
    ]
    assert AuditEntry.objects.filter(action="agency.create", object_id=str(agency.pk)).exists()


def test_agency_update_refuses_a_stale_version(secretariat, agency):
    services.agency_update(agency=agency, actor=secretariat, version=1, name="First edit")

    stale = Agency.objects.get(pk=agency.pk)
    with pytest.raises(ConflictError):
        services.agency_update(agency=stale, actor=secretariat, version=1, name="Second edit")

    assert Agency.objects.get(pk=agency.pk).name == "First edit"


def test_end_membership_then_rejoin_keeps_history(secretariat, agency):
    services.agency_end_membership(
        agency=agency, actor=secretariat, end=datetime.date(2018, 12, 31)
    )
    services.agency_rejoin(agency=agency, actor=secretariat, start=datetime.date(2024, 1, 1))

    periods = list(agency.memberships.order_by("start").values_list("start", "end"))
    assert periods == [
        (datetime.date(2006, 1, 1), datetime.date(2018, 12, 31)),
        (datetime.date(2024, 1, 1), None),
    ]
    assert Agency.objects.members_on(datetime.date(2020, 6, 1)).filter(pk=agency.pk).count() == 0
    assert Agency.objects.members_on(datetime.date(2025, 6, 1)).filter(pk=agency.pk).count() == 1


def test_end_membership_refuses_an_end_before_the_start(secretariat, agency):
    with pytest.raises(ValidationError) as error:
        services.agency_end_membership(
            agency=agency, actor=secretariat, end=datetime.date(2000, 1, 1)
        )
    assert "end" in error.value.error_dict


def test_rejoin_refuses_a_current_member_and_an_overlapping_start(secretariat, agency):
    with pytest.raises(ValidationError, match="already a member"):
        services.agency_rejoin(agency=agency, actor=secretariat, start=datetime.date(2030, 1, 1))
    services.agency_end_membership(
        agency=agency, actor=secretariat, end=datetime.date(2018, 12, 31)
    )
    with pytest.raises(ValidationError) as error:
        services.agency_rejoin(agency=agency, actor=secretariat, start=datetime.date(2018, 6, 1))
    assert "start" in error.value.error_dict


def test_person_invite_queues_one_invitation_without_storing_the_link(
    secretariat, agency, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = services.person_invite(
            actor=secretariat,
            email="New.Person@Example.org",
            full_name="New Person",
            role=Role.FOCAL_POINT,
            agency=agency,
        )

    assert person.email == "new.person@example.org"
    assert not person.has_usable_password()
    notice = Notice.objects.get(kind="invitation", recipient=person)
    assert SECRET_LINK_MARKER in notice.body_text
    assert "/accounts/invitation/" not in notice.body_text
    notice.refresh_from_db()
    assert notice.state == "sent"
    assert len(mailoutbox) == 1
    assert "/accounts/invitation/" in mailoutbox[0].body
    assert SECRET_LINK_MARKER not in mailoutbox[0].body


def test_person_invite_refuses_a_role_that_does_not_fit_the_affiliation(secretariat):
    with pytest.raises(ValidationError):
        services.person_invite(
            actor=secretariat, email="g@example.org", full_name="G", role=Role.GUEST
        )
    assert not Person.objects.filter(email="g@example.org").exists()


def test_person_reinvite_refuses_someone_who_has_a_password(secretariat, focal_point):
    with pytest.raises(ValidationError, match="already accepted"):
        services.person_reinvite(actor=secretariat, person=focal_point)


def test_person_deactivate_keeps_the_person_and_blocks_sign_in(client, secretariat, focal_point):
    services.person_set_active(person=focal_point, actor=secretariat, active=False)

    assert Person.objects.filter(pk=focal_point.pk, is_active=False).exists()
    client.post(
        reverse("login"), {"username": focal_point.email, "password": "correct-horse-battery"}
    )
    assert "_auth_user_id" not in client.session


def test_person_cannot_deactivate_themselves(secretariat):
    with pytest.raises(ValidationError):
        services.person_set_active(person=secretariat, actor=secretariat, active=False)


def test_announcement_to_focal_points_goes_once_to_each_current_member_focal_point(
    secretariat, run_fanouts
):
    current, former = AgencyFactory(), AgencyFactory(membership=None)
    MembershipFactory(agency=former, start=datetime.date(2006, 1, 1), end=datetime.date(2010, 1, 1))
    reached = PersonFactory.create_batch(2, agency=current)
    PersonFactory(agency=former)
    PersonFactory(agency=current, role=Role.PRINCIPAL)
    PersonFactory(agency=current, is_active=False)

    announcement = services.announcement_send(
        actor=secretariat, audience=Audience.FOCAL_POINTS, subject="Retreat", body="Dates soon."
    )

    assert announcement.recipient_count == 2
    run_fanouts()
    assert set(Notice.objects.filter(kind="announcement").values_list("recipient", flat=True)) == {
        p.pk for p in reached
    }


def test_announcement_to_one_agency_needs_the_agency(secretariat):
    with pytest.raises(ValidationError):
        services.announcement_send(
            actor=secretariat, audience=Audience.AGENCY, subject="s", body="b"
        )


def test_password_reset_request_is_silent_for_unknown_addresses(db, mailoutbox):
    assert services.password_reset_request(email="nobody@example.org") is False
    assert mailoutbox == []


def test_guest_requires_an_organization_in_the_database(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(email="x@example.org", full_name="X", role=Role.GUEST)
    organization = OrganizationFactory()
    Person.objects.create(
        email="y@example.org", full_name="Y", role=Role.GUEST, organization=organization
    )
    assert Membership.objects.count() == 0
