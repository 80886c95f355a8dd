"""Linked sign-ins: the first sign-in through an agency's provider keeps the provider's
stable subject (``sub``, at its issuer) for the person; afterwards the subject says who
signs in, whatever the e-mail claim says. An address already linked to another account
of that issuer is refused; an unverified address links nobody. The secretariat sees a
person's linked sign-ins on their page and removes one (audited)."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access.models import IdentityProvider, ProviderDomain, ProviderLink
from access.sealing import seal
from core.audit import audit_in_words
from core.models import AuditEntry
from tests.factories import AgencyFactory, PersonFactory
from tests.oidc import DOMAIN, through_provider
from tests.unchanged import post_unchanged, state_of

SUBJECT = "amina-account-1"


def _signed_in_as(client):
    response = client.get(reverse("dashboard"))
    return response.wsgi_request.user if response.status_code == 200 else None


def _refusal():
    return AuditEntry.objects.get(action="access.sso_refused")


def _sign_out(client):
    client.post(reverse("logout"))


# --- The first sign-in links -------------------------------------------------------------


def test_the_first_sign_in_keeps_the_providers_subject(client, provider, member, oidc_provider):
    through_provider(client, oidc_provider, member.email, subject=SUBJECT)

    assert _signed_in_as(client) == member
    link = ProviderLink.objects.get()
    assert (link.person, link.provider, link.issuer, link.subject, link.email) == (
        member,
        provider,
        oidc_provider.issuer,
        SUBJECT,
        member.email,
    )
    entry = AuditEntry.objects.get(action="access.sso_link")
    assert entry.actor == member
    assert entry.details["subject"] == SUBJECT
    assert entry.details["issuer"] == oidc_provider.issuer


def test_afterwards_the_subject_signs_in_whatever_the_email_becomes(
    client, provider, member, oidc_provider
):
    """The agency renamed the address: the account is still the person's."""
    through_provider(client, oidc_provider, member.email, subject=SUBJECT)
    _sign_out(client)

    through_provider(client, oidc_provider, f"amina.smith@{DOMAIN}", subject=SUBJECT)

    assert _signed_in_as(client) == member
    link = ProviderLink.objects.get()
    assert link.email == f"amina.smith@{DOMAIN}"
    assert AuditEntry.objects.filter(action="access.sso_link").count() == 1
    assert AuditEntry.objects.filter(action="access.sso_sign_in").count() == 2


def test_a_linked_account_claiming_someone_elses_address_signs_in_as_its_own_person(
    client, provider, member, agency, oidc_provider
):
    """The address now belongs to another person here: the subject decides, not the e-mail."""
    through_provider(client, oidc_provider, member.email, subject=SUBJECT)
    _sign_out(client)
    colleague = PersonFactory(agency=agency, email=f"omar@{DOMAIN}")

    through_provider(client, oidc_provider, colleague.email, subject=SUBJECT)

    assert _signed_in_as(client) == member


def test_an_address_linked_to_another_account_is_refused_and_audited(
    client, provider, member, oidc_provider
):
    """The agency gave the address to someone new (a new account at its provider)."""
    through_provider(client, oidc_provider, member.email, subject=SUBJECT)
    _sign_out(client)

    response = through_provider(client, oidc_provider, member.email, subject="newcomer-account")

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("login")
    assert f"{member.email} is linked to another account at {provider.agency}" in page
    assert "ask the secretariat" in page
    assert _signed_in_as(client) is None
    refusal = _refusal()
    assert refusal.details["reason"] == "linked_to_another_subject"
    assert refusal.details["subject"] == "newcomer-account"
    assert refusal.details["linked_subject"] == SUBJECT
    assert refusal.details["email"] == member.email
    assert list(ProviderLink.objects.values_list("subject", flat=True)) == [SUBJECT]


def test_an_unverified_address_links_nobody(client, provider, member, oidc_provider):
    response = through_provider(
        client, oidc_provider, member.email, subject=SUBJECT, verified=False
    )

    assert "did not confirm your e-mail address" in response.content.decode()
    assert _signed_in_as(client) is None
    assert not ProviderLink.objects.exists()
    assert _refusal().details["reason"] == "email_not_verified"


