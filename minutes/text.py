"""Markdown to safe HTML, and the comparison of two texts.

The minutes are written in Markdown; the HTML shown in a browser and put in
the PDF is what nh3 lets through: no script, no style, no event handler, and
links only to the web or to an e-mail address.
"""

import difflib
import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote",
    "code", "pre", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
FENCE = re.compile(r"^ {0,3}(?:```|~~~)")


def _lists_after_lines(text: str) -> str:
    """A blank line before a list typed right under a line ("Members raised:" then "- a").

    Markdown wants that blank line, people do not type it, and the help text
    promises a list: without it the items run into the paragraph.
    """
    lines, out, in_fence = text.splitlines(), [], False
    for line in lines:
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and LIST_ITEM.match(line) and out:
            previous = out[-1]
            if previous.strip() and not LIST_ITEM.match(previous) and not previous[:1].isspace():
                out.append("")
        out.append(line)
    return "\n".join(out)


def render_markdown(text: str) -> str:
    """Markdown → HTML sanitised by nh3 (headings shift below the page's own)."""
    html = markdown.markdown(
        _lists_after_lines(text or ""), extensions=["sane_lists", "tables"], output_format="html"
    )
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def text_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Line by line: ("same" | "added" | "removed", line); escaped by the template."""
    rows = []
    for line in difflib.ndiff((before or "").splitlines(), (after or "").splitlines()):
        code, content = line[:2], line[2:]
        if code == "? ":
            continue
        kind = {"+ ": "added", "- ": "removed"}.get(code, "same")
        rows.append((kind, content))
    return rows
