"""Page speed, measured on the demo data: `make benchmark` (not part of the test suite).

Loads the demo data into a throw-away SQLite database, then requests the
pages people use every week as the person who uses them, several times
each, and prints the median and worst time and the number of queries.
Figures depend on the machine: compare runs on the same one. The target
the project holds itself to is a median under 300 ms per page here.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 7
TARGET_MS = 300


def main() -> int:
    folder = tempfile.mkdtemp(prefix="gmg-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gmg.settings")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from agenda.models import AgendaVersion
    from meetings.models import Meeting
    from members.models import Agency, Person
    from minutes.models import Minutes

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", quiet=True)

    published = AgendaVersion.objects.select_related("agenda__meeting").first().agenda.meeting
    minutes = Minutes.objects.select_related("meeting").first()
    chair = Person.objects.filter(
        agency=Agency.objects.get(pk=published.chair_id), role="focal_point"
    ).first()
    pages = [
        ("secretariat@example.org", "/"),
        ("secretariat@example.org", "/members/agencies/"),
        ("secretariat@example.org", "/members/people/"),
        ("secretariat@example.org", "/outbox/"),
        ("secretariat@example.org", "/meetings/"),
        ("secretariat@example.org", f"/meetings/year/{published.local_date.year}/"),
        ("secretariat@example.org", "/meetings/rotation/"),
        ("fp1.iom@example.org", "/"),
        ("fp1.iom@example.org", f"/meetings/{published.pk}/"),
        ("fp1.iom@example.org", "/agenda/proposals/"),
        (chair.email, f"/agenda/meetings/{published.pk}/queue/"),
        (chair.email, f"/agenda/meetings/{published.pk}/agenda/"),
        ("secretariat@example.org", f"/minutes/meetings/{minutes.meeting_id}/"),
        ("secretariat@example.org", "/minutes/action-points/"),
    ]
    print(f"{Meeting.objects.count()} meetings, {Person.objects.count()} people in the demo data")
    print(f"{'page':<48} {'as':<26} {'median':>8} {'worst':>8} {'queries':>8}")
    slow = 0
    clients: dict[str, Client] = {}
    for email, url in pages:
        client = clients.get(email)
        if client is None:
            client = clients[email] = Client()
            client.force_login(Person.objects.get(email=email))
        times = []
        for _ in range(ROUNDS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                print(f"{url}: HTTP {response.status_code}", file=sys.stderr)
                return 1
        median = statistics.median(times)
        slow += median > TARGET_MS
        print(f"{url:<48} {email:<26} {median:>6.0f}ms {max(times):>6.0f}ms {len(queries):>8}")
    print(f"target: median under {TARGET_MS} ms; pages over it: {slow}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
