"""The read-only HSDS API: shapes, filters, pagination, errors as JSON, constant queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from directory.models import Organisation, Programme

pytestmark = pytest.mark.django_db
SERVICES = "/api/hsds/services/"


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
        "Comprehensive care for victims of trafficking – safe accommodation",  # "can follow crisis…"
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
    assert client.get(f"{SERVICES}{pats.uid}/").json()["name"].startswith("PATS")
    kljuc = Organisation.objects.get(slug="kljuc")
    assert client.get(f"/api/hsds/organizations/{kljuc.uid}/").json()["year_incorporated"] == 2001


def test_content_follows_the_request_language(client):
    pats = Programme.objects.get(slug="pats")
    sl = client.get(f"{SERVICES}{pats.uid}/", HTTP_ACCEPT_LANGUAGE="sl").json()
    assert sl["eligibility_description"] == "Prosilci za mednarodno zaščito."


def test_organizations_are_paginated_and_searchable(client):
    page = client.get("/api/hsds/organizations/", {"search": "karitas"}).json()
    assert [o["name"] for o in page["contents"]] == ["Caritas Slovenia"]


@pytest.mark.parametrize(
    "params, bad",
    [
        ({"page": "0"}, {"page"}),
        ({"per_page": "1000"}, {"per_page"}),
        ({"page": "two"}, {"page"}),
        ({"modified_after": "yesterday"}, {"modified_after"}),
        ({"organization_id": "kljuc"}, {"organization_id"}),
        ({"page": "-1", "per_page": "0"}, {"page", "per_page"}),
    ],
)
def test_bad_parameters_answer_400_naming_each(client, params, bad):
    for url in (SERVICES, "/api/hsds/organizations/"):
        response = client.get(url, params)
        assert response.status_code == 400
        assert {e["parameter"] for e in response.json()["errors"]} >= bad - (
            {"modified_after"} if "organizations" in url else set()
        )


def test_unknown_ids_are_404_json(client):
    response = client.get(f"{SERVICES}00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404 and response.json()["errors"]


def test_only_get_is_allowed(client):
    response = client.post(SERVICES)
    assert response.status_code == 405 and response.json()["errors"]


def test_the_services_page_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    # count, page with organisation, contacts, hours, areas, languages, terms, funders
    with django_assert_num_queries(8):
        client.get(SERVICES, {"per_page": 3})
    with django_assert_num_queries(8):
        client.get(SERVICES, {"per_page": 30})


def test_the_openapi_document_describes_every_endpoint(client):
    schema = client.get("/api/schema/").json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/hsds/services/",
        "/api/hsds/services/{id}/",
        "/api/hsds/organizations/",
        "/api/hsds/organizations/{id}/",
        "/api/triage/",
    } <= set(schema["paths"])
