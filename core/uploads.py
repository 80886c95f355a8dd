"""Checking uploaded files by their content, not their name.

On the ground floor so that every floor that takes files (meeting
documents, topic papers) applies the same rule.
"""

import hashlib
from pathlib import Path

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.i18n import format_list
from core.upload_content import inspect_content

OFFICE_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


# Types that are text, checked as such (no signature to read).
TEXT_TYPES = {"text/csv"}


def _is_utf8_text(file) -> bool:
    file.seek(0)
    data = file.read()
    file.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_upload(file, *, allowed: dict[str, str], max_mb: int) -> tuple[str, str]:
    """Return (content type, sha256) of an acceptable file, or raise ValidationError.

    The type is read from the file's first bytes and must agree with its name.
    A PDF may not carry JavaScript or automatic actions, no file may hide a web
    page, and an image is stored re-encoded (see core.upload_content).
    """
    if file.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB.") % {"name": file.name, "mb": max_mb}
        )
    extension = Path(file.name).suffix.lower().lstrip(".")
    file.seek(0)
    head = file.read(8192)
    guessed = filetype.guess(head)
    file.seek(0)
    if extension in allowed and allowed[extension] in TEXT_TYPES:
        # A text file has no signature: it is accepted when nothing binary is recognised
        # in it and it reads as UTF-8 (with or without a byte-order mark).
        if guessed is not None or not _is_utf8_text(file):
            raise ValidationError(
                _(
                    "“%(name)s” is not a UTF-8 text file. Save it as “CSV UTF-8” and upload"
                    " it again."
                )
                % {"name": file.name}
            )
    elif extension not in allowed or guessed is None or guessed.extension != extension:
        raise ValidationError(
            _("“%(name)s” is not an accepted file. Upload %(types)s.")
            % {"name": file.name, "types": format_list((t.upper() for t in allowed), style="or")}
        )
    inspect_content(file, extension=extension)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return allowed[extension], digest.hexdigest()
