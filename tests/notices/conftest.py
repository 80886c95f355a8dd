import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The factories hash a password per person; the default hasher takes about a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
