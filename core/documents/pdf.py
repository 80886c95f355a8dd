"""Writing a PDF from a floor's HTML: the fonts from packages, tagged PDF/UA-1, PDF/A-2.

Every rendered document that is a PDF is written here (``pdf_from_html``),
so that each one embeds the same fonts and is tagged for a screen reader:

- **Fonts.** Noto Sans and Noto Serif (Latin, Cyrillic, Greek) and IBM Plex
  Sans Arabic come from the pinned ``fontpkg-*`` packages (their files inside
  the virtualenv); Chinese from Debian's ``fonts-noto-cjk`` (``CJK_FONTS``;
  elsewhere the system font of that name). Each is declared by ``@font-face``
  under a family of its own (``"GMG Noto Sans"`` ...); the PDF templates name
  them in an order that covers the six languages (``SANS``, ``SERIF``).
  WeasyPrint embeds only the glyphs a document uses. The Noto files are
  variable fonts (every weight in one file), which WeasyPrint instances
  again in every PDF for each weight it uses (about a third of a second a
  PDF); ``fonts_prepare`` (``manage.py prepare_fonts``, run by ``make run``,
  ``make up`` and ``make test``) makes the regular and bold instances of the
  upright faces once with fontTools and keeps them in ``GMG_FONT_CACHE``
  (``var/fonts/``), and the faces name them when they are there. Not Noto Sans Arabic: it
  draws a letter as a dotless skeleton shared by several letters plus its
  dots, so the PDF's text (what a screen reader reads, what a copy gives)
  comes out with the wrong letters (الفريق read as النريت).
- **PDF/UA-1** (``pdf_variant="pdf/ua-1"``): the structure tree from the
  HTML (headings, lists, tables), ``/Lang`` from ``<html lang>``, the title
  from ``<title>``. Each table's header cell also gets its ``/Scope`` (column
  or row, as WeasyPrint associated it with the data cells).
- **PDF/A-2a** for what is published (``archive=True``): the same tagged
  file, with the sRGB output intent and the PDF/A identification, and the
  PDF/UA identification declared beside it (with the extension schema PDF/A
  asks for): one file that is both.
"""

import functools
import hashlib
import io
import tempfile
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings

