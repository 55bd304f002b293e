"""The OpenAPI document served at /api/schema/: the official HSDS 3.0 document (vendored in
fixtures/hsds-3.0, with its schema files served beside it under /api/schema/hsds/) for the
directory under /api/hsds, plus Kažipot's triage helper under /api."""

import copy
import json
from functools import cache

from django.conf import settings

from referral.vocabulary import ROLES

HSDS_SCHEMAS = settings.BASE_DIR / "fixtures" / "hsds-3.0" / "schema"
SCHEMA_FILES_URL = "/api/schema/hsds/"
ERRORS = {
    "description": "Invalid input: a list of errors, each naming the parameter or fact.",
    "content": {"application/json": {"schema": {"type": "object", "properties": {"errors": {"type": "array"}}}}},
}

TRIAGE = {
    "summary": "Suggest programmes for a set of facts (triage vocabulary v1, with the v1.1 and v1.2 additions)",
    "parameters": [
        {
            "name": "at",
            "in": "query",
            "required": False,
            "description": "Plan for this moment (ISO 8601 with its offset); now by default.",
            "schema": {"type": "string", "format": "date-time"},
        },
        {
            "name": "role",
            "in": "query",
            "required": False,
            "description": "The worker's role; it shapes nothing but wording.",
            "schema": {"type": "string", "enum": list(ROLES)},
        },
    ],
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
    },
    "responses": {
        "200": {
            "description": (
                "vocabulary, results (eligible, possible, excluded with reasons and each failed "
                "reason's requirement; at most 50 of each), next_questions, notes, counts, open_now, "
                "plan (per need: now, next, unlocks, nothing_now), at, role"
            )
        },
        "400": ERRORS,
        "405": {"description": "Only POST is allowed."},
    },
}


def _local_refs(node):
    """The official document's "./compiled/service.json" references, as the URLs we serve them at."""
    if isinstance(node, dict):
        return {
            key: SCHEMA_FILES_URL + value[2:] if key == "$ref" and value.startswith("./") else _local_refs(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_local_refs(value) for value in node]
    return node


@cache
def _official():
    return json.loads((HSDS_SCHEMAS / "openapi-local.json").read_text())


def schema():
    document = _local_refs(copy.deepcopy(_official()))
    document["info"] = {
        "title": "Kažipot API",
        "version": "2.0",
        "summary": "Victim-support programmes in Slovenia as Open Referral HSDS 3.0, and a triage helper.",
        "description": (
            "The directory under /api/hsds follows the HSDS 3.0 OpenAPI document (profile: /api/hsds/profile). "
            "The triage helper takes facts in the vocabulary v1 and never stores them."
        ),
        "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
    }
    document["servers"] = [{"url": "/api/hsds", "description": "HSDS 3.0 read API"}]
    document["paths"]["/triage/"] = {"servers": [{"url": "/api", "description": "Kažipot"}], "post": TRIAGE}
    return document
