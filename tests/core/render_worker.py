"""A real Celery worker that knows three document kinds of the tests: quick, slow, stubborn.

``tests/core/test_render_limits.py`` starts it as
``python -m tests.core.render_worker <celery worker options>``: Django is set up,
the kinds are registered, then Celery's worker runs in this process, so the pool's
children (forked from it) know them too. The application holds no test code: only
its settings (the render time limits, the attempts) come from the environment.
"""

import os
import sys
import time

from celery.exceptions import SoftTimeLimitExceeded

SLEEP = 60  # far longer than any limit the test sets


def quick(agency, language) -> bytes:
    return f"%PDF-1.4 {agency.acronym} {language}".encode()


def slow(agency, language) -> bytes:
    time.sleep(SLEEP)  # the soft time limit stops it here
    return b"never"


def stubborn(agency, language) -> bytes:
    # Deaf to the soft limit, like a render stuck in a library: the hard limit kills it.
    until = time.monotonic() + SLEEP
    while time.monotonic() < until:
        try:
            time.sleep(0.5)
        except SoftTimeLimitExceeded:
            continue
    return b"never"


RENDERS = {"tests.quick": quick, "tests.slow": slow, "tests.stubborn": stubborn}


def kinds():
    from core.documents.kinds import DocumentKind

    return [
        DocumentKind(
            key=key,
            model="members.Agency",
            render=render,
            stem=lambda agency: agency.acronym,
            view_permission="members.view_agency",
            retry_permission="members.change_agency",
        )
        for key, render in RENDERS.items()
    ]


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gmg.settings")
    django.setup()
    from core.documents.kinds import document_kinds
    from gmg.celery import app

    for kind in kinds():
        document_kinds.register(kind)
    app.worker_main(["worker", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
