"""core.documents.pdf: the fonts cover the six languages, the PDFs are tagged, PDF/A."""

from core.documents.pdf import css_quoted, font_faces, page_counter_css, pdf_from_html
from tests.pdf_checks import (
    assert_pdf_ua,
    catalog,
    drawn_characters,
    missing_glyphs,
    structure,
    text_of,
    xmp,
)

# A line in each script of the six languages, bold, italic and in the serif headings.
SRGB = "IEC 61966-2-1 Default RGB Colour Space - sRGB"

SIX = {
    "en": "Minutes of the meeting",
    "fr": "Procès-verbal de la réunion « élargie »",
    "es": "Acta de la reunión, señoría",
    "ru": "Протокол заседания",
    "ar": "محضر الاجتماع",
    "zh-hans": "会议纪要，议程项目",
}


def _page(body: str, lang: str = "en", direction: str = "ltr") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        "<title>A test document</title><style>"
        'body { font-family: "GMG Noto Sans", "GMG Plex Sans Arabic", "GMG Noto Sans CJK"; }'
        'h1 { font-family: "GMG Noto Serif", "GMG Plex Sans Arabic", "GMG Noto Sans CJK"; }'
        f"</style></head><body>{body}</body></html>"
    )


def test_the_packaged_fonts_draw_every_character_of_the_six_languages():
    body = "".join(
        f'<h1 lang="{lang}">{line}</h1><p lang="{lang}">{line} <b>{line}</b> <i>{line}</i></p>'
        for lang, line in SIX.items()
    )

    data = pdf_from_html(_page(body))

    assert missing_glyphs(data) == []
    drawn = drawn_characters(data)
    for line in SIX.values():
        assert set(line.replace(" ", "")) <= drawn
    names = {name.split("+", 1)[1] for name in _font_names(data)}
    assert {"GMG-Noto-Sans", "GMG-Noto-Sans-Bold", "GMG-Noto-Sans-Italic"} <= names
    assert "GMG-Noto-Serif-Bold" in names  # the headings
    assert any(name.startswith("GMG-Plex-Sans-Arabic") for name in names)
    assert any("CJK" in name for name in names)
    # The text a screen reader reads, and a copy gives, has the right letters.
    text = text_of(data)
    for line in SIX.values():
        assert line in text


def _font_names(data):
    from tests.pdf_checks import fonts_of

    return fonts_of(data).keys()


def test_a_character_no_font_has_is_reported_missing():
    # The check itself: a private-use character has no glyph in any of the fonts.
    data = pdf_from_html(_page("<p>Key: \ue000</p>"))

    assert ("\ue000" in {char for _font, char in missing_glyphs(data)}) is True


def test_faces_come_from_the_font_packages():
    import fontpkg

    faces = font_faces()

    assert fontpkg.path("Noto Sans").as_uri() in faces
    assert fontpkg.path("Noto Serif").as_uri() in faces
    assert fontpkg.path("IBM Plex Sans Arabic").as_uri() in faces
    assert "NotoSansCJK-Regular.ttc" in faces
    assert 'local("Noto Sans CJK SC")' in faces


def test_a_pdf_is_tagged_pdf_ua_with_its_language_title_headings_and_table_headers():
    html = _page(
        "<h1>Agenda</h1><h2>Item</h2><p>Text</p>"
        '<table><tr><th scope="row">Level</th><td>Principals</td></tr></table>'
        '<table><thead><tr><th scope="col">#</th><th scope="col">Action</th></tr></thead>'
        "<tbody><tr><td>1</td><td>Write</td></tr></tbody></table>",
        lang="fr",
    )

    data = pdf_from_html(html)

    tree = assert_pdf_ua(data, lang="fr")
    assert catalog(data)["title"] == "A test document"
    scopes = [str(a.get("/Scope")) for _d, role, a in tree if role == "/TH"]
    assert scopes == ["/Row", "/Column", "/Column"]
    assert xmp(data)["pdfuaid:part"] == "1"
    assert "pdfaid:part" not in xmp(data)
    assert catalog(data)["intents"] == []


def test_an_archive_pdf_is_pdf_a_2a_and_pdf_ua_1_in_one_file():
    data = pdf_from_html(_page("<h1>Minutes</h1><p>Adopted.</p>", lang="ru"), archive=True)

    claims = xmp(data)
    assert claims["pdfaid:part"] == "2"
    assert claims["pdfaid:conformance"] == "A"
    assert claims["pdfuaid:part"] == "1"
    assert catalog(data)["intents"] == [("/GTS_PDFA1", SRGB, True)]
    assert_pdf_ua(data, lang="ru")
    assert [role for _d, role, _a in structure(data)][:2] == ["/Document", "/H1"]
    # The PDF/UA property is declared by an extension schema, as PDF/A asks.
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        packet = pdf.Root.Metadata.read_bytes().decode()
    assert "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/<" in packet
    assert "<pdfaSchema:prefix>pdfuaid<" in packet


def test_page_x_of_y_follows_the_translation_word_order():
    assert page_counter_css("Page %(number)s of %(count)s") == (
        '"Page " counter(page) " of " counter(pages)'
    )
    assert page_counter_css("第 %(number)s 页，共 %(count)s 页") == (
        '"第 " counter(page) " 页，共 " counter(pages) " 页"'
    )
    assert page_counter_css("%(number)s/%(count)s") == 'counter(page) "/" counter(pages)'


def test_css_strings_cannot_leave_the_style_element():
    assert css_quoted('GMG "x" \\ </style>') == '"GMG \\"x\\" \\\\ \\3c /style>"'
