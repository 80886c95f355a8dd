"""The OpenID Connect provider of the tests (tests/oidc_provider.py), in its own process."""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

SCRIPT = Path(__file__).with_name("oidc_provider.py")
CLIENT_ID = "gmg-secretariat"
CLIENT_SECRET = "provider-secret-for-tests"


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

    def person(self, email: str, *, verified: bool = True, misbehave: str = "") -> None:
        """Who the provider signs in next, and how it misbehaves (see the script)."""
        self._call(
            {"email": email, "email_verified": verified, "name": email, "misbehave": misbehave}
        )

    def last_authorization(self) -> dict:
        return self._call()["last_authorization"]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
