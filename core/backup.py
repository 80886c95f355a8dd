"""Backups: the database's rows and the uploaded and rendered files, in one archive.

``manage.py backup FILE`` writes a .tar.gz with ``data.json`` (every row, as
Django's serialiser writes it, with natural keys for content types),
``media/`` (the files under GMG_MEDIA_ROOT) and ``manifest.json`` (rows per
model, and each file's SHA-256). ``manage.py restore FILE`` loads it into an
empty, migrated database, puts the files back and checks every count and
checksum against the manifest.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

# Made again by migrate, or not worth keeping (the page cache's change rows: the restore's
# own writes make new ones).
EXCLUDED = ["contenttypes", "auth.permission", "sessions.session", "core.change"]


class RestoreError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _models():
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    excluded_models = {e for e in EXCLUDED if "." in e}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded_apps or label in excluded_models:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        yield label, model


def row_counts() -> dict[str, int]:
    return {label: model._default_manager.count() for label, model in _models()}


def media_checksums(root: Path) -> dict[str, str]:
    root = Path(root)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup_write(target: Path) -> dict:
    """Write the archive; returns its manifest."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT)
    data = io.StringIO()
    with transaction.atomic():  # one consistent view of the rows
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=EXCLUDED,
            stdout=data,
            verbosity=0,
        )
        manifest = {"rows": row_counts(), "files": media_checksums(media)}
    with tarfile.open(target, "w:gz") as archive:
        for name, text in (("data.json", data.getvalue()), ("manifest.json", json.dumps(manifest))):
            blob = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(blob)
            archive.addfile(info, io.BytesIO(blob))
        for relative in manifest["files"]:
            archive.add(media / relative, arcname=f"media/{relative}")
    return manifest


def backup_restore(source: Path) -> dict:
    """Load an archive into an empty database and the media folder; check it all."""
    if any(row_counts().get(label) for label in ("members.person", "members.agency")):
        raise RestoreError("The database is not empty: restore only into a new, migrated one.")
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as folder, tarfile.open(source, "r:gz") as archive:
        archive.extractall(folder, filter="data")
        manifest = json.loads((Path(folder) / "manifest.json").read_text())
        with transaction.atomic():
            call_command("loaddata", str(Path(folder) / "data.json"), verbosity=0)
        for relative in manifest["files"]:
            destination = media / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes((Path(folder) / "media" / relative).read_bytes())
    problems = [
        f"{label}: {count} rows expected, {row_counts().get(label)} found"
        for label, count in manifest["rows"].items()
        if row_counts().get(label) != count
    ]
    found = media_checksums(media)
    problems += [
        f"{relative}: checksum differs or file missing"
        for relative, digest in manifest["files"].items()
        if found.get(relative) != digest
    ]
    if problems:
        raise RestoreError("; ".join(problems))
    return manifest
