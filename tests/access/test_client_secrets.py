"""The agencies' client secrets are kept encrypted with the operator's keys
(GMG_OIDC_SECRET_KEYS, access/sealing.py): never in plain text in the database,
never shown back, never audited; a key is replaced without a gap; a secret no key
opens is said, and typed again."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from access import sealing
from access.models import IdentityProvider
from core.models import AuditEntry
from tests.oidc import DOMAIN, through_provider
from tests.unchanged import post_unchanged, state_of

OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def _raw_row(provider) -> str:
    """The provider's row as the database holds it, every column as text."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {IdentityProvider._meta.db_table} WHERE id = %s",
            [provider.pk],
        )
        return " ".join(str(value) for value in cursor.fetchone())


def _signed_in(client) -> bool:
    return client.get(reverse("dashboard")).status_code == 200


def _set_up(client, agency, oidc_provider, secret="the-agencys-secret"):
    return client.post(
        reverse("access:provider_new"),
        {
            "agency": agency.pk,
            "issuer": oidc_provider.issuer,
            "client_id": oidc_provider.client_id,
            "client_secret": secret,
            "domains": DOMAIN,
            "enabled": "on",
        },
    )


def test_a_secret_saved_is_not_in_the_database_in_plain_text(
    client, secretariat, agency, oidc_provider
):
    client.force_login(secretariat)

    _set_up(client, agency, oidc_provider)

    provider = IdentityProvider.objects.get(agency=agency)
    assert "the-agencys-secret" not in _raw_row(provider)
    assert sealing.unseal(provider.client_secret_sealed) == "the-agencys-secret"
    page = client.get(reverse("access:provider_edit", args=[provider.pk])).content.decode()
    assert "the-agencys-secret" not in page
    assert provider.client_secret_sealed not in page
    assert "the-agencys-secret" not in str(list(AuditEntry.objects.values("details")))


def test_the_sealed_secret_signs_in(client, provider, member, oidc_provider):
    assert oidc_provider.client_secret not in _raw_row(provider)

    through_provider(client, oidc_provider, member.email)

    assert _signed_in(client)


def test_the_same_secret_typed_again_changes_nothing(client, secretariat, provider):
    client.force_login(secretariat)
    before = state_of(provider)

    response = post_unchanged(
        client,
        reverse("access:provider_edit", args=[provider.pk]),
        with_field="issuer",
        extra={"client_secret": "provider-secret-for-tests"},
    )

    assert response.status_code == 302
    assert state_of(provider) == before
    assert not AuditEntry.objects.filter(action="access.sso_change").exists()


def test_without_the_operators_key_no_secret_is_taken(
    client, settings, secretariat, agency, oidc_provider
):
    settings.GMG_OIDC_SECRET_KEYS = []
    client.force_login(secretariat)

    response = _set_up(client, agency, oidc_provider)

    assert response.status_code == 400
    assert "its operator must set GMG_OIDC_SECRET_KEYS first" in response.content.decode()
    assert not IdentityProvider.objects.exists()
    assert not sealing.can_seal()
    with pytest.raises(ImproperlyConfigured):
        sealing.seal("x")


def test_a_key_that_is_not_a_fernet_key_is_told(settings):
    settings.GMG_OIDC_SECRET_KEYS = ["not-a-key"]

    with pytest.raises(ImproperlyConfigured, match="not a Fernet key"):
        sealing.seal("x")


def test_a_new_key_is_put_first_the_secrets_resealed_and_the_old_key_dropped(
    client, settings, provider, member, oidc_provider
):
    settings.GMG_OIDC_SECRET_KEYS = [OLD_KEY]
    IdentityProvider.objects.filter(pk=provider.pk).update(
        client_secret_sealed=sealing.seal(oidc_provider.client_secret)
    )
    settings.GMG_OIDC_SECRET_KEYS = [NEW_KEY, OLD_KEY]

    call_command("sso_secrets_reseal")

    settings.GMG_OIDC_SECRET_KEYS = [NEW_KEY]
    provider.refresh_from_db()
    assert sealing.unseal(provider.client_secret_sealed) == oidc_provider.client_secret
    assert AuditEntry.objects.get(action="access.sso_secrets_reseal").details == {
        "resealed": 1,
        "unreadable": [],
    }
    through_provider(client, oidc_provider, member.email)
    assert _signed_in(client)


def test_resealing_names_the_secrets_no_key_opens(settings, provider):
    settings.GMG_OIDC_SECRET_KEYS = [NEW_KEY]

    with pytest.raises(CommandError, match=provider.agency.acronym):
        call_command("sso_secrets_reseal")


def test_a_secret_no_key_opens_is_said_and_typed_again(
    client, settings, secretariat, provider, member, oidc_provider
):
    settings.GMG_OIDC_SECRET_KEYS = [NEW_KEY]  # the key that sealed it is gone

    response = client.post(reverse("login"), {"username": member.email})

    assert response.status_code == 503
    assert "cannot be reached at the moment" in response.content.decode()
    refusal = AuditEntry.objects.get(action="access.sso_refused")
    assert refusal.details["reason"] == "secret_unreadable"
    client.force_login(secretariat)
    url = reverse("access:provider_edit", args=[provider.pk])
    assert "cannot be opened with this site" in client.get(url).content.decode()
    client.post(
        url,
        {
            "issuer": provider.issuer,
            "client_id": provider.client_id,
            "client_secret": oidc_provider.client_secret,
            "domains": DOMAIN,
            "enabled": "on",
            "version": provider.version,
        },
    )
    provider.refresh_from_db()
    assert sealing.unseal(provider.client_secret_sealed) == oidc_provider.client_secret
    assert AuditEntry.objects.get(action="access.sso_change").details["fields"] == ["client_secret"]
    client.post(reverse("logout"))
    through_provider(client, oidc_provider, member.email)
    assert _signed_in(client)


def test_the_key_command_prints_a_key_that_seals(settings, capsys):
    call_command("sso_secrets_key")
    key = capsys.readouterr().out.strip()
    settings.GMG_OIDC_SECRET_KEYS = [key]

    assert sealing.unseal(sealing.seal("s")) == "s"
    assert Fernet(key).decrypt(sealing.seal("t").encode()) == b"t"
