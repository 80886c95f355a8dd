"""Single sign-on with the agencies' own identity providers (OpenID Connect).

The secretariat sets up a provider per agency (issuer, client id and secret,
the agency's e-mail domains). The sign-in page asks for the e-mail first; when
its domain is a provider's, the person is sent there (authorization code flow
with PKCE, state and nonce, through authlib's Django client built for that
provider from the database). On the way back the ID token's signature (the
provider's JWKS), issuer, audience, expiry and nonce are checked, the e-mail
must be verified by the provider and belong to one of its domains, and it must
be the address of a person the secretariat invited (of that agency, or of none):
nobody is ever created here. That first sign-in links the person to the
provider's stable subject (``sub`` at its issuer, ``ProviderLink``); afterwards
the subject alone says who signs in, whatever the e-mail claim says (an address
can change, or be given to someone else). Such a sign-in is not asked for this
site's second factor: the agency's provider has its own.

The client secret is kept encrypted (``access.sealing``) and opened only to
build the client of one request.
"""

import ipaddress
import logging
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import DjangoOAuth2App
from authlib.integrations.django_client.integration import DjangoIntegration
from django.contrib.auth import login
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from joserfc.errors import JoseError

from access import sealing
from access.models import IdentityProvider, ProviderDomain, ProviderLink, SignInSession
from core.audit import audit_record
from core.permissions import SYSTEM, require
from core.versioning import save_versioned
from members.models import Person

logger = logging.getLogger(__name__)

# Reading the provider's documents (discovery, keys, token) waits at most this long.
TIMEOUT_SECONDS = 10
# Kept in the session from the start of a sign-in to the return.
PENDING_KEY = "_gmg_sso_pending"
# In the session of a person signed in through their agency's provider.
SIGNED_IN_VIA_KEY = "_gmg_sso"


class SignInError(Exception):
    """The provider's answer does not sign anyone in; ``message`` says why."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


def domain_of(email: str) -> str:
    return (email or "").strip().rpartition("@")[2].lower()


def domains_parse(text: str) -> list[str]:
    """E-mail domains typed one per line, or separated by commas or spaces."""
    found = []
    for part in text.replace(",", " ").split():
        domain = part.strip().lstrip("@").lower()
        if domain and domain not in found:
            found.append(domain)
    return found


def provider_for_email(email: str) -> IdentityProvider | None:
    """The provider in use for this e-mail's domain, if any (one query)."""
    domain = domain_of(email)
    if not domain or "@" not in (email or ""):
        return None
    row = (
        ProviderDomain.objects.select_related("provider__agency")
        .filter(domain=domain, provider__enabled=True)
        .first()
    )
    return row.provider if row else None


def form_action_origins() -> list[str]:
    """Where the sign-in page's form may lead: each provider's authorization endpoint."""
    origins = set()
    for endpoint in IdentityProvider.objects.filter(enabled=True).values_list(
        "authorization_endpoint", flat=True
    ):
        parts = urlsplit(endpoint)
        if parts.scheme and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


# --- The secretariat's configuration ------------------------------------------


def _issuer_allowed(url: str) -> bool:
    """https, or plain http on this machine only (a test or development provider)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    if parts.scheme != "http" or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def discovery_read(issuer: str) -> dict:
    """The provider's discovery document, checked; a ValidationError says what is wrong."""
    if not _issuer_allowed(issuer):
        raise ValidationError({"issuer": _("The issuer must be an https:// address.")})
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.info("Discovery document at %s not read: %s", url, error)
        raise ValidationError(
            {"issuer": _("The discovery document at %(url)s could not be read.") % {"url": url}}
        ) from error
    if not isinstance(document, dict) or document.get("issuer") != issuer.rstrip("/"):
        raise ValidationError(
            {
                "issuer": _(
                    "The discovery document at %(url)s names another issuer: "
                    "copy the issuer exactly as the provider gives it."
                )
                % {"url": url}
            }
        )
    missing = [
        key
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri")
        if not isinstance(document.get(key), str) or not _issuer_allowed(document[key])
    ]
    if missing:
        raise ValidationError(
            {"issuer": _("The discovery document lacks %(what)s.") % {"what": ", ".join(missing)}}
        )
    return document


