"""The migration seals the client secrets saved in plain text before, and going back
opens them again; without the operator's key it refuses rather than lose them."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from access import sealing

BEFORE = [("access", "0002_single_sign_on")]
AFTER = [("access", "0003_provider_links_and_sealed_secrets")]


def _migrate(targets):
    """Move access to ``targets``, every other app staying at its latest."""
    executor = MigrationExecutor(connection)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "access"]
    executor.migrate(targets + others)
    executor.loader.build_graph()
    return executor.loader.project_state(targets + others).apps


def _plain_provider(old_apps):
    agency = old_apps.get_model("members", "Agency").objects.create(
        name="UN Refugee Agency", acronym="UNHCR", kind="fund or programme"
    )
    return old_apps.get_model("access", "IdentityProvider").objects.create(
        agency=agency,
        issuer="https://login.unhcr.example",
        client_id="gmg",
        client_secret="plain-secret",
    )


@pytest.mark.django_db(transaction=True)
def test_saved_secrets_are_sealed_and_opened_again_going_back():
    old = _migrate(BEFORE)
    saved = _plain_provider(old)

    new = _migrate(AFTER)

    provider = new.get_model("access", "IdentityProvider").objects.get(pk=saved.pk)
    assert not hasattr(provider, "client_secret")
    assert "plain-secret" not in provider.client_secret_sealed
    assert sealing.unseal(provider.client_secret_sealed) == "plain-secret"
    back = _migrate(BEFORE)
    assert (
        back.get_model("access", "IdentityProvider").objects.get(pk=saved.pk).client_secret
        == "plain-secret"
    )
    _migrate(AFTER)


@pytest.mark.django_db(transaction=True)
def test_without_the_operators_key_the_migration_refuses(settings):
    old = _migrate(BEFORE)
    saved = _plain_provider(old)
    settings.GMG_OIDC_SECRET_KEYS = []

    with pytest.raises(ImproperlyConfigured, match="Set GMG_OIDC_SECRET_KEYS before migrating"):
        _migrate(AFTER)

    settings.GMG_OIDC_SECRET_KEYS = [sealing.new_key()]
    new = _migrate(AFTER)
    provider = new.get_model("access", "IdentityProvider").objects.get(pk=saved.pk)
    assert sealing.unseal(provider.client_secret_sealed) == "plain-secret"
