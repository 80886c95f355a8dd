"""core.documents.pdf: the fonts cover the six languages, the PDFs are tagged, PDF/A."""

import io

import pytest

from core.documents import pdf
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


@pytest.fixture
def fresh_faces():
    """font_faces() is kept for the process: looked at again here, and forgotten after."""
    font_faces.cache_clear()
    yield
    font_faces.cache_clear()


def test_without_its_instances_a_family_comes_from_the_variable_package_file(
    settings, tmp_path, fresh_faces
):
    import fontpkg

    settings.GMG_FONT_CACHE = tmp_path / "nothing-made-yet"

    faces = font_faces()

    assert fontpkg.path("Noto Sans").as_uri() in faces
    assert fontpkg.path("Noto Serif").as_uri() in faces
    assert fontpkg.path("Noto Sans", style="italic").as_uri() in faces
    assert fontpkg.path("IBM Plex Sans Arabic").as_uri() in faces
    assert "NotoSansCJK-Regular.ttc" in faces
    assert 'local("Noto Sans CJK SC")' in faces


def test_prepared_instances_are_made_once_named_by_the_faces_and_made_again_for_a_new_package(
    settings, tmp_path, monkeypatch, fresh_faces
):
    settings.GMG_FONT_CACHE = tmp_path / "fonts"
    sources = {}
    for name in ("Noto Sans", "Noto Serif"):
        sources[name] = tmp_path / f"{name.replace(' ', '')}[wdth,wght].ttf"
        sources[name].write_bytes(b"version 1")
    monkeypatch.setattr(
        pdf,
        "_packaged",
        lambda name, style="normal", weight=400: sources.get(name, tmp_path / "other.ttf"),
    )
    made = []
    monkeypatch.setattr(
        pdf, "static_instance_bytes", lambda path, weight: made.append((path.name, weight)) or b"x"
    )

    first = pdf.fonts_prepare()
    again = pdf.fonts_prepare()

    assert [new for _path, new in first] == [True] * 4
    assert [new for _path, new in again] == [False] * 4
    assert len(made) == 4
    faces = font_faces()
    for path, _new in first:
        assert path.parent == tmp_path / "fonts"
        assert f'src: url("{path.as_uri()}"); font-style: normal; font-weight: ' in faces
    upright = [line for line in faces.splitlines() if "Noto S" in line and "style: normal" in line]
    assert len(upright) == 4
    assert not any("wdth" in line for line in upright)  # no variable file left upright

    sources["Noto Serif"].write_bytes(b"version 2, upgraded")
    upgraded = pdf.fonts_prepare()

    assert [new for _path, new in upgraded] == [False, False, True, True]
    assert sorted(p.name for p in (tmp_path / "fonts").iterdir()) == sorted(
        path.name for path, _new in upgraded
    )


def test_a_static_instance_has_no_variations_left_and_its_weight(tmp_path):
    import fontpkg
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # A few letters of the packaged variable file, variations kept: seconds become a moment.
    small = tmp_path / "Small[wdth,wght].ttf"
    font = TTFont(fontpkg.path("Noto Serif"))
    subsetter = subset.Subsetter(subset.Options(notdef_outline=True))
    subsetter.populate(text="GMH")
    subsetter.subset(font)
    font.save(small)

    regular = TTFont(io.BytesIO(pdf.static_instance_bytes(small, 400)))
    bold = TTFont(io.BytesIO(pdf.static_instance_bytes(small, 700)))

    for instance in (regular, bold):
        assert not {"fvar", "gvar", "HVAR"} & set(instance.keys())
    assert (regular["OS/2"].usWeightClass, bold["OS/2"].usWeightClass) == (400, 700)
    glyph = regular.getBestCmap()[ord("H")]
    assert bold["hmtx"][glyph][0] > regular["hmtx"][glyph][0]  # the bold H is wider


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


def test_prepare_fonts_says_what_it_made(settings, tmp_path, monkeypatch, fresh_faces):
    from django.core.management import call_command

    settings.GMG_FONT_CACHE = tmp_path / "fonts"
    monkeypatch.setattr(pdf, "static_instance_bytes", lambda path, weight: b"x")
    out = io.StringIO()

    call_command("prepare_fonts", stdout=out)
    call_command("prepare_fonts", stdout=out)

    first, second = out.getvalue().splitlines()
    assert first.startswith(f"{tmp_path / 'fonts'}: 4 made, 0 already there")
    assert second.startswith(f"{tmp_path / 'fonts'}: 0 made, 4 already there")
    assert len(list((tmp_path / "fonts").iterdir())) == 4
