"""Two factors: required of the secretariat and of the chair's agency, set up from the
profile with a QR code made on the server, recovery codes, reset by the secretariat."""

import datetime as dt
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from access import two_factor
from core.models import AuditEntry
from tests.factories import PASSWORD, AgencyFactory, ChairTermFactory, PersonFactory


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.GMG_TWO_FACTOR_ENFORCED = True


def _sign_in(client, person):
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return client.get(reverse("dashboard"))


def _code(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


def _set_up(client, person) -> list[str]:
    page = client.get(reverse("access:two_factor_setup")).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    response = client.post(reverse("access:two_factor_setup"), {"token": _code(device)})
    assert response.status_code == 302
    codes_page = client.get(response["Location"]).content.decode()
    return re.findall(r'<code class="fs-5">([a-z0-9]+)</code>', codes_page)


def test_secretariat_must_set_up_a_second_factor_before_anything_else(client, db):
    secretariat = PersonFactory(secretariat=True)

    response = _sign_in(client, secretariat)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:two_factor_setup"))
    assert client.get(reverse("members:person_list")).status_code == 302


def test_set_up_then_every_sign_in_asks_for_the_code(client, db):
    secretariat = PersonFactory(secretariat=True)
    _sign_in(client, secretariat)

    codes = _set_up(client, secretariat)
    assert len(codes) == 10
    assert client.get(reverse("members:person_list")).status_code == 200
    client.post(reverse("logout"))
    asked = _sign_in(client, secretariat)
    wrong = client.post(reverse("access:two_factor_verify"), {"token": "000000"})
    device = TOTPDevice.objects.get(user=secretariat, confirmed=True)
    time.sleep(1.1)  # a wrong code makes the app's codes wait a second (throttling)
    right = client.post(reverse("access:two_factor_verify"), {"token": _code(device, drift=1)})

    assert asked["Location"].startswith(reverse("access:two_factor_verify"))
    assert wrong.status_code == 400
    assert "not right" in wrong.content.decode()
    assert right.status_code == 302
    assert client.get(reverse("members:person_list")).status_code == 200
    assert AuditEntry.objects.filter(action="access.two_factor_set_up").count() == 1


def test_a_recovery_code_works_once(client, db):
    secretariat = PersonFactory(secretariat=True)
    _sign_in(client, secretariat)
    codes = _set_up(client, secretariat)
    client.post(reverse("logout"))

    _sign_in(client, secretariat)
    first = client.post(reverse("access:two_factor_verify"), {"token": codes[0]}, follow=True)
    client.post(reverse("logout"))
    _sign_in(client, secretariat)
    again = client.post(reverse("access:two_factor_verify"), {"token": codes[0]})

    assert "9 are left" in first.content.decode()
    assert again.status_code == 400


def test_chair_agency_focal_point_needs_it_other_agencies_do_not(client, db, settings):
    chair, other = AgencyFactory(), AgencyFactory()
    today = timezone.localdate()
    ChairTermFactory(
        agency=chair, start=today - dt.timedelta(days=10), end=today + dt.timedelta(days=100)
    )
    assert two_factor.two_factor_required(PersonFactory(agency=chair))
    assert not two_factor.two_factor_required(PersonFactory(agency=other))
    settings.GMG_TWO_FACTOR_FOR_ALL = True
    assert two_factor.two_factor_required(PersonFactory(agency=other))


def test_a_focal_point_of_another_agency_signs_in_with_the_password_alone(client, agency):
    person = PersonFactory(agency=agency)

    assert _sign_in(client, person).status_code == 200


def test_secretariat_resets_a_persons_second_factor_audited(client, db, settings):
    person = PersonFactory(secretariat=True)
    _sign_in(client, person)
    _set_up(client, person)
    client.post(reverse("logout"))
    settings.GMG_TWO_FACTOR_ENFORCED = False
    secretariat = PersonFactory(secretariat=True)
    client.force_login(secretariat)

    edit = client.get(reverse("members:person_edit", args=[person.pk])).content.decode()
    response = client.post(reverse("access:two_factor_reset", args=[person.pk]), follow=True)

    assert "Remove the second factor" in edit
    assert "set up a new one at their next sign-in" in response.content.decode()
    assert not two_factor.has_two_factor(person)
    entry = AuditEntry.objects.get(action="access.two_factor_reset")
    assert (entry.actor, entry.object_id) == (secretariat, str(person.pk))


@pytest.mark.parametrize("role", ["focal_point", "principal", "guest"])
def test_only_the_secretariat_resets_a_second_factor(client, db, settings, role):
    settings.GMG_TWO_FACTOR_ENFORCED = False
    person = PersonFactory()
    TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    other = PersonFactory(guest=True) if role == "guest" else PersonFactory(role=role)
    client.force_login(other)

    response = client.post(reverse("access:two_factor_reset", args=[person.pk]))

    assert response.status_code == 403
    assert two_factor.has_two_factor(person)