def _domains_check(domains: list[str], provider: IdentityProvider | None) -> None:
    if not domains:
        raise ValidationError({"domains": _("Give at least one e-mail domain of the agency.")})
    bad = [d for d in domains if "." not in d or "@" in d or len(d) > 253]
    if bad:
        raise ValidationError(
            {"domains": _("Not an e-mail domain: %(domains)s.") % {"domains": ", ".join(bad)}}
        )
    taken = ProviderDomain.objects.filter(domain__in=domains).select_related("provider__agency")
    if provider is not None:
        taken = taken.exclude(provider=provider)
    taken = list(taken)
    if taken:
        raise ValidationError(
            {
                "domains": _("%(domain)s already signs in through %(agency)s's provider.")
                % {"domain": taken[0].domain, "agency": taken[0].provider.agency}
            }
        )


def _sealing_check() -> None:
    if not sealing.can_seal():
        raise ValidationError(
            {
                "client_secret": _(
                    "This site cannot keep a client secret safely yet: its operator must set "
                    "GMG_OIDC_SECRET_KEYS first (see the README)."
                )
            }
        )


def secret_readable(provider: IdentityProvider) -> bool:
    """Whether the saved secret opens with the operator's keys (no query)."""
    if not provider.client_secret_sealed or not sealing.can_seal():
        return False
    try:
        sealing.unseal(provider.client_secret_sealed)
    except (sealing.SecretUnreadableError, ImproperlyConfigured):
        return False
    return True


def _secret_is(provider: IdentityProvider, typed: str) -> bool:
    """Whether ``typed`` is the secret saved already (an unreadable one is not)."""
    try:
        return sealing.unseal(provider.client_secret_sealed) == typed
    except (sealing.SecretUnreadableError, ImproperlyConfigured):
        return False


def provider_create(
    *, actor, agency, issuer: str, client_id: str, client_secret: str, domains: str, enabled: bool
) -> IdentityProvider:
    """The secretariat sets up an agency's provider (the discovery document is read first)."""
    require(actor, "access.configure_sso")
    issuer = issuer.strip().rstrip("/")
    names = domains_parse(domains)
    _domains_check(names, None)
    if not client_secret:
        raise ValidationError({"client_secret": _("Give the client secret.")})
    _sealing_check()
    document = discovery_read(issuer)
    with transaction.atomic():
        provider = IdentityProvider.objects.create(
            agency=agency,
            issuer=issuer,
            client_id=client_id.strip(),
            client_secret_sealed=sealing.seal(client_secret),
            enabled=enabled,
            authorization_endpoint=document["authorization_endpoint"],
        )
        ProviderDomain.objects.bulk_create(
            ProviderDomain(provider=provider, domain=d) for d in names
        )
        audit_record(
            actor=actor,
            action="access.sso_set_up",
            target=provider,
            agency=agency.acronym,
            issuer=issuer,
            domains=names,
        )
    return provider


def provider_update(
    *,
    provider: IdentityProvider,
    actor,
    version: int,
    issuer: str,
    client_id: str,
    client_secret: str,
    domains: str,
    enabled: bool,
) -> IdentityProvider:
    """Change a provider; an empty secret keeps the one saved. Unchanged, nothing is saved."""
    require(actor, "access.configure_sso", provider)
    issuer = issuer.strip().rstrip("/")
    names = domains_parse(domains)
    _domains_check(names, provider)
    fields = {"issuer": issuer, "client_id": client_id.strip(), "enabled": enabled}
    changed = sorted(name for name, value in fields.items() if getattr(provider, name) != value)
    if client_secret and not _secret_is(provider, client_secret):
        _sealing_check()
        fields["client_secret_sealed"] = sealing.seal(client_secret)
        changed.append("client_secret")
    domains_changed = sorted(names) != sorted(provider.domain_list)
    if not changed and not domains_changed:
        return provider
    if "issuer" in changed or not provider.authorization_endpoint:
        fields["authorization_endpoint"] = discovery_read(issuer)["authorization_endpoint"]
    with transaction.atomic():
        save_versioned(obj=provider, version=version, fields=fields)
        if domains_changed:
            ProviderDomain.objects.filter(provider=provider).delete()
            ProviderDomain.objects.bulk_create(
                ProviderDomain(provider=provider, domain=d) for d in names
            )
            changed.append("domains")
        audit_record(
            actor=actor,
            action="access.sso_change",
            target=provider,
            fields=changed,
            issuer=issuer,
            domains=names,
        )
    return provider


