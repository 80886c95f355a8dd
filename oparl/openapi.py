"""An OpenAPI 3.0 description of the OParl endpoints, built from the URL names.

Served at ``/oparl/v1/openapi.json`` and used by the tests (schemathesis)
to check every endpoint against what it promises.
"""

from django.urls import reverse

OBJECT = {
    "type": "object",
    "required": ["id", "type"],
    "properties": {
        "id": {"type": "string"},
        "type": {"type": "string", "pattern": "^https://schema\\.oparl\\.org/1\\.1/"},
        "created": {"type": "string"},
        "modified": {"type": "string"},
        "deleted": {"type": "boolean"},
    },
}
LIST = {
    "type": "object",
    "required": ["data", "pagination", "links"],
    "properties": {
        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Object"}},
        "pagination": {
            "type": "object",
            "required": ["totalElements", "elementsPerPage", "currentPage", "totalPages"],
            "properties": {
                name: {"type": "integer", "minimum": 0}
                for name in ("totalElements", "elementsPerPage", "currentPage", "totalPages")
            },
        },
        "links": {
            "type": "object",
            "required": ["first", "self", "last"],
            "properties": {
                name: {"type": "string"} for name in ("first", "prev", "self", "next", "last")
            },
        },
    },
}
ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
FILTERS = ["created_since", "created_until", "modified_since", "modified_until"]

# (URL name, summary, path parameters, is a list)
ENDPOINTS = [
    ("system", "The OParl system: version and the body list", [], False),
    ("body_list", "The bodies (one: the group)", [], True),
    ("body", "The group", [], False),
    ("organization_list", "Meeting levels, member agencies and guest organizations", [], True),
    ("person_list", "People the group publishes (none unless switched on)", [], True),
    ("meeting_list", "Meetings with a published agenda", [], True),
    ("paper_list", "Papers standing alone (none: papers travel with meetings)", [], True),
    ("membership_list", "Agencies' membership periods", [], True),
    ("legislative_term_list", "Chair terms", [], True),
    ("legislative_term", "A chair term", [("pk", "integer")], False),
    (
        "organization",
        "A level (level-principals), agency (agency-N) or guest (org-N)",
        [("key", "string")],
        False,
    ),
    ("membership", "A membership period", [("pk", "integer")], False),
    ("person", "A person the group publishes", [("pk", "integer")], False),
    ("meeting", "A meeting with its agenda items and files", [("pk", "integer")], False),
    (
        "agenda_item",
        "An agenda item of the latest published version (or deleted)",
        [("meeting_pk", "integer"), ("item_id", "integer")],
        False,
    ),
    ("file", "A published PDF (agenda-N or minutes-N)", [("key", "string")], False),
]


def _path(name: str, params: list[tuple[str, str]]) -> str:
    placeholders = {p: (1 if kind == "integer" else "x") for p, kind in params}
    url = reverse(f"oparl:{name}", kwargs=placeholders) if params else reverse(f"oparl:{name}")
    for p, _kind in params:
        url = url.replace(f"/{placeholders[p]}/", f"/{{{p}}}/", 1)
    return url


def openapi() -> dict:
    paths = {}
    for name, summary, params, is_list in ENDPOINTS:
        parameters = [
            {
                "name": p,
                "in": "path",
                "required": True,
                "schema": {"type": kind, "minimum": 1} if kind == "integer" else {"type": kind},
            }
            for p, kind in params
        ]
        responses = {
            "200": {
                "description": "OK",
                "content": {
                    "application/json": {
                        "schema": {
                            "$ref": "#/components/schemas/" + ("List" if is_list else "Object")
                        }
                    }
                },
            }
        }
        if params:
            responses["404"] = {"description": "Not part of the public record"}
        if is_list:
            parameters += [
                {
                    "name": f,
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "format": "date-time"},
                }
                for f in FILTERS
            ]
            parameters.append(
                {
                    "name": "page",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 999999},
                }
            )
            responses["400"] = {
                "description": "A filter or page the API cannot read",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
        paths[_path(name, params)] = {
            "get": {
                "operationId": name,
                "summary": summary,
                "parameters": parameters,
                "responses": responses,
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "GMG Secretariat OParl 1.1 API",
            "version": "1.1",
            "description": "The group's public record: published agendas, minutes and decisions.",
        },
        "paths": paths,
        "components": {"schemas": {"Object": OBJECT, "List": LIST, "Error": ERROR}},
    }
