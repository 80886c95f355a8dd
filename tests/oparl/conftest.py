"""The minutes floor's fixtures (a chair's office, a published agenda, published minutes)
are the API's test data too: one set of fixtures, kept where the services are tested."""

import json
import pathlib

import jsonschema
import pytest

from tests.minutes.conftest import (  # noqa: F401
    _clock,
    attending_agency,
    chair_agency,
    chair_office,
    circulated,
    meeting,
    member_focal,
    minutes,
    published,
    published_agenda,
    section,
)

SCHEMAS = pathlib.Path(__file__).parent / "schema"
PREFIX = "https://schema.oparl.org/1.1/"


def _load(kind: str) -> dict:
    return json.loads((SCHEMAS / f"{kind}.json").read_text())


def oparl_validate(obj: dict) -> None:
    """Validate an OParl object and every OParl object embedded in it, by its ``type``."""
    kind = obj["type"].removeprefix(PREFIX)
    schema = _load(kind)
    if obj.get("deleted"):
        # The spec keeps only these of a deleted object, whatever its schema requires otherwise.
        assert set(obj) == {"id", "type", "created", "modified", "deleted"}, obj
        schema["required"] = ["id", "type"]
    jsonschema.validate(obj, schema, format_checker=jsonschema.FormatChecker())
    for value in obj.values():
        nested = value if isinstance(value, list) else [value]
        for item in nested:
            if isinstance(item, dict) and str(item.get("type", "")).startswith(PREFIX):
                oparl_validate(item)


@pytest.fixture
def validate():
    return oparl_validate