# --- Signing in -----------------------------------------------------------------


# What the client takes from the discovery document (and nothing else it might say).
METADATA = (
    "issuer",
    "authorization_endpoint",
    "token_endpoint",
    "jwks_uri",
    "id_token_signing_alg_values_supported",
)


def _client(provider: IdentityProvider, document: dict) -> DjangoOAuth2App:
    """authlib's client for this provider, made for this request from its row.
    Raises SecretUnreadableError (or ImproperlyConfigured) when the secret does not open."""
    name = f"gmg-sso-{provider.pk}"
    metadata = {key: document[key] for key in METADATA if key in document}
    return DjangoOAuth2App(
        DjangoIntegration(name),
        name=name,
        client_id=provider.client_id,
        client_secret=sealing.unseal(provider.client_secret_sealed),
        client_kwargs={
            "scope": "openid email profile",
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_basic",
            "default_timeout": TIMEOUT_SECONDS,
        },
        **metadata,
    )


def _return_url(request, provider) -> str:
    return request.build_absolute_uri(reverse("access:sso_return", args=[provider.pk]))


def sign_in_start(*, request, provider: IdentityProvider, email: str, next_url: str):
    """Send the person to their agency's provider (state, nonce and PKCE kept in the session)."""
    try:
        document = discovery_read(provider.issuer)
    except ValidationError as error:
        raise SignInError(
            _("%(agency)s's sign-in cannot be reached at the moment. Try again later.")
            % {"agency": provider.agency},
            reason="unreachable",
        ) from error
    try:
        client = _client(provider, document)
    except (sealing.SecretUnreadableError, ImproperlyConfigured) as error:
        # The operator's keys changed without the secrets: the secretariat types it again.
        logger.error("The client secret of %s does not open: %s", provider.agency, error)
        raise _refuse(
            provider,
            "secret_unreadable",
            _("%(agency)s's sign-in cannot be reached at the moment. Try again later.")
            % {"agency": provider.agency},
            email,
        ) from error
    request.session[PENDING_KEY] = {"provider": provider.pk, "next": next_url}
    return client.authorize_redirect(
        request, _return_url(request, provider), login_hint=email.strip()
    )


def _refuse(
    provider, reason: str, message: str, email: str = "", detail: str = "", **more
) -> SignInError:
    audit_record(
        actor=SYSTEM,
        action="access.sso_refused",
        target=provider,
        agency=provider.agency.acronym,
        reason=reason,
        email=email,
        detail=detail[:200],
        **more,
    )
    logger.info("Single sign-on through %s refused: %s %s", provider.agency, reason, email)
    return SignInError(message, reason)


def _not_invited(provider, email: str, subject: str) -> SignInError:
    return _refuse(
        provider,
        "not_invited",
        _("%(email)s has no account here. Ask the secretariat to invite you; then sign in again.")
        % {"email": email or _("This address")},
        email,
        subject=subject,
    )


def sign_in_finish(*, request, provider: IdentityProvider) -> tuple[Person, str]:
    """Check the provider's answer and sign the invited person in; returns them and where
    to go next. Raises SignInError with the reason in words."""
    pending = request.session.pop(PENDING_KEY, None) or {}
    failed = _("The sign-in at %(agency)s did not succeed. Try again, or ask the secretariat.") % {
        "agency": provider.agency
    }
    if pending.get("provider") != provider.pk:
        raise _refuse(provider, "no_pending_sign_in", failed)
    try:
        document = discovery_read(provider.issuer)
        token = _client(provider, document).authorize_access_token(
            request,
            claims_options={
                "iss": {"essential": True, "values": [provider.issuer]},
                "aud": {"essential": True, "values": [provider.client_id]},
                "exp": {"essential": True},
                "nonce": {"essential": True},
            },
            leeway=60,
        )
    except (
        OAuthError,
        JoseError,
        requests.RequestException,
        ValidationError,
        ValueError,
        sealing.SecretUnreadableError,
        ImproperlyConfigured,
    ) as error:
        raise _refuse(provider, type(error).__name__, failed, detail=str(error)) from error
    claims = token.get("userinfo")
    if not claims:
        raise _refuse(provider, "no_id_token", failed)
    email = str(claims.get("email") or "").strip()
    subject = str(claims.get("sub") or "")
    if not subject or len(subject) > 255:
        raise _refuse(provider, "no_subject", failed, email)
    link = (
        ProviderLink.objects.select_related("person")
        .filter(issuer=provider.issuer, subject=subject)
        .first()
    )
    if link is None:
        person = _first_link(provider, claims, email, subject)
    else:
        person = link.person
        if not person.is_active or person.agency_id not in (None, provider.agency_id):
            raise _not_invited(provider, email, subject)
        link.email, link.last_used = email[:254], timezone.now()
        link.save(update_fields=["email", "last_used"])
    login(request, person, backend="members.backends.EmailBackend")
    # The provider asked its own second factor: this site's is not asked on top.
    from access.two_factor import STATE_KEY

    request.session[SIGNED_IN_VIA_KEY] = provider.agency.acronym
    request.session[STATE_KEY] = "free"
    SignInSession.objects.filter(session_key=request.session.session_key).update(
        via=provider.agency.acronym
    )
    audit_record(
        actor=person,
        action="access.sso_sign_in",
        target=person,
        agency=provider.agency.acronym,
        ip=request.META.get("REMOTE_ADDR", ""),
    )
    return person, pending.get("next") or reverse("dashboard")


