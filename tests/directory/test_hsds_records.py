"""What the HSDS API serves beyond the export: taxonomies and terms, service at locations (never a
confidential address), free places as HSDS 3.1 service_capacity, the edit history as metadata,
the minimal and full lists, and pages of the API read back by the importer."""

import json

import pytest

from directory.hsds import import_path
from directory.models import Programme, Term
from directory.services import ADMIN, MANAGE, Author, places_update, programme_update

pytestmark = pytest.mark.django_db
API = "/api/hsds"


def contents(client, path, **params):
    return client.get(f"{API}{path}", {"per_page": 100, **params}).json()["contents"]


def test_our_taxonomies_and_their_terms_are_hsds_taxonomies(client):
    taxonomies = {t["name"]: t for t in contents(client, "/taxonomies")}
    assert {"Form of exploitation", "Who it is for", "Kažipot attributes"} == set(taxonomies)
    exploitation = taxonomies["Form of exploitation"]["id"]
    terms = contents(client, "/taxonomy_terms", taxonomy_id=exploitation)
    assert {t["code"] for t in terms} == set(
        Term.objects.filter(taxonomy="exploitation").values_list("code", flat=True)
    )
    assert all(t["taxonomy_id"] == exploitation for t in terms)
    one = client.get(f"{API}/taxonomy_terms/{terms[0]['id']}").json()
    assert one == terms[0]
    assert contents(client, "/taxonomy_terms", parent_id=terms[0]["id"]) == []  # a flat list
    assert [t["code"] for t in contents(client, "/taxonomy_terms", search="labour")] == ["labour"]


def test_every_attribute_code_the_services_use_is_a_term_that_resolves(client):
    terms = {t["id"] for t in contents(client, "/taxonomy_terms")}
    pats = Programme.objects.get(slug="pats")
    service = client.get(f"{API}/services/{pats.uid}").json()
    used = {a["taxonomy_term_id"] for a in service["attributes"]}
    used |= {a["taxonomy_term_id"] for phone in service["phones"] for a in phone["attributes"]}
    assert used and used <= terms


def test_services_are_chosen_by_term_and_by_taxonomy_combined_with_other_filters(client):
    labour = next(t for t in contents(client, "/taxonomy_terms") if t["code"] == "labour")
    found = {s["name"] for s in contents(client, "/services", taxonomy_term_id=labour["id"])}
    expected = Programme.objects.filter(terms__taxonomy="exploitation", terms__code="labour")
    assert found == {p.name_en for p in expected}
    both = contents(client, "/services", taxonomy_term_id=labour["id"], search="inspectorate")
    assert {s["name"] for s in both} < found
    kazipot = next(t for t in contents(client, "/taxonomy_terms") if t["code"] == "kazipot-slug")
    assert contents(client, "/services", taxonomy_term_id=kazipot["id"]) == []
    audience = next(t for t in contents(client, "/taxonomies") if t["name"] == "Who it is for")
    assert (
        len(contents(client, "/services", taxonomy_id=audience["id"]))
        == Programme.objects.filter(terms__taxonomy="audience").distinct().count()
    )


def test_a_confidential_location_is_served_with_no_address(client):
    rows = contents(client, "/service_at_locations")
    by_name = {r["location"]["name"]: r for r in rows}
    safe = by_name["Safe accommodation"]["location"]
    assert safe["addresses"] == [] and "latitude" not in safe and "Confidential" in safe["description"]
    public = by_name["Labour Inspectorate"]["location"]
    assert public["addresses"][0]["postal_code"] == "1000" and public["addresses"][0]["country"] == "SI"
    page = json.dumps(client.get(f"{API}/service_at_locations/{by_name['Safe accommodation']['id']}").json())
    assert "Safe accommodation" in page
    # a postcode search finds public places only
    assert {r["location"]["name"] for r in contents(client, "/service_at_locations", postcode="1000")} == {
        "ZSSS headquarters",
        "Labour Inspectorate",
    }


def test_free_places_are_served_as_service_capacity(client):
    programme = Programme.objects.get(slug="safe-accommodation")
    places_update(programme=programme, available=2, total=6, author=Author(via=ADMIN))
    service = client.get(f"{API}/services/{programme.uid}").json()
    [capacity] = service["service_capacity"]
    assert (capacity["available"], capacity["maximum"], capacity["unit"]["name"]) == (2, 6, "places")
    assert capacity["updated"].startswith("2026-11-30T10:00")
    full = {s["id"]: s for s in contents(client, "/services", full="true")}
    assert full[str(programme.uid)]["service_capacity"] == service["service_capacity"]


def test_the_edit_history_is_served_as_metadata_without_names_of_people(client, django_user_model):
    pats = Programme.objects.get(slug="pats")
    editor = django_user_model.objects.create_user("mojca", email="mojca.novak@example.si", first_name="Mojca")
    for fees in ("Free.", "Free, always."):
        programme_update(programme=pats, data={"fees_en": fees}, author=Author(user=editor, via=MANAGE))
    records = client.get(f"{API}/services/{pats.uid}").json()["metadata"]
    latest = records[0]
    assert (latest["last_action_type"], latest["field_name"]) == ("update", "fees_en")
    assert (latest["previous_value"], latest["replacement_value"]) == ("Free.", "Free, always.")
    assert latest["updated_by"] == pats.organisation.name
    assert records[-1]["field_name"] == "*"  # the oldest record kept: the whole record
    text = json.dumps(records)
    assert "mojca" not in text.lower() and "version" not in {r["field_name"] for r in records}


def test_a_minimal_list_has_ids_names_statuses_and_changes_only(client):
    rows = contents(client, "/services", minimal="true")
    assert len(rows) == 28
    assert set().union(*rows) <= {"id", "name", "status", "last_modified"}


@pytest.mark.parametrize(
    "path, params",
    [("/services", {"full": "true"}), ("/organizations", {"full_service": "true"}), ("/services", {})],
)
def test_the_importer_reads_back_a_page_of_the_api(client, tmp_path, path, params):
    page = client.get(f"{API}{path}", {"per_page": 100, **params}).json()
    pats = next(s for s in page["contents"] if s.get("name", "").startswith("PATS")) if path == "/services" else None
    if pats:
        pats["name"] = "PATS (renamed by a partner)"
    file = tmp_path / "page.json"
    file.write_text(json.dumps(page))
    result = import_path(file)  # raises HsdsError on anything it cannot read
    assert not result.skipped
    if pats:
        assert Programme.objects.get(slug="pats").name_en == "PATS (renamed by a partner)"
    assert Programme.objects.count() == 28


def test_service_at_locations_are_searched_by_their_service(client):
    found = {r["location"]["name"] for r in contents(client, "/service_at_locations", search="inspectorate")}
    assert found == {"Labour Inspectorate"}
