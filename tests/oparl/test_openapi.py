"""The API against its own OpenAPI description: schemathesis generates requests (paths,
ids, filters, pages) and checks that none is a server error and that every answer
matches what the description promises."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings


@pytest.fixture
def keep_the_test_connection():
    """Called through WSGI, Django would close the database connection at the end of each
    request (the test client switches that off; a raw WSGI call does not), and with it the
    test's transaction on PostgreSQL."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_api_keeps_its_openapi_promises(db, published, keep_the_test_connection):
    schema = schemathesis.openapi.from_wsgi("/oparl/v1/openapi.json", get_wsgi_application())
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30,
            deadline=None,
            # The same examples every run: a finding is a bug to fix, never a flaky CI.
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate()

        check()
        checked.append(operation.label)

    assert len(checked) == len(schema.raw_schema["paths"])


def test_the_description_lists_every_endpoint(client, db):
    paths = client.get("/oparl/v1/openapi.json").json()["paths"]

    assert "/oparl/v1/meeting/{pk}/" in paths
    assert "/oparl/v1/agenda-item/{meeting_pk}/{item_id}/" in paths
    assert {"created_since", "modified_until", "page"} <= {
        p["name"] for p in paths["/oparl/v1/body/gmg/meetings/"]["get"]["parameters"]
    }
