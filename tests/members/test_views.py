import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from members.enums import Role
from members.models import Agency, Announcement, Person
from notices.models import Notice
from tests.factories import PASSWORD, AgencyFactory, OrganizationFactory, PersonFactory
from tests.pages import RENDER

pytestmark = pytest.mark.django_db


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- Sign-in -----------------------------------------------------------------


def test_sign_in_by_email_in_any_case(client, focal_point):
    response = client.post(
        reverse("login"), {"username": focal_point.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_sign_in_refuses_a_wrong_password_and_keeps_the_email(client, focal_point):
    response = client.post(reverse("login"), {"username": focal_point.email, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct" in _text(response)
    assert f'value="{focal_point.email}"' in _text(response)


def test_signed_out_person_is_sent_to_sign_in(client):
    response = client.get(reverse("members:agency_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=" + reverse("members:agency_list")


def test_invitation_link_sets_a_password_and_signs_in(
    client, secretariat, agency, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(secretariat)
        client.post(
            reverse("members:person_invite"),
            {
                "email": "new@example.org",
                "full_name": "New Focal",
                "role": Role.FOCAL_POINT,
                "agency": agency.pk,
                "language": "en",
                "time_zone": "Europe/Zurich",
            },
        )
    client.logout()
    link = re.search(r"http://\S+/accounts/invitation/\S+/", mailoutbox[0].body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else link

    form = client.get(path, follow=True)
    assert "Choose a password" in _text(form)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-long-new-password-1", "new_password2": "a-long-new-password-1"},
        follow=True,
    )

    assert "Your password is set and you are signed in" in _text(done)
    assert client.get(path, follow=True).context["validlink"] is False  # one time only


def test_invitation_link_expires(client, secretariat, agency, settings):
    from members.services import invitation_link

    person = PersonFactory(agency=agency, password=None)
    person.set_unusable_password()
    person.save()
    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)):
        link = invitation_link(person)
    with time_machine.travel(datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC)):
        response = client.get(link.replace(settings.SITE_URL, ""), follow=True)
    assert response.context["validlink"] is False
    assert "has been used already or has expired" in _text(response)


def test_password_reset_goes_through_the_outbox(
    client, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": focal_point.email})
    assert response.status_code == 302
    notice = Notice.objects.get(kind="password_reset")
    assert notice.state == "sent"
    assert "/accounts/password/reset/" in mailoutbox[0].body
    assert "/accounts/password/reset/" not in notice.body_text


# --- Dashboard per role --------------------------------------------------------


def test_dashboard_of_the_secretariat_shows_the_outbox_and_members(client, secretariat, agency):
    client.force_login(secretariat)
    text = _text(client.get(reverse("dashboard")))
    assert "1 member agency" in text
    assert "Invite a person" in text
    assert reverse("notices:outbox") in text


def test_dashboard_of_a_focal_point_shows_their_agency(client, focal_point):
    client.force_login(focal_point)
    text = _text(client.get(reverse("dashboard")))
    assert focal_point.agency.name in text
    assert reverse("notices:outbox") not in text
    assert "Invite a person" not in text


def test_dashboard_of_a_guest_shows_only_their_account(client, guest):
    client.force_login(guest)
    text = _text(client.get(reverse("dashboard")))
    assert "Your account" in text
    assert reverse("members:agency_list") not in text


# --- Directory and agency pages ---------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat", 200), ("focal_point", 200), ("principal", 200), ("guest", 403)],
)
def test_directory_access_per_role(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("members:agency_list")).status_code == status


def test_directory_filters_current_and_former_members(client, secretariat):
    AgencyFactory(acronym="NOW")
    gone = AgencyFactory(acronym="GONE", membership__end=datetime.date(2010, 1, 1))
    assert gone.memberships.get().end
    client.force_login(secretariat)

    current = _text(client.get(reverse("members:agency_list")))
    former = _text(client.get(reverse("members:agency_list"), {"status": "former"}))

    assert ">NOW<" in current
    assert ">GONE<" not in current
    assert ">GONE<" in former


def test_directory_search_and_pagination(client, secretariat):
    AgencyFactory.create_batch(30)
    AgencyFactory(acronym="FINDME", name="Findable agency")
    client.force_login(secretariat)

    page2 = client.get(reverse("members:agency_list"), {"page": 2})
    found = _text(client.get(reverse("members:agency_list"), {"q": "findable"}))

    assert len(page2.context["agencies"]) == 6
    assert "FINDME" in found
    assert "1 agency" in found


@pytest.mark.parametrize("rows", [1, 40])
def test_directory_query_count_does_not_grow(
    client, secretariat, django_assert_max_num_queries, rows
):
    AgencyFactory.create_batch(rows)
    client.force_login(secretariat)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("members:agency_list"), headers=RENDER).status_code == 200


@pytest.mark.parametrize("rows", [1, 40])
def test_people_list_query_count_does_not_grow(
    client, secretariat, django_assert_max_num_queries, rows
):
    PersonFactory.create_batch(rows)
    client.force_login(secretariat)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("members:person_list"), headers=RENDER).status_code == 200


@pytest.mark.parametrize("rows", [1, 40])
def test_agency_page_query_count_does_not_grow(
    client, secretariat, agency, django_assert_max_num_queries, rows
):
    PersonFactory.create_batch(rows, agency=agency)
    client.force_login(secretariat)
    # A running server has its content types in memory (the history's): a first load warms them.
    client.get(agency.get_absolute_url())
    # 9 for the page, 3 for the participation panel (attended, topics, action points).
    with django_assert_max_num_queries(12):
        assert client.get(agency.get_absolute_url()).status_code == 200


def test_agency_page_for_own_people_only(client, focal_point, principal):
    other = AgencyFactory()
    for person in (focal_point, principal):
        client.force_login(person)
        assert client.get(focal_point.agency.get_absolute_url()).status_code == 200
        assert client.get(other.get_absolute_url()).status_code == 403


def test_agency_page_not_found(client, secretariat):
    client.force_login(secretariat)
    assert client.get(reverse("members:agency_detail", args=[999999])).status_code == 404


def test_focal_point_sees_active_colleagues_only(client, focal_point):
    PersonFactory(agency=focal_point.agency, full_name="Gone Colleague", is_active=False)
    client.force_login(focal_point)
    assert "Gone Colleague" not in _text(client.get(focal_point.agency.get_absolute_url()))


# --- Secretariat edits -------------------------------------------------------------


def test_add_agency(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("members:agency_create"),
        {"name": "New Agency", "acronym": "NEWA", "kind": "other", "member_from": "2026-01-01"},
        follow=True,
    )
    assert "NEWA was added" in _text(response)
    assert Agency.objects.members_on().filter(acronym="NEWA").exists()


def test_add_agency_with_an_error_keeps_what_was_typed(client, secretariat, agency):
    client.force_login(secretariat)
    response = client.post(
        reverse("members:agency_create"),
        {"name": "Typed name", "acronym": agency.acronym, "kind": "other", "member_from": ""},
    )
    text = _text(response)
    assert response.status_code == 200
    assert "Agency with this Acronym already exists" in text
    assert 'value="Typed name"' in text


@pytest.mark.parametrize("who", ["focal_point", "principal", "guest"])
def test_add_agency_refused_to_others(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("members:agency_create"), {"name": "X", "acronym": "X"})
    assert response.status_code == 403
    assert not Agency.objects.filter(acronym="X").exists()


def test_edit_agency_conflict_is_shown_not_overwritten(client, secretariat, agency):
    client.force_login(secretariat)
    url = reverse("members:agency_edit", args=[agency.pk])
    data = {"name": "Mine", "acronym": agency.acronym, "kind": "other", "website": "", "version": 1}
    Agency.objects.filter(pk=agency.pk).update(name="Theirs", version=2)

    response = client.post(url, data)

    text = _text(response)
    assert "Someone else saved this record" in text
    assert "Theirs" in text  # their change shown
    assert 'value="Mine"' in text  # ours kept in the form
    assert Agency.objects.get(pk=agency.pk).name == "Theirs"
    # Saving again after seeing theirs goes through.
    again = client.post(url, {**data, "version": 2})
    assert again.status_code == 302
    assert Agency.objects.get(pk=agency.pk).name == "Mine"


def test_end_membership_and_rejoin_through_the_pages(client, secretariat, agency):
    client.force_login(secretariat)
    client.post(reverse("members:agency_end", args=[agency.pk]), {"end": "2019-12-31"})
    refused = client.post(
        reverse("members:agency_rejoin", args=[agency.pk]), {"start": "2019-06-01"}
    )
    client.post(reverse("members:agency_rejoin", args=[agency.pk]), {"start": "2025-01-01"})

    assert "must begin after the last one ended" in _text(refused)
    assert agency.memberships.count() == 2


def test_invite_with_a_role_that_does_not_fit_says_so_next_to_the_field(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("members:person_invite"),
        {
            "email": "typed@example.org",
            "full_name": "Typed Name",
            "role": Role.FOCAL_POINT,
            "language": "en",
            "time_zone": "Europe/Zurich",
        },
    )
    text = _text(response)
    assert "A focal point or principal belongs to an agency." in text
    assert 'value="typed@example.org"' in text
    assert not Person.objects.filter(email="typed@example.org").exists()


def test_invite_a_guest(client, secretariat):
    organization = OrganizationFactory()
    client.force_login(secretariat)
    client.post(
        reverse("members:person_invite"),
        {
            "email": "guest.new@example.org",
            "full_name": "Guest New",
            "role": Role.GUEST,
            "organization": organization.pk,
            "language": "es",
            "time_zone": "America/New_York",
        },
    )
    assert Person.objects.get(email="guest.new@example.org").organization == organization


def test_person_edit_conflict_is_refused(client, secretariat, focal_point):
    client.force_login(secretariat)
    Person.objects.filter(pk=focal_point.pk).update(title="Changed meanwhile", version=5)
    response = client.post(
        reverse("members:person_edit", args=[focal_point.pk]),
        {
            "email": focal_point.email,
            "full_name": "Mine",
            "role": Role.FOCAL_POINT,
            "agency": focal_point.agency_id,
            "language": "en",
            "time_zone": "Europe/Zurich",
            "version": 1,
        },
    )
    assert "Changed meanwhile" in _text(response)
    assert Person.objects.get(pk=focal_point.pk).full_name != "Mine"


def test_deactivate_and_reactivate(client, secretariat, focal_point):
    client.force_login(secretariat)
    client.post(reverse("members:person_deactivate", args=[focal_point.pk]), {"confirm": "yes"})
    assert not Person.objects.get(pk=focal_point.pk).is_active
    client.post(reverse("members:person_reactivate", args=[focal_point.pk]))
    assert Person.objects.get(pk=focal_point.pk).is_active


def test_deactivate_needs_post(client, secretariat, focal_point):
    client.force_login(secretariat)
    assert (
        client.get(reverse("members:person_deactivate", args=[focal_point.pk])).status_code == 405
    )


def test_deactivate_unknown_person_is_not_found(client, secretariat):
    client.force_login(secretariat)
    assert client.post(reverse("members:person_deactivate", args=[999999])).status_code == 404


def test_announcement_page_sends_to_the_chosen_agency(
    client, secretariat, focal_point, principal, django_capture_on_commit_callbacks
):
    PersonFactory()  # someone of another agency
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:announcement_create"),
            {
                "audience": "agency",
                "agency": focal_point.agency_id,
                "subject": "Hi",
                "body": "Text",
            },
            follow=True,
        )
    assert "on its way to 2 people" in _text(response)
    assert Announcement.objects.get().recipient_count == 2
    assert set(Notice.objects.values_list("to_email", flat=True)) == {
        focal_point.email,
        principal.email,
    }


# --- Profile and language ------------------------------------------------------------


def test_profile_saves_language_and_time_zone(client, focal_point):
    client.force_login(focal_point)
    client.post(
        reverse("profile"),
        {
            "full_name": "Renamed",
            "title": "",
            "phone": "",
            "language": "es",
            "time_zone": "Asia/Tokyo",
        },
    )
    focal_point.refresh_from_db()
    assert (focal_point.full_name, focal_point.language, focal_point.time_zone) == (
        "Renamed",
        "es",
        "Asia/Tokyo",
    )


def test_profile_refuses_an_unknown_time_zone(client, focal_point):
    client.force_login(focal_point)
    response = client.post(
        reverse("profile"),
        {"full_name": "X", "language": "en", "time_zone": "Mars/Olympus"},
    )
    assert "Select a valid choice" in _text(response)


def test_language_switcher_saves_the_profile_and_pages_follow(client, focal_point):
    client.force_login(focal_point)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    focal_point.refresh_from_db()
    assert focal_point.language == "fr"
    assert client.get(reverse("dashboard"))["Content-Language"] == "fr"


def test_language_switcher_works_signed_out(client):
    response = client.post(
        reverse("set_language"), {"language": "es", "next": "/accounts/sign-in/"}
    )
    assert response.status_code == 302
    assert client.get(reverse("login"))["Content-Language"] == "es"


def test_pages_show_in_the_person_s_language(client, focal_point):
    Person.objects.filter(pk=focal_point.pk).update(language="fr")
    client.force_login(focal_point)
    text = _text(client.get(reverse("dashboard")))
    assert "Tableau de bord" in text
    assert "Se déconnecter" in text


def test_times_show_in_the_person_s_time_zone(client, focal_point):
    Person.objects.filter(pk=focal_point.pk).update(time_zone="Asia/Tokyo")
    client.force_login(focal_point)
    assert client.get(reverse("dashboard")).context["TIME_ZONE"] == "Asia/Tokyo"


def test_person_action_does_not_redirect_off_site(client, secretariat, focal_point):
    client.force_login(secretariat)
    response = client.post(
        reverse("members:person_deactivate", args=[focal_point.pk]),
        {"next": "https://evil.example.com/", "confirm": "yes"},
    )
    assert response["Location"] == reverse("members:person_list")
