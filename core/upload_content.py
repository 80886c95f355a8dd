"""What is inside an uploaded file: active PDF content, hidden web pages, images.

``check_upload`` (core.uploads) calls ``inspect_content`` once the type is
known. A PDF that runs something when opened (JavaScript, a launch action,
an automatic action, embedded files) is refused; so is any file with a web
page hidden in it (a PDF/HTML or image/HTML polyglot). An image is decoded
and encoded again with Pillow, so what is stored is only its pixels: data
appended to it, or metadata, is gone.
"""

import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# Markup a browser would run or show as a page. PDF syntax itself never
# contains these (its hex strings hold only hex digits), nor do images.
HTML_MARKERS = re.compile(
    rb"<(?:script|html|body|iframe|svg|object|embed|meta|form|!doctype)[\s>/]", re.IGNORECASE
)
# Keys whose mere presence means the PDF carries code or files.
ACTIVE_KEYS = {
    "/JS",
    "/JavaScript",
    "/Launch",
    "/AA",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
}
# Action types (/S) that run something, send data out, or open another file.
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/GoToE",
    "/GoToR",
    "/Rendition",
    "/RichMediaExecute",
}
# Bounded work: a PDF with more objects than this is refused rather than walked.
MAX_PDF_OBJECTS = 300_000
MAX_IMAGE_PIXELS = 60_000_000
IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG"}


def inspect_content(file, *, extension: str) -> None:
    """Raise ValidationError for active or disguised content; re-encode images in place."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    if HTML_MARKERS.search(data):
        raise ValidationError(
            _("“%(name)s” has a web page hidden in it and is refused.") % {"name": file.name}
        )
    if extension in IMAGE_FORMATS:
        _reencode_image(file, data, IMAGE_FORMATS[extension])
    elif extension == "pdf":
        _check_pdf(file.name, data)


def _active_pdf(name: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” contains JavaScript, an automatic action or embedded files, which are"
            " not accepted. Save it again as a plain PDF (for example with “Print to PDF”)"
            " and upload that."
        )
        % {"name": name}
    )


def _check_pdf(name: str, data: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("“%(name)s” is protected by a password; upload it without one.") % {"name": name}
            )
        _walk_pdf(name, reader.trailer)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ValidationError(_("“%(name)s” is not a readable PDF.") % {"name": name}) from exc


def _walk_pdf(name: str, root) -> None:
    """Visit every object reachable from the trailer, once, looking for active content."""
    seen: set[tuple[int, int]] = set()
    todo = [root]
    visited = 0
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise ValidationError(_("“%(name)s” is too complex to check.") % {"name": name})
        if isinstance(node, DictionaryObject):
            _check_dictionary(name, node)
            todo.extend(node.values())
        elif isinstance(node, ArrayObject):
            todo.extend(node)


def _check_dictionary(name: str, node: DictionaryObject) -> None:
    if ACTIVE_KEYS.intersection(node.keys()):
        raise _active_pdf(name)
    action = node.get("/S")
    if isinstance(action, NameObject) and action in ACTIVE_ACTIONS:
        raise _active_pdf(name)
    opening = node.get("/OpenAction")
    if opening is not None:
        opening = opening.get_object()
        # A page to open at (an array) is harmless; an action that runs on opening is not.
        if isinstance(opening, DictionaryObject):
            raise _active_pdf(name)


def _reencode_image(file, data: bytes, image_format: str) -> None:
    unreadable = ValidationError(_("“%(name)s” is not a readable image.") % {"name": file.name})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != image_format:
                raise unreadable
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("“%(name)s” is too large an image.") % {"name": file.name})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if image_format == "JPEG":
                image.convert("RGB").save(out, "JPEG", quality=90)
            else:
                if image.mode not in {"1", "L", "LA", "P", "RGB", "RGBA"}:
                    image = image.convert("RGBA")
                image.save(out, "PNG")
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
    ) as exc:
        raise unreadable from exc
    _replace_content(file, out.getvalue())


def _replace_content(file, content: bytes) -> None:
    """Put the re-encoded bytes where the upload's bytes were, so callers store them."""
    handle = getattr(file, "file", file)
    handle.seek(0)
    handle.truncate()
    handle.write(content)
    handle.seek(0)
    file.size = len(content)
