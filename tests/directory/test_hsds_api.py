"""The read-only HSDS API: shapes, filters, pagination, errors as JSON, constant queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from directory.models import Organisation, Programme

pytestmark = pytest.mark.django_db
SERVICES = "/api/hsds/services"


def test_services_are_paginated_in_the_hsds_shape(client):
    page = client.get(SERVICES, {"per_page": 5, "page": 2}).json()
    assert set(page) == {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    }
    assert (page["total_items"], page["total_pages"], page["page_number"], page["size"]) == (28, 6, 2, 5)
    assert (page["first_page"], page["last_page"], page["empty"], len(page["contents"])) == (False, False, False, 5)
    last = client.get(SERVICES, {"per_page": 5, "page": 6}).json()
    assert last["last_page"] and len(last["contents"]) == 3
    beyond = client.get(SERVICES, {"per_page": 5, "page": 9}).json()
    assert beyond["empty"] and beyond["contents"] == []


def test_search_filters_services(client):
    names = {s["name"] for s in client.get(SERVICES, {"search": "crisis accommodation"}).json()["contents"]}
    assert {
        "Comprehensive care for victims of trafficking – crisis accommodation",
        "Comprehensive care MOL (Ljubljana)",
    } <= names
    # PostgreSQL may add near matches (typo tolerance); nothing unrelated comes back anywhere.
    assert "Emergency number 112" not in names and len(names) <= 4


def test_organization_id_filters_services(client):
    karitas = Organisation.objects.get(slug="karitas")
    page = client.get(SERVICES, {"organization_id": str(karitas.uid)}).json()
    assert page["total_items"] == 2
    assert {s["organization_id"] for s in page["contents"]} == {str(karitas.uid)}


def test_modified_after_filters_services(client):
    Programme.objects.filter(slug="pats").update(modified_at=timezone.now())
    since = (timezone.now() - timedelta(minutes=5)).isoformat()
    page = client.get(SERVICES, {"modified_after": since}).json()
    assert [s["id"] for s in page["contents"]] == [str(Programme.objects.get(slug="pats").uid)]


def test_one_service_and_one_organization_by_id(client):
    pats = Programme.objects.get(slug="pats")
    assert client.get(f"{SERVICES}/{pats.uid}").json()["name"].startswith("PATS")
    kljuc = Organisation.objects.get(slug="kljuc")
    assert client.get(f"/api/hsds/organizations/{kljuc.uid}/").json()["year_incorporated"] == 2001


def test_content_follows_the_request_language(client):
    pats = Programme.objects.get(slug="pats")
    sl = client.get(f"{SERVICES}/{pats.uid}", HTTP_ACCEPT_LANGUAGE="sl").json()
    assert sl["eligibility_description"] == "Prosilci za mednarodno zaščito."


def test_organizations_are_paginated_and_searchable(client):
    page = client.get("/api/hsds/organizations/", {"search": "karitas"}).json()
    assert [o["name"] for o in page["contents"]] == ["Caritas Slovenia"]


@pytest.mark.parametrize(
    "url, params, bad",
    [
        (SERVICES, {"page": "0"}, {"page"}),
        (SERVICES, {"per_page": "1000"}, {"per_page"}),
        (SERVICES, {"page": "two"}, {"page"}),
        (SERVICES, {"modified_after": "yesterday"}, {"modified_after"}),
        (SERVICES, {"organization_id": "kljuc"}, {"organization_id"}),
        (SERVICES, {"page": "-1", "per_page": "0"}, {"page", "per_page"}),
        (SERVICES, {"minimal": "maybe", "format": "xml"}, {"minimal", "format"}),
        ("/api/hsds/organizations", {"page": "0", "full_service": "yes please"}, {"page", "full_service"}),
        ("/api/hsds/taxonomy_terms", {"taxonomy_id": "exploitation", "top_only": "2"}, {"taxonomy_id", "top_only"}),
        ("/api/hsds/service_at_locations", {"proximity": "5000"}, {"proximity"}),
    ],
)
def test_bad_parameters_answer_400_naming_each(client, url, params, bad):
    response = client.get(url, params)
    assert response.status_code == 400
    assert {e["parameter"] for e in response.json()["errors"]} == bad


OPERATIONS = ["", "/services", "/organizations", "/taxonomies", "/taxonomy_terms", "/service_at_locations"]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_answers_with_and_without_a_trailing_slash(client, operation):
    for url in (f"/api/hsds{operation}", f"/api/hsds{operation}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("operation", OPERATIONS[1:])
@pytest.mark.parametrize("uid", ["0", "00000000-0000-0000-0000-000000000000", "ključ", "%20"])
def test_any_unknown_id_is_a_json_404(client, operation, uid):
    for url in (f"/api/hsds{operation}/{uid}", f"/api/hsds{operation}/{uid}/"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["errors"][0]["parameter"] == "id"


def test_an_unknown_path_under_the_api_is_a_json_404(client):
    response = client.post("/api/hsds/services/extra/path")
    assert response.status_code in (404, 405) and response["Content-Type"] == "application/json"
    assert client.get("/api/hsds/nothing-here").json()["errors"]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_only_get_and_head_are_allowed(client, operation):
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)(f"/api/hsds{operation}")
        assert response.status_code == 405 and response.json()["errors"]
        assert response["Allow"] == "GET, HEAD"
    assert client.head(f"/api/hsds{operation}").status_code == 200


def test_the_root_names_the_version_the_profile_and_the_openapi_document(client):
    root = client.get("/api/hsds/").json()
    assert root["version"] == "3.0"
    assert client.get(root["profile"]).json()["extensions"]["service_capacity"]
    assert client.get(root["openapi_url"]).json()["openapi"].startswith("3.1")


def test_the_services_page_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    # catalogue version, count, the page's ids, the page with organisation, contacts, hours, areas,
    # languages, terms, funders
    with django_assert_num_queries(10):
        client.get(SERVICES, {"per_page": 3})
    with django_assert_num_queries(10):
        client.get(SERVICES, {"per_page": 30})


def test_pages_walked_one_by_one_list_every_service_once_in_the_order_of_one_long_page(client):
    whole = [s["id"] for s in client.get(SERVICES, {"per_page": 100}).json()["contents"]]
    walked, number = [], 1
    while page := client.get(SERVICES, {"per_page": 4, "page": number}).json()["contents"]:
        walked += [s["id"] for s in page]
        number += 1
    assert len(whole) > 8 and walked == whole == sorted(whole)


def test_a_list_asked_again_is_answered_from_the_cache_until_a_change(client, django_assert_num_queries):
    from directory.services import Author, programme_update

    first = client.get(SERVICES, {"search": "Ključ", "per_page": 50}).json()
    with django_assert_num_queries(1):  # the catalogue version only
        again = client.get(SERVICES, {"search": "Ključ", "per_page": 50})
    assert again["Content-Type"] == "application/json" and again.json() == first
    programme = Programme.objects.get(slug="kljuc-hotline")
    programme_update(programme=programme, data={"name_en": "Ključ line, renamed"}, author=Author(None, "admin"))
    names = {s["name"] for s in client.get(SERVICES, {"search": "Ključ", "per_page": 50}).json()["contents"]}
    assert "Ključ line, renamed" in names
    # another query, another language: never the cached answer
    assert client.get(SERVICES, {"search": "Ključ", "per_page": 1}).json()["size"] == 1
    slovenian = client.get(SERVICES, {"search": "Ključ", "per_page": 50}, HTTP_ACCEPT_LANGUAGE="sl").json()
    assert "Ključ line, renamed" not in {s["name"] for s in slovenian["contents"]}


def test_the_openapi_document_is_the_official_one_with_our_triage(client):
    schema = client.get("/api/schema/").json()
    assert schema["servers"][0]["url"] == "/api/hsds"
    assert {"/", "/services", "/services/{id}", "/taxonomies", "/service_at_locations/{id}"} <= set(schema["paths"])
    assert schema["paths"]["/triage/"]["servers"][0]["url"] == "/api"
    # its references point at the schema files we serve beside it
    ref = schema["paths"]["/services/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert client.get(ref["$ref"]).json()["required"] == ["id", "name", "status"]
    assert client.get("/api/schema/hsds/../settings.json").status_code == 404
    assert client.get("/api/schema/hsds/openapi.json").status_code == 404
