"""Uploads: active PDFs and disguised files refused with a message; images re-encoded."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from core.uploads import OFFICE_TYPES, check_upload
from meetings.models import MeetingDocument
from tests.factories import MeetingFactory
from tests.pdfs import plain_pdf

DOCUMENT_TYPES = {**OFFICE_TYPES, "png": "image/png", "jpg": "image/jpeg"}
SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _pdf(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _js_open_action(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hi')"),
        }
    )


def _document_js(writer):
    """Document-level JavaScript, in the catalogue's name tree, run when the file opens."""
    action = writer._add_object(
        DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hi');"),
            }
        )
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("hello"), action])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )


def _launch_link(writer):
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/A"): action,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _open_at_first_page(writer):
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )


def _png(size=(4, 3)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    "change", [_js_open_action, _document_js, _launch_link], ids=["openaction-js", "js", "launch"]
)
def test_pdf_with_javascript_or_launch_is_refused(change):
    with pytest.raises(ValidationError) as refused:
        check_upload(_upload("note.pdf", _pdf(change)), allowed=OFFICE_TYPES, max_mb=5)

    assert "JavaScript, an automatic action" in refused.value.messages[0]


def test_pdf_opening_at_a_page_is_accepted():
    content_type, sha256 = check_upload(
        _upload("note.pdf", _pdf(_open_at_first_page)), allowed=OFFICE_TYPES, max_mb=5
    )

    assert content_type == "application/pdf"
    assert len(sha256) == 64


def test_pdf_html_polyglot_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(_upload("note.pdf", plain_pdf() + SCRIPT), allowed=OFFICE_TYPES, max_mb=5)

    assert "web page hidden in it" in refused.value.messages[0]


def test_png_with_html_appended_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(_upload("map.png", _png() + SCRIPT), allowed=DOCUMENT_TYPES, max_mb=5)

    assert "web page hidden in it" in refused.value.messages[0]


def test_png_is_stored_re_encoded_without_what_follows_it():
    upload = _upload("map.png", _png() + b"trailing bytes that are not an image" * 10)

    check_upload(upload, allowed=DOCUMENT_TYPES, max_mb=5)

    upload.seek(0)
    stored = upload.read()
    assert b"trailing bytes" not in stored
    assert upload.size == len(stored)
    assert Image.open(io.BytesIO(stored)).size == (4, 3)


def test_truncated_image_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(_upload("map.png", _png()[:40]), allowed=DOCUMENT_TYPES, max_mb=5)

    assert "not a readable image" in refused.value.messages[0]


def test_meeting_document_with_javascript_refused_on_the_page(client, secretariat):
    meeting = MeetingFactory()
    client.force_login(secretariat)

    response = client.post(
        reverse("meetings:document_add", args=[meeting.pk]),
        {"title": "Logistics note", "file": _upload("note.pdf", _pdf(_document_js))},
    )

    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "contains JavaScript" in page
    assert 'value="Logistics note"' in page
    assert MeetingDocument.objects.count() == 0


def test_meeting_image_is_kept_re_encoded(client, secretariat):
    meeting = MeetingFactory()
    client.force_login(secretariat)

    client.post(
        reverse("meetings:document_add", args=[meeting.pk]),
        {"title": "Map", "file": _upload("map.png", _png() + b"\x00junk" * 50)},
    )

    document = MeetingDocument.objects.get()
    stored = document.file.read()
    assert b"junk" not in stored
    assert document.size == len(stored)
