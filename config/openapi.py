"""The OpenAPI 3 description of Kažipot's machine interfaces, served at /api/schema/."""

PAGE_PARAMETERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}, "description": "Page number, from 1."},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
    {
        "name": "search",
        "in": "query",
        "schema": {"type": "string", "maxLength": 200},
        "description": "Words that must all appear (case and accents ignored).",
    },
]
ERRORS = {
    "description": "Invalid input: a list of errors, each naming the parameter or fact.",
    "content": {"application/json": {"schema": {"type": "object", "properties": {"errors": {"type": "array"}}}}},
}
PAGE = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array", "items": {"type": "object"}},
    },
}
HSDS_NOTE = (
    "Objects follow the Open Referral HSDS 3.0 service and organization schemas; content in the request's language."
)


def _by_id(kind):
    return {
        "get": {
            "summary": f"One {kind} (HSDS 3.0)",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
            ],
            "responses": {"200": {"description": HSDS_NOTE}, "404": ERRORS},
        }
    }


SCHEMA = {
    "openapi": "3.0.3",
    "info": {
        "title": "Kažipot API",
        "version": "1.0",
        "description": "Read-only HSDS 3.0 directory API and the triage helper (vocabulary v1).",
    },
    "paths": {
        "/api/hsds/services/": {
            "get": {
                "summary": "Services (programmes), paginated",
                "parameters": [
                    *PAGE_PARAMETERS,
                    {
                        "name": "modified_after",
                        "in": "query",
                        "schema": {"type": "string", "format": "date-time"},
                    },
                    {
                        "name": "organization_id",
                        "in": "query",
                        "schema": {"type": "string", "format": "uuid"},
                    },
                ],
                "responses": {
                    "200": {"description": HSDS_NOTE, "content": {"application/json": {"schema": PAGE}}},
                    "400": ERRORS,
                },
            }
        },
        "/api/hsds/services/{id}/": _by_id("service"),
        "/api/hsds/organizations/": {
            "get": {
                "summary": "Organizations, paginated",
                "parameters": PAGE_PARAMETERS,
                "responses": {
                    "200": {"description": HSDS_NOTE, "content": {"application/json": {"schema": PAGE}}},
                    "400": ERRORS,
                },
            }
        },
        "/api/hsds/organizations/{id}/": _by_id("organization"),
        "/api/triage/": {
            "post": {
                "summary": "Suggest programmes for a set of facts (triage vocabulary v1)",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
                },
                "responses": {
                    "200": {
                        "description": (
                            "vocabulary, results (eligible, possible, excluded with reasons; at most 50 of each), "
                            "next_questions, notes, counts"
                        )
                    },
                    "400": ERRORS,
                    "405": {"description": "Only POST is allowed."},
                },
            }
        },
    },
}
