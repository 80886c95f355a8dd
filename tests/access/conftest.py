import pytest

from access.models import IdentityProvider, ProviderDomain
from access.sealing import seal
from tests.factories import PersonFactory
from tests.oidc import DOMAIN


@pytest.fixture
def provider(db, agency, oidc_provider):
    """The agency's provider: the test provider (tests/oidc_provider.py), for DOMAIN."""
    row = IdentityProvider.objects.create(
        agency=agency,
        issuer=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        client_secret_sealed=seal(oidc_provider.client_secret),
        authorization_endpoint=f"{oidc_provider.issuer}/authorize",
    )
    ProviderDomain.objects.create(provider=row, domain=DOMAIN)
    return row


@pytest.fixture
def member(agency):
    return PersonFactory(agency=agency, email=f"amina.diallo@{DOMAIN}")
