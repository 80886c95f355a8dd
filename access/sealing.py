"""The agencies' client secrets, encrypted at rest with the operator's key.

Fernet (``cryptography``: AES-128-CBC with an HMAC-SHA256, a timestamp and a
random IV) with the keys of ``GMG_OIDC_SECRET_KEYS``: the first seals, each of
them opens, so a key is replaced without a gap (put the new one first, run
``manage.py sso_secrets_reseal``, then drop the old one). The key lives in the
environment, not in the database: a copy of the database alone (a backup, a
dump handed to someone) does not give the agencies' secrets away.

Without the setting, a laptop or the tests (not production) use a key derived
from SECRET_KEY (gmg/settings.py); production has none, and seals nothing until
the operator sets one.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SecretUnreadableError(Exception):
    """The sealed secret does not open with any of the keys (a key was dropped or changed)."""


def _keys() -> list[str]:
    return [key.strip() for key in settings.GMG_OIDC_SECRET_KEYS if key.strip()]


def can_seal() -> bool:
    """Whether the operator has given a key (or this is a laptop, with its own)."""
    return bool(_keys())


def _fernet() -> MultiFernet:
    keys = _keys()
    if not keys:
        raise ImproperlyConfigured(
            "Set GMG_OIDC_SECRET_KEYS (a key from `manage.py sso_secrets_key`): the agencies' "
            "client secrets are kept encrypted with it."
        )
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "GMG_OIDC_SECRET_KEYS holds a key that is not a Fernet key (32 bytes, url-safe "
            "base64): make one with `manage.py sso_secrets_key`."
        ) from error


def seal(plain: str) -> str:
    """The secret encrypted with the first key, as text for the database."""
    return _fernet().encrypt(plain.encode()).decode()


def unseal(sealed: str) -> str:
    """The secret again; SecretUnreadableError when no key opens it."""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadableError from error


def reseal(sealed: str) -> str:
    """The same secret sealed anew with the first key (after a key was added)."""
    try:
        return _fernet().rotate(sealed.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadableError from error


def new_key() -> str:
    return Fernet.generate_key().decode()