def test_a_linked_account_needs_no_verified_address(client, provider, member, oidc_provider):
    """Once linked, the e-mail claim is not what identifies the person."""
    through_provider(client, oidc_provider, member.email, subject=SUBJECT)
    _sign_out(client)

    through_provider(client, oidc_provider, member.email, subject=SUBJECT, verified=False)

    assert _signed_in_as(client) == member


def test_a_linked_person_deactivated_is_refused(client, provider, member, oidc_provider):
    through_provider(client, oidc_provider, member.email, subject=SUBJECT)
    _sign_out(client)
    member.is_active = False
    member.save()

    response = through_provider(client, oidc_provider, member.email, subject=SUBJECT)

    assert "has no account here" in response.content.decode()
    assert _signed_in_as(client) is None


def test_a_linked_person_now_of_another_agency_is_refused(client, provider, member, oidc_provider):
    through_provider(client, oidc_provider, member.email, subject=SUBJECT)
    _sign_out(client)
    member.agency = AgencyFactory()
    member.save()

    through_provider(client, oidc_provider, member.email, subject=SUBJECT)

    assert _signed_in_as(client) is None
    assert _refusal().details["reason"] == "not_invited"


def test_the_same_subject_at_another_issuer_is_another_account(
    client, provider, member, oidc_provider
):
    """A subject is the provider's name for an account only at its own issuer."""
    old = IdentityProvider.objects.create(
        agency=AgencyFactory(),
        issuer="https://old-login.example",
        client_id="c",
        client_secret_sealed=seal("s"),
    )
    other = PersonFactory(agency=old.agency, email="someone@old.example")
    ProviderLink.objects.create(
        person=other, provider=old, issuer=old.issuer, subject=SUBJECT, email=other.email
    )

    through_provider(client, oidc_provider, member.email, subject=SUBJECT)

    assert _signed_in_as(client) == member
    assert ProviderLink.objects.filter(person=member, issuer=oidc_provider.issuer).exists()