def _first_link(provider, claims: dict, email: str, subject: str) -> Person:
    """An account the provider has never signed in here: the verified e-mail of an invited
    person, not linked to another account of this issuer, is linked to it."""
    if claims.get("email_verified") not in (True, "true"):
        raise _refuse(
            provider,
            "email_not_verified",
            _(
                "%(agency)s's sign-in did not confirm your e-mail address, so it cannot sign "
                "you in here. Ask your agency's IT service, or the secretariat."
            )
            % {"agency": provider.agency},
            email,
            subject=subject,
        )
    person = Person.objects.filter(email__iexact=email, is_active=True).first()
    if (
        person is None
        or domain_of(email) not in provider.domain_list
        or person.agency_id not in (None, provider.agency_id)
    ):
        raise _not_invited(provider, email, subject)
    linked_to_another = _(
        "%(email)s is linked to another account at %(agency)s's sign-in, so this one cannot "
        "sign in as its owner. If the agency gave the address to someone new, or made your "
        "account anew, ask the secretariat."
    ) % {"email": email, "agency": provider.agency}
    earlier = ProviderLink.objects.filter(person=person, issuer=provider.issuer).first()
    if earlier is not None:
        raise _refuse(
            provider,
            "linked_to_another_subject",
            linked_to_another,
            email,
            subject=subject,
            linked_subject=earlier.subject,
        )
    try:
        with transaction.atomic():
            ProviderLink.objects.create(
                person=person,
                provider=provider,
                issuer=provider.issuer,
                subject=subject,
                email=email[:254],
            )
    except IntegrityError as error:
        # Two first sign-ins at once: whichever linked first holds.
        raise _refuse(
            provider, "linked_to_another_subject", linked_to_another, email, subject=subject
        ) from error
    audit_record(
        actor=person,
        action="access.sso_link",
        target=person,
        agency=provider.agency.acronym,
        issuer=provider.issuer,
        subject=subject,
        email=email,
    )
    return person


def link_remove(*, link: ProviderLink, actor) -> None:
    """The secretariat unlinks a person from their account at a provider: the next sign-in
    there links again, by the verified e-mail (the address was given to someone else, or
    the agency made the person's account anew)."""
    require(actor, "access.remove_sign_in_link", link.person)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="access.sso_unlink",
            target=link.person,
            agency=link.provider.agency.acronym,
            issuer=link.issuer,
            subject=link.subject,
            email=link.email,
        )
        link.delete()


def secrets_reseal() -> tuple[int, list[str]]:
    """Every saved client secret sealed again with the operator's first key (after a new
    key was put first). Returns how many, and the agencies whose secret opens with none."""
    resealed, unreadable = 0, []
    providers = IdentityProvider.objects.select_related("agency").exclude(client_secret_sealed="")
    for provider in providers:
        try:
            sealed = sealing.reseal(provider.client_secret_sealed)
        except sealing.SecretUnreadableError:
            unreadable.append(provider.agency.acronym)
            continue
        IdentityProvider.objects.filter(pk=provider.pk).update(client_secret_sealed=sealed)
        resealed += 1
    audit_record(
        actor=SYSTEM, action="access.sso_secrets_reseal", resealed=resealed, unreadable=unreadable
    )
    return resealed, unreadable
