"""A small but real OpenID Connect provider for the tests, run in its own process.

    python tests/oidc_provider.py CLIENT_ID CLIENT_SECRET

It listens on a free loopback port and prints ``port=N`` once ready. It serves
the discovery document, its keys (JWKS), an authorization endpoint that
approves the configured person at once (authorization code flow, PKCE S256
required) and a token endpoint that checks the client, the code (once), the
redirect address and the code verifier, and returns an ID token signed with
RS256.

The tests steer it through ``POST /control`` (JSON): ``email``,
``email_verified``, ``name``, ``subject`` (the ``sub`` claim; when empty, one
made from the e-mail, so one address is one account) and ``misbehave``, one of

- ``wrong_key``: the ID token is signed with a key the JWKS does not have
  (under the same key id);
- ``wrong_audience``: the ID token is for another client;
- ``wrong_issuer``: the ID token names another issuer;
- ``replay_nonce``: the ID token carries the nonce of an earlier sign-in;
- ``expired``: the ID token expired ten minutes ago.

``GET /control`` answers what the last authorization request asked.
"""

import base64
import hashlib
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

KEY_ID = "provider-key-1"


class Provider:
    def __init__(self, client_id: str, client_secret: str):
        self.client_id = client_id
        self.client_secret = client_secret
        self.issuer = ""
        params = {"kid": KEY_ID, "use": "sig", "alg": "RS256"}
        self.key = RSAKey.generate_key(2048, parameters=params)
        self.wrong_key = RSAKey.generate_key(2048, parameters=params)
        self.lock = threading.Lock()
        self.codes: dict[str, dict] = {}
        self.nonces: list[str] = []
        self.last_authorization: dict = {}
        self.settings = {
            "email": "",
            "email_verified": True,
            "name": "",
            "subject": "",
            "misbehave": "",
        }

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def authorize(self, query: dict) -> tuple[int, dict]:
        """Approve the configured person: the redirect back with a code, or an error."""
        self.last_authorization = query
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            return 400, {"error": "invalid_client"}
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return 400, {"error": "invalid_request"}
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return 400, {"error": "invalid_request", "error_description": "PKCE required"}
        code = secrets.token_urlsafe(24)
        with self.lock:
            nonce = query.get("nonce", "")
            self.codes[code] = {
                "redirect_uri": redirect_uri,
                "challenge": query["code_challenge"],
                "nonce": nonce,
                "earlier_nonce": self.nonces[0] if self.nonces else "",
                "settings": dict(self.settings),
            }
            self.nonces.append(nonce)
        back = {"code": code}
        if "state" in query:
            back["state"] = query["state"]
        separator = "&" if "?" in redirect_uri else "?"
        return 302, {"location": f"{redirect_uri}{separator}{urlencode(back)}"}

    def token(self, form: dict, authorization: str) -> tuple[int, dict]:
        client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _, client_secret = decoded.partition(":")
        if client_id != self.client_id or client_secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if not verifier or challenge != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "code_verifier"}
        return 200, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(grant),
        }

    def id_token(self, grant: dict) -> str:
        settings = grant["settings"]
        misbehave = settings["misbehave"]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": settings["subject"]
            or hashlib.sha256(settings["email"].lower().encode()).hexdigest()[:20],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            "email": settings["email"],
            "email_verified": settings["email_verified"],
            "name": settings["name"],
        }
        key = self.key
        if misbehave == "wrong_key":
            key = self.wrong_key
        elif misbehave == "wrong_audience":
            claims["aud"] = "another-client"
            claims["azp"] = self.client_id
        elif misbehave == "wrong_issuer":
            claims["iss"] = "https://impostor.example"
        elif misbehave == "replay_nonce":
            claims["nonce"] = grant["earlier_nonce"]
        elif misbehave == "expired":
            claims["iat"], claims["exp"] = now - 1200, now - 600
        return jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, key)


def handler_for(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status: int, body: dict, location: str = ""):
            data = json.dumps(body).encode()
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_GET(self):
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._send(200, provider.discovery())
            elif url.path == "/jwks":
                self._send(200, KeySet([provider.key]).as_dict(private=False))
            elif url.path == "/authorize":
                status, body = provider.authorize(query)
                self._send(status, body, location=body.get("location", ""))
            elif url.path == "/control":
                self._send(200, {"last_authorization": provider.last_authorization})
            else:
                self._send(404, {"error": "not_found"})

        def do_POST(self):
            url = urlsplit(self.path)
            if url.path == "/token":
                form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
                status, body = provider.token(form, self.headers.get("Authorization", ""))
                self._send(status, body)
            elif url.path == "/control":
                with provider.lock:
                    provider.settings.update(json.loads(self._body() or b"{}"))
                self._send(200, provider.settings)
            else:
                self._send(404, {"error": "not_found"})

    return Handler


def main():
    client_id, client_secret = sys.argv[1], sys.argv[2]
    provider = Provider(client_id, client_secret)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(provider))
    port = server.server_address[1]
    provider.issuer = f"http://127.0.0.1:{port}"
    print(f"port={port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
