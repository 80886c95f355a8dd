"""Every page carries a strict Content-Security-Policy and a Permissions-Policy, and no
template the browser gets has inline script, style or event handlers (the policy would
block them)."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Rendered by WeasyPrint or sent as e-mail, never given to a browser as a page.
NOT_PAGES = ("pdf", "email")
INLINE = [
    re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),
    re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    re.compile(r"javascript:", re.I),
    re.compile(r"<[a-z][^>]*\shx-on", re.I),
]


def _directives(header: str) -> dict[str, list[str]]:
    parts = (d.strip().split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def test_pages_have_a_strict_content_security_policy(client, secretariat):
    client.force_login(secretariat)

    for url in (reverse("login"), reverse("dashboard"), reverse("meetings:upcoming")):
        response = client.get(url)
        policy = _directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_pages_have_a_permissions_policy(client, db):
    policy = client.get(reverse("login"))["Permissions-Policy"]

    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_no_page_template_has_inline_script_or_style():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        relative = path.relative_to(TEMPLATES)
        if any(part in NOT_PAGES for part in relative.parts):
            continue
        text = path.read_text()
        for pattern in INLINE:
            found += [f"{relative}: {m.group(0).strip()}" for m in pattern.finditer(text)]
    assert found == []