@pytest.mark.postgres
def test_one_account_of_an_issuer_is_one_person_and_one_person_has_one_there(
    provider, member, agency
):
    ProviderLink.objects.create(
        person=member, provider=provider, issuer=provider.issuer, subject=SUBJECT, email="a@x"
    )
    colleague = PersonFactory(agency=agency)

    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderLink.objects.create(
            person=colleague, provider=provider, issuer=provider.issuer, subject=SUBJECT
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderLink.objects.create(
            person=member, provider=provider, issuer=provider.issuer, subject="second"
        )


# --- The person's page: the secretariat sees and removes links -------------------------------


@pytest.fixture
def linked(provider, member):
    return ProviderLink.objects.create(
        person=member,
        provider=provider,
        issuer=provider.issuer,
        subject=SUBJECT,
        email=member.email,
    )


def _person_page(client, person):
    return client.get(reverse("members:person_edit", args=[person.pk]))


def test_the_secretariat_sees_a_persons_linked_sign_ins(client, secretariat, linked, member):
    client.force_login(secretariat)

    page = _person_page(client, member).content.decode()

    assert "Linked sign-ins" in page
    assert SUBJECT in page
    assert linked.issuer in page
    assert f"Remove the link to {linked.provider.agency}" in page
    assert reverse("access:sign_in_link_remove", args=[linked.pk]) in page


def test_a_person_without_links_is_said_to_have_none(client, secretariat, focal_point):
    client.force_login(secretariat)

    page = _person_page(client, focal_point).content.decode()

    assert "None: this person has not signed in through an agency" in page


@pytest.mark.parametrize("who", ["focal_point", "principal", "guest"])
def test_nobody_else_sees_a_persons_linked_sign_ins(client, request, linked, member, who):
    client.force_login(request.getfixturevalue(who))

    response = _person_page(client, member)

    assert response.status_code == 403
    assert SUBJECT not in response.content.decode()


def test_the_secretariat_removes_a_link_and_the_next_sign_in_links_again(
    client, secretariat, linked, member, oidc_provider
):
    client.force_login(secretariat)

    response = client.post(reverse("access:sign_in_link_remove", args=[linked.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("members:person_edit", args=[member.pk])
    page = response.content.decode()
    assert f"{member} is no longer linked to their account at {linked.provider.agency}" in page
    assert not ProviderLink.objects.exists()
    entry = AuditEntry.objects.get(action="access.sso_unlink")
    assert entry.actor == secretariat
    assert entry.target == member
    assert (entry.details["subject"], entry.details["email"]) == (SUBJECT, member.email)
    # The person's new account at the agency signs in and is linked in its turn.
    _sign_out(client)
    through_provider(client, oidc_provider, member.email, subject="amina-account-2")
    assert _signed_in_as(client) == member
    assert ProviderLink.objects.get().subject == "amina-account-2"


@pytest.mark.parametrize("who", ["focal_point", "principal", "guest"])
def test_nobody_else_removes_a_link(client, request, linked, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("access:sign_in_link_remove", args=[linked.pk]))

    assert response.status_code == 403
    assert ProviderLink.objects.filter(pk=linked.pk).exists()
    assert not AuditEntry.objects.filter(action="access.sso_unlink").exists()


def test_the_person_themselves_cannot_remove_their_link(client, linked, member):
    client.force_login(member)

    response = client.post(reverse("access:sign_in_link_remove", args=[linked.pk]))

    assert response.status_code == 403
    assert ProviderLink.objects.filter(pk=linked.pk).exists()


def test_a_stranger_is_sent_to_sign_in_and_nothing_is_removed(client, linked):
    response = client.post(reverse("access:sign_in_link_remove", args=[linked.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert ProviderLink.objects.filter(pk=linked.pk).exists()


def test_removing_is_a_post_and_an_unknown_link_is_not_found(client, secretariat, linked):
    client.force_login(secretariat)

    assert client.get(reverse("access:sign_in_link_remove", args=[linked.pk])).status_code == 405
    missing = reverse("access:sign_in_link_remove", args=[linked.pk + 1000])
    assert client.post(missing).status_code == 404
    assert ProviderLink.objects.filter(pk=linked.pk).exists()


def test_the_person_saved_unchanged_beside_the_links_changes_nothing(
    client, secretariat, linked, member
):
    client.force_login(secretariat)
    before, link_before = state_of(member), state_of(linked)

    response = post_unchanged(
        client, reverse("members:person_edit", args=[member.pk]), with_field="email"
    )

    assert response.status_code == 302
    assert state_of(member) == before
    assert state_of(linked) == link_before


def test_the_person_page_asks_as_much_for_one_link_as_for_many(client, secretariat, linked, member):
    client.force_login(secretariat)

    def count():
        _person_page(client, member)
        with CaptureQueriesContext(connection) as captured:
            assert _person_page(client, member).status_code == 200
        return len(captured)

    one = count()
    for n in range(3):
        more = IdentityProvider.objects.create(
            agency=AgencyFactory(),
            issuer=f"https://login{n}.example",
            client_id="c",
            client_secret_sealed=seal("s"),
        )
        ProviderDomain.objects.create(provider=more, domain=f"agency{n}.example")
        ProviderLink.objects.create(
            person=member, provider=more, issuer=more.issuer, subject=f"s{n}", email="a@x"
        )

    assert count() == one
    page = _person_page(client, member).content.decode()
    assert "https://login2.example" in page


def test_the_audit_log_says_a_link_and_its_removal_in_words(
    client, secretariat, provider, member, oidc_provider
):
    through_provider(client, oidc_provider, member.email, subject=SUBJECT)
    _sign_out(client)
    client.force_login(secretariat)
    link = ProviderLink.objects.get()

    client.post(reverse("access:sign_in_link_remove", args=[link.pk]))

    linked = AuditEntry.objects.get(action="access.sso_link")
    unlinked = AuditEntry.objects.get(action="access.sso_unlink")
    agency = provider.agency.acronym
    assert audit_in_words(linked) == (
        f"linked {member} to the account {SUBJECT} at the sign-in of {agency}"
    )
    assert audit_in_words(unlinked) == (
        f"removed the link of {member} to the account {SUBJECT} at the sign-in of {agency}"
    )
    log = client.get(reverse("core:audit")).content.decode()
    assert f"to the account {SUBJECT} at the sign-in of {agency}" in log
