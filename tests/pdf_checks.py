"""Reading a rendered PDF back: its text, its fonts' glyphs, its tags and its metadata."""

import io
import re
import tempfile
import unicodedata

import pikepdf
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader


def text_of(data: bytes) -> str:
    """The text of every page (pypdf), whitespace folded."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _to_unicode(font) -> dict[int, str]:
    """The glyph id -> text map of a Type 0 font's /ToUnicode CMap."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for gid, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(gid, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            first = ord(bytes.fromhex(start).decode("utf-16-be"))
            for offset, gid in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[gid] = chr(first + offset)
    return mapping


def fonts_of(data: bytes) -> dict[str, tuple[TTFont, dict[int, str]]]:
    """Every embedded font of the PDF: its name -> (the font file, glyph id -> text)."""
    pdf = pikepdf.open(io.BytesIO(data))
    found = {}
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            name = str(font.BaseFont)
            if name in found:
                continue
            descriptor = font.DescendantFonts[0].FontDescriptor
            stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            assert stream is not None, f"{name} is not embedded"
            found[name] = (TTFont(io.BytesIO(stream.read_bytes())), _to_unicode(font))
    return found


def missing_glyphs(data: bytes) -> list[tuple[str, str]]:
    """(font, character) for each character drawn without a glyph of its own.

    A character the fonts lack is drawn as .notdef (glyph 0, a box) or, by
    WeasyPrint, as a glyph id past the end of the embedded font; a glyph the
    subset emptied has no outline. (The subset's character map cannot tell: an
    Arabic letter's joined forms and the Chinese forms of a character are glyphs
    the map does not point to.)
    """
    missing = []
    for name, (font, glyphs) in fonts_of(data).items():
        count = font["maxp"].numGlyphs
        order = font.getGlyphOrder()
        outlines = font.getGlyphSet()
        for gid, text in glyphs.items():
            drawn = [c for c in text if unicodedata.category(c) not in ("Zs", "Cc", "Cf")]
            if drawn and (gid == 0 or gid >= count or not _has_outline(outlines, order[gid])):
                missing.extend((name, char) for char in drawn)
    return missing


def _has_outline(outlines, glyph_name: str) -> bool:
    pen = BoundsPen(outlines)
    outlines[glyph_name].draw(pen)
    return pen.bounds is not None


def drawn_characters(data: bytes) -> set[str]:
    """Every character the PDF's fonts draw."""
    return {c for _font, glyphs in fonts_of(data).values() for t in glyphs.values() for c in t}


def structure(data: bytes) -> list[tuple[int, str, dict]]:
    """The structure tree in reading order: (depth, role, the element's attributes)."""
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root.get("/StructTreeRoot")
    assert root is not None, "untagged PDF: no /StructTreeRoot"
    found = []

    def walk(node, depth):
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            return
        attributes = node.get("/A")
        found.append(
            (depth, str(node.S), {str(k): v for k, v in attributes.items()} if attributes else {})
        )
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, depth + 1)

    kids = root.K
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        walk(kid, 0)
    return found


def catalog(data: bytes) -> dict:
    """What the catalogue and the information dictionary say: language, title, intents."""
    pdf = pikepdf.open(io.BytesIO(data))
    intents = pdf.Root.get("/OutputIntents") or []
    return {
        "lang": str(pdf.Root.get("/Lang", "")),
        "title": str(pdf.docinfo.get("/Title", "")),
        "marked": bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False)),
        "display_title": bool(
            pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)
        ),
        "intents": [
            (str(i.S), str(i.OutputConditionIdentifier), "/DestOutputProfile" in i) for i in intents
        ],
    }


def xmp(data: bytes) -> dict[str, str]:
    """The conformance claims of the XMP metadata: pdfaid:part, pdfaid:conformance, ..."""
    pdf = pikepdf.open(io.BytesIO(data))
    with pdf.open_metadata() as meta:
        keys = ("pdfaid:part", "pdfaid:conformance", "pdfuaid:part", "dc:title")
        return {key: str(meta[key]) for key in keys if key in meta}


def ua_report(data: bytes):
    """The pdfua checker's report on the PDF (the machine-checkable part of PDF/UA-1)."""
    from pdfua import validate

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return validate(handle.name)


# pdfua 0.1.3's empty-heading rule raises on a heading whose /K is an array (pikepdf
# 10 answers getattr on an array with ValueError): it cannot run on WeasyPrint's
# files. assert_pdf_ua checks that headings have content itself, from the tree.
UA_RULES_THAT_CANNOT_RUN = {"UA-14-001"}


def assert_pdf_ua(data: bytes, *, lang: str) -> list[tuple[int, str, dict]]:
    """PDF/UA-1 as far as a machine can tell; the structure tree, for more checks."""
    report = ua_report(data)
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert {o.rule_id for o in report.skipped} <= UA_RULES_THAT_CANNOT_RUN
    facts = catalog(data)
    assert facts["lang"] == lang
    assert facts["title"]
    assert facts["marked"]
    assert facts["display_title"]
    tree = structure(data)
    roles = [role for _depth, role, _a in tree]
    assert roles[0] == "/Document"
    assert "/H1" in roles
    # Every heading has content: a child element (its text) under it.
    for index, (depth, role, _a) in enumerate(tree):
        if re.fullmatch(r"/H\d", role):
            following = tree[index + 1] if index + 1 < len(tree) else (depth, "", {})
            assert following[0] > depth, f"empty {role}"
    return tree