# Debian's fonts-noto-cjk (the simplified Chinese face is in the same collection).
CJK_FONTS = {
    "normal": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "bold": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
CJK_LOCAL = {"normal": "Noto Sans CJK SC", "bold": "Noto Sans CJK SC Bold"}

# The fallback order of the PDF stylesheets: Latin, Cyrillic and Greek first, then
# Arabic, then Chinese; a character one lacks is taken from the next.
SANS = '"GMG Noto Sans", "GMG Plex Sans Arabic", "GMG Noto Sans CJK", sans-serif'
SERIF = '"GMG Noto Serif", "GMG Plex Sans Arabic", "GMG Noto Sans CJK", serif'

# The upright faces made static once (``fonts_prepare``): the regular and the bold of
# each family, what the PDF templates write (a weight between is matched to one of
# them). Italics stay variable: few documents have any, and WeasyPrint instances them
# in those only.
STATIC_FACES = {"GMG Noto Sans": "Noto Sans", "GMG Noto Serif": "Noto Serif"}
STATIC_WEIGHTS = (400, 700)
# Raised when the way an instance is made changes: the instances made before are made again.
_INSTANCE_RECIPE = 1

UA_VARIANT = "pdf/ua-1"
ARCHIVE_VARIANT = "pdf/a-2a"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"


def _packaged(family: str, style: str = "normal", weight: int = 400) -> Path:
    import fontpkg

    return fontpkg.path(family, weight=weight, style=style)


def static_instance_path(variable: Path, weight: int) -> Path:
    """Where the static instance of the variable font ``variable`` at ``weight`` is kept.

    Its name carries a digest of the source file (name, size, time), the weight and
    fontTools' version: a font package upgraded asks for new instances.
    """
    from fontTools import version as fonttools_version

    source = variable.stat()
    recipe = f"{variable.name}|{source.st_size}|{source.st_mtime_ns}|{weight}"
    digest = hashlib.sha256(f"{recipe}|{fonttools_version}|{_INSTANCE_RECIPE}".encode())
    stem = f"{variable.stem.split('[')[0]}-{weight}"
    return Path(settings.GMG_FONT_CACHE) / f"{stem}-{digest.hexdigest()[:16]}{variable.suffix}"


def static_instance_bytes(variable: Path, weight: int) -> bytes:
    """The static instance of a variable font at ``weight``, its other axes at their
    defaults (fontTools' instancer: seconds for a whole Noto file)."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    font = TTFont(variable)
    location = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
    location["wght"] = weight
    buffer = io.BytesIO()
    instantiateVariableFont(font, location, static=True).save(buffer)
    return buffer.getvalue()


def fonts_prepare() -> list[tuple[Path, bool]]:
    """Make the static instances that are missing (``manage.py prepare_fonts``):
    each instance's path and whether it was made now.

    An instance is written beside its final name and renamed, so that a process
    reading the folder meanwhile never finds half a file; the instances of an
    older package are removed.
    """
    folder = Path(settings.GMG_FONT_CACHE)
    found = []
    for name in STATIC_FACES.values():
        variable = _packaged(name)
        for weight in STATIC_WEIGHTS:
            target = static_instance_path(variable, weight)
            if target.exists():
                found.append((target, False))
                continue
            folder.mkdir(parents=True, exist_ok=True)
            data = static_instance_bytes(variable, weight)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".part-", delete=False) as part:
                part.write(data)
            written = Path(part.name)
            written.chmod(0o644)  # read by the web and worker processes' users too
            written.replace(target)
            stem = target.name.rsplit("-", 1)[0]
            for older in folder.glob(f"{stem}-*{variable.suffix}"):
                if older != target:
                    older.unlink(missing_ok=True)
            found.append((target, True))
    font_faces.cache_clear()
    return found


def _upright_faces(family: str, name: str) -> list[tuple[str, Path, str, int | None]]:
    """A family's upright faces: its static instances if they are all made, else the
    variable file, every weight from it (instanced by WeasyPrint in each PDF)."""
    variable = _packaged(name)
    made = [(weight, static_instance_path(variable, weight)) for weight in STATIC_WEIGHTS]
    if all(path.exists() for _weight, path in made):
        return [(family, path, "normal", weight) for weight, path in made]
    return [(family, variable, "normal", None)]


@functools.cache
def font_faces() -> str:
    """The ``@font-face`` rules of the PDF stylesheets (files located once per process)."""
    faces = []
    for family, name in STATIC_FACES.items():
        faces += _upright_faces(family, name)
        faces.append((family, _packaged(name, "italic"), "italic", None))
    faces += [
        ("GMG Plex Sans Arabic", _packaged("IBM Plex Sans Arabic"), "normal", "normal"),
        ("GMG Plex Sans Arabic", _packaged("IBM Plex Sans Arabic", weight=700), "normal", "bold"),
    ]
    rules = [
        # A variable file (weight None) gives every weight.
        f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}");'
        f" font-style: {style};{f' font-weight: {weight};' if weight else ''} }}"
        for family, path, style, weight in faces
    ]
    for weight, path in CJK_FONTS.items():
        rules.append(
            f'@font-face {{ font-family: "GMG Noto Sans CJK"; src: url("{path.as_uri()}"),'
            f' local("{CJK_LOCAL[weight]}"); font-weight: {weight}; }}'
        )
    return "\n".join(rules)


def page_counter_css(text: str) -> str:
    """A translated "Page %(number)s of %(count)s" as the value of a CSS ``content``."""
    placeholders = {"%(number)s": "counter(page)", "%(count)s": "counter(pages)"}
    parts, rest = [], text
    while rest:
        found = [(rest.find(p), p) for p in placeholders if p in rest]
        if not found:
            parts.append(css_quoted(rest))
            break
        index, placeholder = min(found)
        if index:
            parts.append(css_quoted(rest[:index]))
        parts.append(placeholders[placeholder])
        rest = rest[index + len(placeholder) :]
    return " ".join(parts)


def css_quoted(text: str) -> str:
    """Text as a quoted CSS string, safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'"{escaped}"'


def _object(pdf, reference):
    return pdf.objects[int(reference.split()[0])]


def _table_scopes(pdf) -> None:
    """Give each header cell its /Scope: Row when it heads cells of its own row."""
    cells = [o for o in pdf.objects if isinstance(o, dict) and o.get("S") in ("/TH", "/TD")]
    headers = {o["ID"].string: o for o in cells if o.get("S") == "/TH" and "ID" in o}
    scopes = {}
    for cell in cells:
        for key in cell.get("A", {}).get("Headers", ()):
            header = headers.get(key.string)
            if header is not None:
                row = header.get("P") == cell.get("P")
                scopes.setdefault(id(header), "/Row" if row else "/Column")
    for header in headers.values():
        header["A"]["Scope"] = scopes.get(id(header), "/Column")


def _also_pdf_ua(document, pdf) -> None:
    """Declare PDF/UA-1 beside PDF/A-2a in the XMP metadata, with its extension schema."""
    ElementTree.register_namespace("pdfuaid", _PDFUAID)
    ElementTree.register_namespace("pdfaExtension", _EXTENSION)
    ElementTree.register_namespace("pdfaSchema", _SCHEMA)
    ElementTree.register_namespace("pdfaProperty", _PROPERTY)
    # WeasyPrint's own packet for this document (not outside input).
    packet = document.metadata.generate_rdf_metadata("a", 2, "A")
    rdf = ElementTree.fromstring(packet)  # noqa: S314
    for description in rdf.iter(f"{{{_RDF}}}Description"):
        if f"{{{_PDFAID}}}part" in description.attrib:
            description.set(f"{{{_PDFUAID}}}part", "1")
            break

    def sub(parent, namespace, tag, text=None, **attrs):
        element = ElementTree.SubElement(parent, f"{{{namespace}}}{tag}", attrs)
        element.text = text
        return element

    extension = sub(rdf, _RDF, "Description", **{f"{{{_RDF}}}about": ""})
    bag = sub(sub(extension, _EXTENSION, "schemas"), _RDF, "Bag")
    schema = sub(bag, _RDF, "li", **{f"{{{_RDF}}}parseType": "Resource"})
    sub(schema, _SCHEMA, "schema", "PDF/UA identification schema")
    sub(schema, _SCHEMA, "namespaceURI", _PDFUAID)
    sub(schema, _SCHEMA, "prefix", "pdfuaid")
    seq = sub(sub(schema, _SCHEMA, "property"), _RDF, "Seq")
    prop = sub(seq, _RDF, "li", **{f"{{{_RDF}}}parseType": "Resource"})
    sub(prop, _PROPERTY, "name", "part")
    sub(prop, _PROPERTY, "valueType", "Integer")
    sub(prop, _PROPERTY, "category", "internal")
    sub(prop, _PROPERTY, "description", "The part of ISO 14289 the file conforms to")

    stream = _object(pdf, pdf.catalog["Metadata"])
    packet = b"".join(
        part if isinstance(part, bytes) else str(part).encode() for part in stream.stream
    )
    start = packet.index(b"<rdf:RDF")
    end = packet.index(b"</rdf:RDF>") + len(b"</rdf:RDF>")
    stream.stream = [packet[:start] + ElementTree.tostring(rdf, encoding="utf-8") + packet[end:]]


def pdf_from_html(html: str, *, archive: bool = False) -> bytes:
    """The tagged PDF (PDF/UA-1) of a PDF template's HTML; PDF/A-2a too when ``archive``."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    stylesheet = CSS(string=font_faces(), font_config=fonts)

    def finish(document, pdf):
        _table_scopes(pdf)
        if archive:
            _also_pdf_ua(document, pdf)

    return HTML(string=html).write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        pdf_variant=ARCHIVE_VARIANT if archive else UA_VARIANT,
        finisher=finish,
    )
