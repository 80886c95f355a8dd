"""What the journeys share: the axe check and screenshot per step, sign-in and sign-out."""

import re
import shutil
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from tests.factories import PASSWORD

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
# WCAG 2.1 level A and AA, nothing else (best practices are advice, not a failure).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


class Journey:
    """Walks a person's journey: after each step, a screenshot and an axe check."""

    axe = Axe()

    def __init__(self, name: str):
        self.name = name
        self.folder = SCREENSHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.steps = 0

    def check(self, page, step: str) -> None:
        """Keep a full-page screenshot of this step and fail on any WCAG 2.1 AA violation."""
        page.wait_for_load_state("load")
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        page.screenshot(path=self.folder / f"{self.steps:02d}-{slug}.png", full_page=True)
        violations = self.axe.run(page, options=AXE_OPTIONS).response["violations"]
        assert not violations, (
            f"{self.name}, step {self.steps} ({step}) at {page.url}:\n"
            + format_violations(violations)
        )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = node.get("failureSummary", "").replace("\n", " ").strip()
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Fill in the sign-in form (the page must show it)."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
