"""'A member today' is decided on the group's day, not the viewer's."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from members.models import Agency, Membership
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

# 23:30 UTC on 30 June: already 1 July in Geneva, still 30 June in New York.
GENEVA_MIDNIGHT_PASSED = datetime.datetime(2027, 6, 30, 23, 30, tzinfo=datetime.UTC)


def test_a_membership_that_ended_yesterday_in_geneva_is_over_for_a_viewer_in_new_york():
    leaving = AgencyFactory(acronym="LEFT")
    Membership.objects.filter(agency=leaving).update(end=datetime.date(2027, 6, 30))
    AgencyFactory(acronym="STAY")

    with (
        time_machine.travel(GENEVA_MIDNIGHT_PASSED, tick=False),
        timezone.override("America/New_York"),
    ):
        assert timezone.localdate() == datetime.date(2027, 6, 30)
        members = set(Agency.objects.members_on().values_list("acronym", flat=True))

    assert members == {"STAY"}


def test_the_membership_forms_offer_the_groups_day():
    from members.forms import AgencyCreateForm, EndMembershipForm, RejoinForm

    with (
        time_machine.travel(GENEVA_MIDNIGHT_PASSED, tick=False),
        timezone.override("America/New_York"),
    ):
        offered = [
            AgencyCreateForm()["member_from"].value(),
            EndMembershipForm()["end"].value(),
            RejoinForm()["start"].value(),
        ]

    assert offered == [datetime.date(2027, 7, 1)] * 3
