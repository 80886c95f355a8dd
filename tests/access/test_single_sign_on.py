"""Single sign-on with an agency's OpenID Connect provider, against a real provider
started by the tests on loopback (tests/oidc_provider.py, its own process).

The e-mail first: an address of a provider's domain goes to the provider (code flow,
PKCE, state, nonce); the answer's signature, issuer, audience, expiry and nonce are
checked and the e-mail must be verified and an invited person's; nobody is created.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from access.models import IdentityProvider, ProviderDomain, SignInSession
from access.sealing import seal, unseal
from core.models import AuditEntry
from members.models import Person
from tests.factories import PASSWORD, AgencyFactory, PersonFactory
from tests.oidc import DOMAIN, through_provider
from tests.unchanged import post_unchanged, state_of


def _signed_in(client) -> bool:
    return client.get(reverse("dashboard")).status_code == 200


def _refusals():
    return list(AuditEntry.objects.filter(action="access.sso_refused"))


# --- The sign-in page: the e-mail first -----------------------------------------------


def test_the_sign_in_page_asks_for_the_email_first(client, db):
    page = client.get(reverse("login")).content.decode()

    assert 'name="username"' in page
    assert 'type="password"' not in page
    assert "Continue" in page


def test_an_address_without_a_provider_is_asked_for_the_password(client, focal_point, provider):
    response = client.post(reverse("login"), {"username": focal_point.email})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' in page
    assert f'value="{focal_point.email}"' in page
    response = client.post(reverse("login"), {"username": focal_point.email, "password": PASSWORD})
    assert response.status_code == 302
    assert _signed_in(client)


def test_a_bad_address_is_told_and_kept(client, db):
    response = client.post(reverse("login"), {"username": "not an address"})

    assert response.status_code == 400
    assert 'value="not an address"' in response.content.decode()
    assert 'type="password"' not in response.content.decode()


def test_an_agency_address_goes_to_its_provider_with_pkce_state_and_nonce(
    client, provider, member, oidc_provider
):
    response = client.post(reverse("login"), {"username": member.email.upper()})

    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["client_id"] == [oidc_provider.client_id]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert len(query["state"][0]) >= 20
    assert len(query["nonce"][0]) >= 20
    assert query["login_hint"] == [member.email.upper()]
    assert query["redirect_uri"] == [
        f"http://testserver{reverse('access:sso_return', args=[provider.pk])}"
    ]
    assert not _signed_in(client)


def test_the_sign_in_page_may_send_its_form_on_to_the_providers(client, provider, oidc_provider):
    policy = client.get(reverse("login"))["Content-Security-Policy"]

    form_action = next(p for p in policy.split(";") if "form-action" in p)
    assert form_action.split() == ["form-action", "'self'", oidc_provider.issuer]
    # Other pages keep the site alone.
    assert (
        oidc_provider.issuer not in client.get(reverse("password_reset"))["Content-Security-Policy"]
    )


def test_a_password_for_an_agency_address_goes_to_the_provider_instead(
    client, provider, member, oidc_provider
):
    response = client.post(reverse("login"), {"username": member.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(f"{oidc_provider.issuer}/authorize?")
    assert not _signed_in(client)


def test_a_provider_not_in_use_leaves_the_password(client, provider, member):
    provider.enabled = False
    provider.save()

    response = client.post(reverse("login"), {"username": member.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_an_unreachable_provider_is_said_on_the_sign_in_page(client, provider, member):
    provider.issuer = "http://127.0.0.1:9"
    provider.save()

    response = client.post(reverse("login"), {"username": member.email})

    assert response.status_code == 503
    assert "cannot be reached at the moment" in response.content.decode()


# --- Back from the provider ---------------------------------------------------------------


def test_an_invited_person_signs_in_through_the_provider(client, provider, member, oidc_provider):
    response = through_provider(client, oidc_provider, member.email)

    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert response.wsgi_request.user == member
    assert _signed_in(client)
    entry = AuditEntry.objects.get(action="access.sso_sign_in")
    assert entry.actor == member
    assert entry.details["agency"] == provider.agency.acronym
    session = SignInSession.objects.get(person=member)
    assert session.via == provider.agency.acronym
    sessions_page = client.get(reverse("access:sessions")).content.decode()
    assert f"through {provider.agency.acronym}'s sign-in" in sessions_page


def test_the_next_page_is_kept_across_the_provider(client, provider, member, oidc_provider):
    oidc_provider.person(member.email)
    response = client.post(
        reverse("login"), {"username": member.email, "next": reverse("meetings:upcoming")}
    )
    answer = requests.get(response["Location"], allow_redirects=False, timeout=5)
    back = urlsplit(answer.headers["Location"])

    response = client.get(f"{back.path}?{back.query}")

    assert response["Location"] == reverse("meetings:upcoming")


def test_the_address_is_matched_whatever_its_letter_case(client, provider, member, oidc_provider):
    through_provider(client, oidc_provider, member.email.upper())

    assert _signed_in(client)


def test_the_secretariat_through_a_provider_is_not_asked_for_this_sites_second_factor(
    client, settings, provider, oidc_provider
):
    settings.GMG_TWO_FACTOR_ENFORCED = True
    secretariat = PersonFactory(secretariat=True, email=f"head@{DOMAIN}")

    through_provider(client, oidc_provider, secretariat.email)

    assert client.get(reverse("members:person_list")).status_code == 200


def test_the_same_secretariat_with_a_password_is_still_asked_for_it(client, settings, db):
    settings.GMG_TWO_FACTOR_ENFORCED = True
    secretariat = PersonFactory(secretariat=True)

    client.post(reverse("login"), {"username": secretariat.email, "password": PASSWORD})

    response = client.get(reverse("members:person_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:two_factor_setup"))


REFUSED = "The sign-in at {agency} did not succeed"
# What each misbehaviour is refused for (the exception joserfc raises checking it).
REASONS = {
    "wrong_key": ("BadSignatureError", ""),
    "wrong_audience": ("InvalidClaimError", "'aud'"),
    "wrong_issuer": ("InvalidClaimError", "'iss'"),
    "expired": ("ExpiredTokenError", ""),
}


@pytest.mark.parametrize("misbehave", ["wrong_key", "wrong_audience", "wrong_issuer", "expired"])
def test_a_token_that_does_not_hold_is_refused(client, provider, member, oidc_provider, misbehave):
    response = through_provider(client, oidc_provider, member.email, misbehave=misbehave)

    assert response.redirect_chain[-1][0] == reverse("login")
    assert REFUSED.format(agency=provider.agency) in response.content.decode()
    assert not _signed_in(client)
    (refusal,) = _refusals()
    reason, claim = REASONS[misbehave]
    assert refusal.details["reason"] == reason
    assert claim in refusal.details["detail"]
    assert not AuditEntry.objects.filter(action="access.sso_sign_in").exists()


def test_a_replayed_nonce_is_refused(client, provider, member, oidc_provider):
    through_provider(client, oidc_provider, member.email)
    assert _signed_in(client)
    client.post(reverse("logout"))

    response = through_provider(client, oidc_provider, member.email, misbehave="replay_nonce")

    assert REFUSED.format(agency=provider.agency) in response.content.decode()
    assert not _signed_in(client)
    assert _refusals()[0].details["reason"] == "InvalidClaimError"
    assert "'nonce'" in _refusals()[0].details["detail"]


def test_the_providers_answer_used_twice_is_refused(client, provider, member, oidc_provider):
    oidc_provider.person(member.email)
    response = client.post(reverse("login"), {"username": member.email})
    answer = requests.get(response["Location"], allow_redirects=False, timeout=5)
    back = urlsplit(answer.headers["Location"])
    client.get(f"{back.path}?{back.query}")
    client.post(reverse("logout"))

    response = client.get(f"{back.path}?{back.query}", follow=True)

    assert REFUSED.format(agency=provider.agency) in response.content.decode()
    assert not _signed_in(client)


def test_an_answer_for_another_browser_is_refused(client, provider, member, oidc_provider):
    """The state ties the answer to the browser that started: another one cannot use it."""
    from django.test import Client

    oidc_provider.person(member.email)
    response = Client().post(reverse("login"), {"username": member.email})
    answer = requests.get(response["Location"], allow_redirects=False, timeout=5)
    back = urlsplit(answer.headers["Location"])

    response = client.get(f"{back.path}?{back.query}", follow=True)

    assert REFUSED.format(agency=provider.agency) in response.content.decode()
    assert not _signed_in(client)


def test_an_unverified_email_is_refused(client, provider, member, oidc_provider):
    response = through_provider(client, oidc_provider, member.email, verified=False)

    assert "did not confirm your e-mail address" in response.content.decode()
    assert not _signed_in(client)
    assert _refusals()[0].details["reason"] == "email_not_verified"


def test_an_unknown_email_is_refused_and_nobody_is_created(client, provider, oidc_provider, member):
    people = Person.objects.count()

    response = through_provider(client, oidc_provider, f"newcomer@{DOMAIN}")

    page = response.content.decode()
    assert f"newcomer@{DOMAIN} has no account here" in page
    assert "Ask the secretariat to invite you" in page
    assert Person.objects.count() == people
    assert not _signed_in(client)
    assert _refusals()[0].details["reason"] == "not_invited"


def test_a_person_of_another_agency_is_refused(client, provider, oidc_provider):
    other = PersonFactory(agency=AgencyFactory(), email=f"visitor@{DOMAIN}")

    response = through_provider(client, oidc_provider, other.email)

    assert "has no account here" in response.content.decode()
    assert not _signed_in(client)


def test_an_address_outside_the_providers_domains_is_refused(
    client, provider, member, oidc_provider
):
    """A provider vouches only for its own domains: not for another agency's people."""
    elsewhere = PersonFactory(agency=provider.agency, email="amina@elsewhere.example")

    response = through_provider(client, oidc_provider, elsewhere.email, typed=member.email)

    assert "has no account here" in response.content.decode()
    assert not _signed_in(client)


