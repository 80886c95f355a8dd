"""Akoma Ntoso 3.0 documents: the FRBR identification and the shared shape.

A floor that publishes a document (the agenda floor its versions, the
minutes floor its editions) builds the body; this module gives it the
``<akomaNtoso>`` frame, the ``meta`` block with FRBR identifiers taken from the
document's reference and language, and the references to organizations.
Identifiers follow the AKN naming convention as AKN4UN applies it: the UN
symbol (slashes as dashes) names the work, the language (ISO 639-2) and
publication date the expression.
"""

import datetime
from dataclasses import dataclass, field

from lxml import etree

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LANGUAGES = {"en": "eng", "fr": "fra", "es": "spa", "ar": "ara", "zh-hans": "zho", "ru": "rus"}


def E(tag: str, *children, **attrs) -> etree._Element:  # noqa: N802 (reads like the XML)
    """An element in the AKN namespace: text, elements and attributes in one call."""
    element = etree.Element(f"{{{NS}}}{tag}", nsmap={None: NS})
    for key, value in attrs.items():
        if value is not None:
            element.set(key.rstrip("_").replace("__", ":"), str(value))
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            if len(element):
                element[-1].tail = (element[-1].tail or "") + child
            else:
                element.text = (element.text or "") + child
        else:
            element.append(child)
    return element


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "x"


@dataclass
class Frame:
    """What identifies one published document."""

    doc_type: str  # "debateReport", "debate"
    name: str  # the document's kind within the group: "agenda", "minutes"
    reference: str  # the UN-style symbol, e.g. GMG/PM/2027/2/Rev.1
    work_date: datetime.date  # the meeting's day
    published: datetime.datetime
    language: str = "en"
    author: str = "gmg"
    organizations: list[tuple[str, str]] = field(default_factory=list)  # (eId, showAs)
    events: list[tuple[str, str]] = field(default_factory=list)

    @property
    def work_uri(self) -> str:
        return f"/akn/un/{self.doc_type}/{self.name}/{self.work_date}/{slug(self.reference)}"

    @property
    def expression_uri(self) -> str:
        return f"{self.work_uri}/{LANGUAGES.get(self.language, 'eng')}@{self.published.date()}"


def meta(frame: Frame) -> etree._Element:
    author = f"#{frame.author}"
    lang = LANGUAGES.get(frame.language, "eng")
    references = E("references", source=author)
    for eid, show_as in frame.organizations:
        references.append(
            E("TLCOrganization", eId=eid, href=f"/ontology/organization/un/{eid}", showAs=show_as)
        )
    for eid, show_as in frame.events:
        references.append(E("TLCEvent", eId=eid, href=f"/ontology/event/un/{eid}", showAs=show_as))
    return E(
        "meta",
        E(
            "identification",
            E(
                "FRBRWork",
                E("FRBRthis", value=f"{frame.work_uri}/!main"),
                E("FRBRuri", value=frame.work_uri),
                E("FRBRalias", value=frame.reference, name="symbol"),
                E("FRBRdate", date=frame.work_date.isoformat(), name="meeting"),
                E("FRBRauthor", href=author),
                E("FRBRcountry", value="un"),
                E("FRBRname", value=frame.name),
            ),
            E(
                "FRBRExpression",
                E("FRBRthis", value=f"{frame.expression_uri}/!main"),
                E("FRBRuri", value=frame.expression_uri),
                E("FRBRdate", date=frame.published.date().isoformat(), name="publication"),
                E("FRBRauthor", href=author),
                E("FRBRlanguage", language=lang),
            ),
            E(
                "FRBRManifestation",
                E("FRBRthis", value=f"{frame.expression_uri}/!main.xml"),
                E("FRBRuri", value=f"{frame.expression_uri}.akn"),
                E("FRBRdate", date=frame.published.date().isoformat(), name="generation"),
                E("FRBRauthor", href=author),
            ),
            source=author,
        ),
        references,
    )


def document(frame: Frame, *parts) -> bytes:
    """The whole file: ``<akomaNtoso><docType name=...>meta + parts</docType></akomaNtoso>``."""
    root = E("akomaNtoso", E(frame.doc_type, meta(frame), *parts, name=frame.name))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def paragraphs_from_html(html: str, *, wrapper: str = "p") -> list[etree._Element]:
    """Sanitised HTML (from the minutes' Markdown) as AKN block text, one ``<p>`` a block."""
    if not html.strip():
        return []
    fragment = etree.fromstring(f"<div>{html}</div>", etree.HTMLParser())
    blocks = []
    for node in fragment.iter("p", "li", "h1", "h2", "h3", "h4", "blockquote", "pre"):
        text = " ".join("".join(node.itertext()).split())
        if text:
            blocks.append(E(wrapper, text))
    if not blocks:
        text = " ".join("".join(fragment.itertext()).split())
        if text:
            blocks.append(E(wrapper, text))
    return blocks
