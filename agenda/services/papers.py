"""Papers: files stored as soon as they are picked, attached when the form is saved."""

from agenda.models import Paper
from core.permissions import require
from core.uploads import OFFICE_TYPES, check_upload

PAPER_MAX_MB = 20


def paper_upload(*, file, actor) -> Paper:
    """Keep an uploaded paper on the server, not yet attached (a form may still be corrected)."""
    require(actor, "agenda.add_paper")
    content_type, sha256 = check_upload(file, allowed=OFFICE_TYPES, max_mb=PAPER_MAX_MB)
    paper = Paper(
        name=file.name[:255],
        content_type=content_type,
        size=file.size,
        sha256=sha256,
        uploaded_by=actor,
    )
    paper.file.save(file.name, file, save=False)
    paper.save()
    return paper


def papers_attach(*, papers, actor, **target) -> None:
    """Attach the actor's own uploaded papers to ``proposal=`` or ``item=``."""
    Paper.objects.filter(pk__in=[p.pk for p in papers], uploaded_by=actor).update(**target)
