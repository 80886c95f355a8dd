"""The OpenID Connect provider of the tests (tests/oidc_provider.py), in its own process."""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import requests
from django.urls import reverse

SCRIPT = Path(__file__).with_name("oidc_provider.py")
CLIENT_ID = "gmg-secretariat"
CLIENT_SECRET = "provider-secret-for-tests"
# The e-mail domain of the agency whose provider the tests use (tests/access/conftest.py).
DOMAIN = "agency.example"


class ProviderProcess:
    """Starts the provider on a free loopback port and steers it."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, str(SCRIPT), CLIENT_ID, CLIENT_SECRET],
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline().strip()
        if not line.startswith("port="):
            self.process.kill()
            raise RuntimeError(f"The test provider did not start: {line!r}")
        self.issuer = f"http://127.0.0.1:{line.removeprefix('port=')}"
        self.client_id, self.client_secret = CLIENT_ID, CLIENT_SECRET

    def _call(self, data: dict | None = None) -> dict:
        body = json.dumps(data).encode() if data is not None else None
        request = urllib.request.Request(f"{self.issuer}/control", data=body)
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.load(response)

    def person(
        self, email: str, *, verified: bool = True, misbehave: str = "", subject: str = ""
    ) -> None:
        """Who the provider signs in next (``subject``: its account; by default one made
        from the e-mail), and how it misbehaves (see the script)."""
        self._call(
            {
                "email": email,
                "email_verified": verified,
                "name": email,
                "subject": subject,
                "misbehave": misbehave,
            }
        )

    def last_authorization(self) -> dict:
        return self._call()["last_authorization"]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def through_provider(client, oidc_provider, email, typed=None, **behaviour):
    """Type the e-mail (or ``typed``), let the provider answer for ``email`` (as
    configured: ``verified``, ``subject``, ``misbehave``), come back; the last page."""
    oidc_provider.person(email, **behaviour)
    response = client.post(reverse("login"), {"username": typed or email})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].startswith(f"{oidc_provider.issuer}/authorize?")
    answer = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    return client.get(f"{back.path}?{back.query}", follow=True)
