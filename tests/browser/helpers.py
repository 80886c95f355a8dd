"""What the journeys share: per step a screenshot, axe (WCAG 2.2 AA), unique ids and,
on a phone, a page no wider than the screen; sign-in, sign-out; the focus indicator."""

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils.translation import gettext
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.factories import PASSWORD

DESKTOP = {"width": 1280, "height": 900}
# The narrowest phone still common (iPhone SE, mini): every page fits it.
PHONE = {"width": 375, "height": 812}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
# WCAG 2.0, 2.1 and 2.2 level A and AA, nothing else (best practices are advice,
# not a failure).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}


# Collects the page's Content-Security-Policy violations (an inline script or
# style, a resource from elsewhere) where a journey step can read them.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` (${event.sourceFile || ""}:${event.lineNumber || 0}) ${event.sample || ""}`
    );
}, true);
"""


def watch_csp(page) -> None:
    """Record every CSP report the browser prints for ``page``, across navigations."""
    page.csp_reports = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            page.csp_reports.append(message.text)

    page.on("console", on_console)


def csp_violations(page) -> list[str]:
    """What the page (and, since it opened, the console) reported against the CSP."""
    live = page.evaluate("() => window.__cspViolations || []")
    return [*getattr(page, "csp_reports", []), *live]


class Journey:
    """Walks a person's journey: after each step, a screenshot, an axe check and a
    check that the Content-Security-Policy blocked nothing; then the same page in Arabic.

    The Arabic twin opens the step's address again in a browser context of its own
    (the tab's cookies, so the same signed-in session; Chromium asking for Arabic;
    ``?lang=ar`` so the profile's language does not override it) and checks it the
    same way, right to left: every journey's pages pass axe in English and in Arabic.
    What only a POST shows (a form's errors, a message after a redirect, an address
    that answers no GET) is checked in English; the roles' journey in each language
    (test_languages_journey) does the tasks in Arabic.
    """

    axe = Axe()

    def __init__(self, name: str):
        self.name = name
        self.folder = SCREENSHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.steps = 0

    def check(self, page, step: str) -> None:
        """Keep a full-page screenshot of this step; fail on any WCAG 2.2 AA violation,
        on an id used twice, and (on a phone) on a page wider than the screen. Then the
        same for the step's address in Arabic, when the page is in English."""
        page.wait_for_load_state("load")
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        where = f"{self.name}, step {self.steps} ({step}) at {page.url}"
        self._inspect(page, where, f"{self.steps:02d}-{slug}")
        if page.locator("html").get_attribute("lang") == "en":
            self._check_in_arabic(page, f"{where}, in Arabic", f"{self.steps:02d}-{slug}-ar")

    def _inspect(self, page, where: str, shot: str) -> None:
        page.screenshot(path=self.folder / f"{shot}.png", full_page=True)
        duplicates = duplicate_ids(page)
        assert not duplicates, f"{where}: ids used more than once: {duplicates}"
        width = page.viewport_size["width"]
        if width <= PHONE["width"]:
            page_width = page.evaluate("() => document.documentElement.scrollWidth")
            assert page_width <= width, f"{where}: the page is {page_width}px wide on {width}px"
        blocked = csp_violations(page)
        assert not blocked, f"{where}: Content-Security-Policy violations: {blocked}"
        violations = self.axe.run(page, options=AXE_OPTIONS).response["violations"]
        assert not violations, f"{where}:\n" + format_violations(violations)

    def _check_in_arabic(self, page, where: str, shot: str) -> None:
        # A browser asking for Arabic, with the tab's cookies (the same session).
        context = page.context.browser.new_context(
            locale="ar",
            viewport=page.viewport_size,
            reduced_motion="reduce",
            storage_state=page.context.storage_state(),
        )
        try:
            context.add_init_script(CSP_LISTENER)
            twin = context.new_page()
            watch_csp(twin)
            try:
                response = twin.goto(with_language(page.url, "ar"))
            except PlaywrightError as error:
                # An address that only answers a POST (405, no page): nothing to read.
                if "ERR_HTTP_RESPONSE_CODE_FAILURE" in str(error):
                    return
                raise
            assert response is not None, where
            assert response.status < 500, f"{where}: answered {response.status}"
            if "text/html" not in response.headers.get("content-type", ""):
                return  # not a page: nothing to read
            twin.wait_for_load_state("load")
            html = twin.locator("html")
            expect(html).to_have_attribute("lang", "ar")
            expect(html).to_have_attribute("dir", "rtl")
            self._inspect(twin, where, shot)
        finally:
            context.close()


def with_language(url: str, language: str) -> str:
    """``url`` asking for ``language`` over the profile's (members.middleware reads ?lang)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("lang", language)])))


def duplicate_ids(page) -> list[str]:
    """The ids that more than one element of the page carries (a label then finds
    only the first, and a second control has no name)."""
    return page.evaluate(
        """() => {
            const seen = new Map();
            for (const element of document.querySelectorAll("[id]")) {
                seen.set(element.id, (seen.get(element.id) || 0) + 1);
            }
            return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
        }"""
    )


# The focused element's outline and the colour of what is behind it, composited
# over the nearest opaque ancestor (the page is white where nothing is painted).
FOCUS_STYLE_JS = """(element) => {
    const parse = (colour) => {
        const parts = colour.match(/[\\d.]+/g).map(Number);
        return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
    };
    let background = null;
    for (let node = element.parentElement; node; node = node.parentElement) {
        const colour = parse(getComputedStyle(node).backgroundColor);
        if (colour.a > 0) { background = colour; break; }
    }
    background = background || {r: 255, g: 255, b: 255, a: 1};
    const style = getComputedStyle(element);
    return {
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        outline: parse(style.outlineColor),
        background: background,
    };
}"""


def _luminance(colour: dict) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[key]) for key in "rgb")
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: dict, second: dict) -> float:
    """WCAG contrast ratio of two rgb colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_indicator(locator) -> tuple[float, float]:
    """Focus the element by keyboard-like means and return its outline's width (px)
    and its contrast against the background around the element."""
    locator.focus()
    style = locator.evaluate(FOCUS_STYLE_JS)
    if style["outlineStyle"] == "none" or style["outline"]["a"] == 0:
        return 0.0, 1.0
    return style["outlineWidth"], contrast(style["outline"], style["background"])


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


def named_for(action: str, title: str) -> re.Pattern:
    """A control's name: its visible word, then (visually hidden) what it acts on."""
    # Chromium puts a space before the hidden ": title"; a screen reader reads both.
    return re.compile(rf"^{re.escape(action)}\s*:\s*{re.escape(title)}$")


# Words of English sentences that no other of the six languages writes: on a page in
# another language, each is a message the application left untranslated.
ENGLISH = re.compile(
    r"\b(the|and|of|is|are|you|your|for|with|this|that|have|was|were|will|not|to|from"
    r"|by|at|meeting|meetings|topic|topics|save|sign|edit|published|draft|comments|yet"
    r"|nothing|none|open|done|dropped|accepted|submitted|decided|owners?)\b",
    re.IGNORECASE,
)
# What the page says to people: its text, and the names and hints given in attributes.
PAGE_WORDS_JS = """() => [
    document.title,
    document.body.innerText,
    ...[...document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")].map(
        (element) => ["aria-label", "title", "placeholder", "alt"]
            .map((name) => element.getAttribute(name) || "").join(" ")),
].join("\\n")"""


def english_words(page, as_written=()) -> list[str]:
    """English words the page shows, once what people wrote (``as_written``: names, titles
    typed in English) is set aside; a page in another language should show none."""
    text = page.evaluate(PAGE_WORDS_JS)
    for written in sorted(as_written, key=len, reverse=True):
        text = text.replace(written, " ")
    found = []
    for line in text.splitlines():
        if ENGLISH.search(line) and line.strip() not in found:
            found.append(line.strip())
    return found


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Fill in the sign-in form (the page must show it): the e-mail, then the password.
    The names are the active language's (English unless the test overrides it)."""
    expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Sign in"))
    page.get_by_label(gettext("E-mail")).fill(email)
    page.get_by_role("button", name=gettext("Continue")).click()
    page.get_by_label(gettext("Password")).fill(password)
    page.get_by_role("button", name=gettext("Sign in"), exact=True).click()


def sign_out(page) -> None:
    page.get_by_role("button", name=gettext("Sign out")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Sign in"))
