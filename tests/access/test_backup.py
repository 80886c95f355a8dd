"""A backup restored into an empty database has every row and every file back."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from core.backup import media_checksums, row_counts
from meetings import services as meeting_services
from members.models import Person
from notices.models import Notice
from tests.factories import AgencyFactory, MeetingFactory, PersonFactory
from tests.notices.factories import NoticeFactory
from tests.pdfs import plain_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def _media():
    return sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())


def test_backup_restored_into_an_empty_database_has_every_row_and_file(tmp_path, settings):
    secretariat = PersonFactory(secretariat=True)
    AgencyFactory.create_batch(3)
    meeting = MeetingFactory()
    meeting_services.meeting_document_add(
        meeting=meeting,
        actor=secretariat,
        title="Concept note",
        file=SimpleUploadedFile("concept.pdf", plain_pdf(padding=5000)),
    )
    NoticeFactory.create_batch(4)
    rows, files = row_counts(), media_checksums(settings.MEDIA_ROOT)
    archive = tmp_path / "gmg.tar.gz"

    call_command("backup", str(archive), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    for path in _media():
        path.unlink()
    assert Person.objects.count() == 0
    call_command("restore", str(archive), verbosity=0)

    assert row_counts() == rows
    assert media_checksums(settings.MEDIA_ROOT) == files
    assert len(files) == 1
    assert Notice.objects.count() == 4
    assert Person.objects.get(pk=secretariat.pk).email == secretariat.email


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    PersonFactory()
    archive = tmp_path / "gmg.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), verbosity=0)
