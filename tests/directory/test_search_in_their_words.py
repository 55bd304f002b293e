"""Search in the worker's own words: Slovenian word forms, concepts of the thesaurus, places in any
case and typos, on SQLite and PostgreSQL alike (make test-postgres runs the same file): a query set
of realistic queries, each with the programmes it must find in the first five."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.filters import ProgrammeFilter
from directory.models import Programme, SearchConcept
from directory.thesaurus import correction, understood
from directory.words import forms, lemmas

QUERIES = json.loads((Path(__file__).parent / "search_queries.json").read_text())["queries"]
pytestmark = pytest.mark.django_db


def first_five(client, q):
    """The slugs of the first five cards for `q`, as the directory page orders them."""
    page = client.get("/directory/", {"q": q})
    assert page.status_code == 200
    html = page.content.decode()
    slugs = []
    for part in html.split('class="card mb-3 programme-card" aria-labelledby="p-')[1:]:
        slugs.append(part.split('"', 1)[0])
    return slugs[:5]


def test_the_query_set_is_big_enough_and_names_real_programmes():
    assert len(QUERIES) >= 60
    slugs = set(Programme.objects.values_list("slug", flat=True))
    for query in QUERIES:
        assert set(query["top5"]) <= slugs, query["q"]


def test_recall_at_five_over_the_query_set_is_at_least_95_percent_and_nothing_comes_back_empty(client):
    found = missed = 0
    empty, misses = [], []
    for query in QUERIES:
        top = first_five(client, query["q"])
        if not top:
            empty.append(query["q"])
        for slug in query["top5"]:
            if slug in top:
                found += 1
            else:
                missed += 1
                misses.append(f"{query['q']}: {slug} not in {top}")
    assert empty == []
    assert found / (found + missed) >= 0.95, "\n".join(misses)


@pytest.mark.parametrize(
    "forms_typed", [["delavec", "delavca", "delavci", "delavcem"], ["nastanitev", "nastanitve", "namestitev"]]
)
def test_word_forms_find_the_same_programmes(client, forms_typed):
    found = [set(first_five(client, word)) for word in forms_typed]
    assert all(f == found[0] and f for f in found), dict(zip(forms_typed, found, strict=True))


def test_a_place_in_any_case_finds_the_programmes_serving_it_and_says_so(client):
    for typed in ("Koper", "v Kopru", "KOPRU"):
        html = client.get("/directory/", {"q": typed}).content.decode()
        assert "Serving Koper (national programmes included)." in html
        assert 'aria-labelledby="p-mol-crisis-accommodation"' not in html  # Ljubljana only
        assert 'aria-labelledby="p-kljuc-hotline"' in html  # national
    html = client.get("/directory/", {"q": "Ljubljani"}).content.decode()
    assert 'aria-labelledby="p-mol-crisis-accommodation"' in html


def test_a_typo_that_finds_nothing_is_corrected_with_did_you_mean(client):
    html = client.get("/directory/", {"q": "Karitass"}).content.decode()
    assert "Did you mean" in html and "karitas" in html
    assert 'aria-labelledby="p-caritas-24h-line"' in html
    assert correction("prostitucia").startswith("prostituci") and correction("filantropia") == "filantropija"
    assert correction("kljuc") is None  # a known word is left alone
    assert correction("nastanitv") is None  # its base form, nastanitev, is known: found as typed


def test_a_typo_that_still_finds_something_is_offered_did_you_mean(client):
    html = client.get("/directory/", {"q": "nasilje Karitass"}).content.decode()
    assert "Did you mean" in html  # "Karitass" is in no programme, whatever else matched


def test_a_sentence_with_words_no_programme_has_still_finds_those_with_some(client):
    html = client.get("/directory/", {"q": "delodajalec mi je vzel potni list in ne plača"}).content.decode()
    assert 'class="card mb-3 programme-card"' in html
    assert "No programme has every word" in html or "Did you mean" in html


def test_concepts_say_what_they_were_understood_as(client):
    html = client.get("/directory/", {"q": "streha nad glavo"}).content.decode()
    assert "Understood as: Accommodation." in html


def test_exact_name_matches_come_first():
    # Every accommodation programme has the word in its name; the others only in their text.
    f = ProgrammeFilter({"q": "namestitev"}, queryset=Programme.objects.for_directory().with_staleness())
    slugs = [p.slug for p in f.qs]
    hits = [p.name_hit for p in f.qs]
    assert hits == sorted(hits, reverse=True) and hits[0] >= 3  # typed, and found in its name
    assert set(slugs[:3]) == {"crisis-accommodation", "safe-accommodation", "mol-crisis-accommodation"}


def test_a_concept_added_by_staff_is_understood_at_once(admin_client, client):
    data = {
        "code": "bed",
        "label_sl": "Postelja",
        "label_en": "A bed",
        "phrases": "ležišče",
        "finds": "nastanit\nnamestit",
    }
    assert admin_client.post("/admin/directory/searchconcept/add/", data).status_code == 302
    assert SearchConcept.objects.filter(code="bed").exists()
    assert "crisis-accommodation" in first_five(client, "ležišče")


def test_a_concept_without_words_is_refused_with_a_message(admin_client):
    data = {"code": "x", "label_sl": "X", "label_en": "X", "phrases": "", "finds": "ab"}
    page = admin_client.post("/admin/directory/searchconcept/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Write at least one word or phrase." in page.content.decode()
    assert "each of three letters or more" in page.content.decode()


def test_the_base_forms_are_worked_out_without_the_network():
    assert "delavec" in forms("delavcem") and "koper" in forms("Kopru")
    assert "nastanitev" in lemmas("Nastanitve za ženske").split()


def test_nothing_typed_into_search_is_kept_in_the_cache_or_the_log(client, caplog):
    from django.core.cache import cache

    client.get("/directory/", {"q": "zelo zasebna beseda Karitass"})
    assert cache._cache, "the listing was cached (the test reads the local-memory cache)"
    stored = repr([cache.get(k.split(":", 2)[-1]) for k in cache._cache])
    assert "Listing(" in stored  # what is read is the cached listing itself
    assert "zasebna" not in stored and "Karitass" not in stored
    assert "zasebna" not in caplog.text


def test_understanding_a_query_reads_the_thesaurus_once_per_catalogue_version():
    understood("v varni hiši")
    with CaptureQueriesContext(connection) as queries:
        understood("nastanitev v Kopru")
    assert len(queries) == 1  # the catalogue version only
