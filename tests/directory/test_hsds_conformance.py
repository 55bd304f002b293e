"""The HSDS API against the standard's own OpenAPI document (vendored with local references), with
schemathesis and a live server: no server errors, no answer that breaks the official response
schemas, JSON on every answer, across all eleven operations; the {id} operations also with real
ids. Bounded so that it stays well under a minute."""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.data import HSDS

pytestmark = pytest.mark.live
schema = schemathesis.openapi.from_path(HSDS / "schema" / "openapi-local.json")


def json_on_every_answer(ctx, response, case):
    found = {name.lower(): value for name, value in response.headers.items()}.get("content-type", [""])
    kind = found[0] if isinstance(found, list) else found
    assert kind.startswith("application/json"), f"{case.path}: {response.status_code} answered {kind!r}"


CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance, json_on_every_answer]


@pytest.fixture
def api(catalogue):
    """The live server over the canonical catalogue (committed: the server runs in another thread)."""
    return f"{catalogue.url}/api/hsds"


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_to_the_official_document(case, api):
    case.call_and_validate(base_url=api, checks=CHECKS)


REAL_IDS = {
    "/services/{id}": "/services",
    "/organizations/{id}": "/organizations",
    "/taxonomies/{id}": "/taxonomies",
    "/taxonomy_terms/{id}": "/taxonomy_terms",
    "/service_at_locations/{id}": "/service_at_locations",
}


@pytest.mark.parametrize("path", list(REAL_IDS))
def test_the_id_operations_keep_to_it_with_real_ids(api, path):
    listed = requests.get(f"{api}{REAL_IDS[path]}", params={"per_page": 100}, timeout=10).json()["contents"]
    assert listed, f"no records to read from {REAL_IDS[path]}"
    operation = schema[path]["GET"]
    for record in listed:
        operation.Case(path_parameters={"id": record["id"]}).call_and_validate(base_url=api, checks=CHECKS)