def test_a_deactivated_person_is_refused(client, provider, member, oidc_provider):
    member.is_active = False
    member.save()

    response = through_provider(client, oidc_provider, member.email)

    assert "has no account here" in response.content.decode()
    assert not _signed_in(client)


# --- The secretariat sets up the agencies' providers ---------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat", 200), ("focal_point", 403), ("principal", 403), ("guest", 403)],
)
def test_only_the_secretariat_sets_up_providers(client, request, provider, who, status):
    client.force_login(request.getfixturevalue(who))

    for url in (
        reverse("access:providers"),
        reverse("access:provider_new"),
        reverse("access:provider_edit", args=[provider.pk]),
    ):
        assert client.get(url).status_code == status, url
    response = client.post(
        reverse("access:provider_edit", args=[provider.pk]),
        {"issuer": "https://evil.example", "client_id": "x", "domains": DOMAIN, "version": 1},
    )
    assert response.status_code in (status, 400 if status == 200 else status)
    provider.refresh_from_db()
    if status == 403:
        assert provider.issuer != "https://evil.example"


def test_a_stranger_is_sent_to_sign_in(client, provider):
    response = client.get(reverse("access:providers"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_secretariat_sets_up_an_agencys_provider(client, secretariat, oidc_provider, agency):
    client.force_login(secretariat)

    response = client.post(
        reverse("access:provider_new"),
        {
            "agency": agency.pk,
            "issuer": oidc_provider.issuer + "/",
            "client_id": oidc_provider.client_id,
            "client_secret": "the-secret",
            "domains": "Agency.example, @field.agency.example\nagency.example",
            "enabled": "on",
        },
    )

    provider = IdentityProvider.objects.get(agency=agency)
    assert response["Location"] == reverse("access:provider_edit", args=[provider.pk])
    assert provider.issuer == oidc_provider.issuer
    assert provider.authorization_endpoint == f"{oidc_provider.issuer}/authorize"
    assert sorted(provider.domain_list) == ["agency.example", "field.agency.example"]
    entry = AuditEntry.objects.get(action="access.sso_set_up")
    assert entry.actor == secretariat
    assert "the-secret" not in str(entry.details)
    page = client.get(response["Location"]).content.decode()
    assert "the-secret" not in page
    assert f"/access/sign-in/{provider.pk}/return/" in page
    listing = client.get(reverse("access:providers")).content.decode()
    assert oidc_provider.issuer in listing
    assert "field.agency.example" in listing


def test_an_issuer_without_a_discovery_document_is_told_and_the_form_kept(
    client, secretariat, agency
):
    client.force_login(secretariat)

    response = client.post(
        reverse("access:provider_new"),
        {
            "agency": agency.pk,
            "issuer": "http://127.0.0.1:9/realms/un",
            "client_id": "gmg",
            "client_secret": "s",
            "domains": DOMAIN,
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "could not be read" in page
    assert 'value="gmg"' in page
    assert not IdentityProvider.objects.exists()


def test_plain_http_elsewhere_than_this_machine_is_refused(client, secretariat, agency):
    client.force_login(secretariat)

    response = client.post(
        reverse("access:provider_new"),
        {
            "agency": agency.pk,
            "issuer": "http://login.example.org",
            "client_id": "gmg",
            "client_secret": "s",
            "domains": DOMAIN,
        },
    )

    assert "must be an https:// address" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_a_domain_of_another_provider_is_refused(client, secretariat, provider, oidc_provider):
    client.force_login(secretariat)
    other = AgencyFactory()

    response = client.post(
        reverse("access:provider_new"),
        {
            "agency": other.pk,
            "issuer": oidc_provider.issuer,
            "client_id": "other",
            "client_secret": "s",
            "domains": f"other.example {DOMAIN}",
        },
    )

    assert f"{DOMAIN} already signs in through {provider.agency}" in response.content.decode()
    assert not IdentityProvider.objects.filter(agency=other).exists()


def test_the_provider_saved_unchanged_changes_nothing(client, secretariat, provider):
    client.force_login(secretariat)
    before = state_of(provider)

    response = post_unchanged(
        client, reverse("access:provider_edit", args=[provider.pk]), with_field="issuer"
    )

    assert response.status_code == 302
    assert state_of(provider) == before
    assert provider.client_secret_sealed == before["client_secret_sealed"]
    assert not AuditEntry.objects.filter(action="access.sso_change").exists()


def test_the_secret_is_kept_unless_a_new_one_is_typed(client, secretariat, provider):
    client.force_login(secretariat)
    url = reverse("access:provider_edit", args=[provider.pk])
    form = {
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "domains": f"{DOMAIN}\nfield.{DOMAIN}",
        "enabled": "on",
        "version": provider.version,
    }

    client.post(url, form)
    provider.refresh_from_db()
    assert unseal(provider.client_secret_sealed) == "provider-secret-for-tests"
    assert sorted(provider.domain_list) == [DOMAIN, f"field.{DOMAIN}"]
    client.post(url, {**form, "client_secret": "rotated", "version": provider.version})

    provider.refresh_from_db()
    assert unseal(provider.client_secret_sealed) == "rotated"
    changes = AuditEntry.objects.filter(action="access.sso_change").order_by("pk")
    assert [e.details["fields"] for e in changes] == [["domains"], ["client_secret"]]
    assert "rotated" not in str([e.details for e in changes])


def test_a_conflicting_edit_is_refused(client, secretariat, provider):
    client.force_login(secretariat)
    url = reverse("access:provider_edit", args=[provider.pk])
    stale = provider.version
    client.post(
        url,
        {
            "issuer": provider.issuer,
            "client_id": "first",
            "domains": DOMAIN,
            "enabled": "on",
            "version": stale,
        },
    )

    response = client.post(
        url,
        {
            "issuer": provider.issuer,
            "client_id": "second",
            "domains": DOMAIN,
            "enabled": "on",
            "version": stale,
        },
    )

    assert response.status_code == 400
    assert "Someone else saved this record" in response.content.decode()
    provider.refresh_from_db()
    assert provider.client_id == "first"


def test_the_providers_page_asks_as_much_for_one_provider_as_for_many(
    client, secretariat, provider, oidc_provider
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretariat)
    url = reverse("access:providers")

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = count()
    for n in range(3):
        more = IdentityProvider.objects.create(
            agency=AgencyFactory(),
            issuer=oidc_provider.issuer,
            client_id=f"client-{n}",
            client_secret_sealed=seal("s"),
            authorization_endpoint=f"https://login{n}.example/authorize",
        )
        ProviderDomain.objects.create(provider=more, domain=f"agency{n}.example")
        ProviderDomain.objects.create(provider=more, domain=f"field.agency{n}.example")

    assert count() == one <= 12
    page = client.get(url).content.decode()
    assert "field.agency2.example" in page


def test_the_sign_in_page_asks_as_much_for_one_provider_as_for_many(client, provider):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("login"))
        return len(captured), response["Content-Security-Policy"]

    one, _policy = count()
    for n in range(3):
        IdentityProvider.objects.create(
            agency=AgencyFactory(),
            issuer=f"https://login{n}.example",
            client_id="c",
            client_secret_sealed=seal("s"),
            enabled=n != 2,
            authorization_endpoint=f"https://login{n}.example/authorize",
        )

    many, policy = count()
    assert many == one <= 3
    assert "https://login0.example" in policy
    assert "https://login1.example" in policy
    # A provider not in use is no place the form may go.
    assert "https://login2.example" not in policy
