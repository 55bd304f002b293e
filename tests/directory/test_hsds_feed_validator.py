"""The HSDS API checked the way the Open Referral UK validator checks a feed (tpximpact/oruk-validator:
discover from `/`, test the collection endpoints first, take ids from them for the `{id}`
operations): `/` discovery, every list operation's first, middle and last page against the
official response schemas with consistent page headers, up to ten random ids per `{id}`
operation, an unknown id, and empty feeds. On SQLite here and on PostgreSQL in make test-postgres."""

import random
import uuid

import pytest
import requests
import schemathesis

from tests.data import HSDS

pytestmark = pytest.mark.live
schema = schemathesis.openapi.from_path(HSDS / "schema" / "openapi-local.json")
PER_PAGE = 5


@pytest.fixture
def api(catalogue):
    return f"{catalogue.url}/api/hsds"


def get(api, path, **params):
    response = requests.get(f"{api}{path}", params=params, timeout=10)
    assert response.headers["Content-Type"].startswith("application/json"), path
    return response


def valid(path, response):
    assert response.status_code == 200, (path, response.status_code)
    schema[path]["GET"].validate_response(response)  # raises with the schema error if it does not keep to it
    return response.json()


def list_paths():
    return [path for path in schema.raw_schema["paths"] if "{" not in path and path != "/"]


def test_the_root_discovers_the_version_and_the_openapi_document(api):
    root = valid("/", get(api, "/"))
    assert root["version"].startswith("3.")
    document = requests.get(root["openapi_url"], timeout=10).json()
    assert set(list_paths()) <= set(document["paths"])


@pytest.mark.parametrize("path", list_paths())
def test_first_middle_and_last_pages_keep_to_the_schema_and_agree(api, path):
    first = valid(path, get(api, path, per_page=PER_PAGE))
    total, pages = first["total_items"], first["total_pages"]
    assert first["first_page"] and first["page_number"] == 1 and first["size"] == len(first["contents"])
    assert pages == max(1, -(-total // PER_PAGE)) and first["empty"] == (total == 0)
    seen = []
    for number in sorted({1, (pages + 1) // 2, pages}):
        page = valid(path, get(api, path, per_page=PER_PAGE, page=number))
        assert (page["page_number"], page["total_items"], page["total_pages"]) == (number, total, pages)
        assert page["first_page"] == (number == 1) and page["last_page"] == (number == pages)
        expected = PER_PAGE if number < pages else total - PER_PAGE * (pages - 1)
        assert page["size"] == len(page["contents"]) == expected
        seen += [item["id"] for item in page["contents"]]
    assert len(seen) == len(set(seen))  # no record on two of the pages


@pytest.mark.parametrize("path", list_paths())
def test_an_empty_feed_is_a_valid_empty_page(api, path):
    empty = valid(path, get(api, path, search="zzqxv-nothing-matches-this", per_page=PER_PAGE))
    assert (empty["total_items"], empty["size"], empty["contents"], empty["empty"]) == (0, 0, [], True)
    assert empty["first_page"] and empty["last_page"] and empty["total_pages"] == 1


@pytest.mark.parametrize("path", [p for p in schema.raw_schema["paths"] if p.endswith("/{id}")])
def test_up_to_ten_random_ids_per_id_operation_and_an_unknown_one(api, path):
    listing = path.removesuffix("/{id}")
    ids = [item["id"] for item in get(api, listing, per_page=100).json()["contents"]]
    assert ids, f"nothing listed at {listing}"
    for uid in random.Random(path).sample(ids, min(10, len(ids))):
        record = valid(path, get(api, f"{listing}/{uid}"))
        assert record["id"] == uid
    missing = get(api, f"{listing}/{uuid.uuid4()}")
    assert missing.status_code == 404 and missing.json()["errors"]
