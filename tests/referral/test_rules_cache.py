"""The triage rules are cached per language and keyed by the catalogue version in the database:
a change through the write path is seen at once by every process, a language switch or a
minute passing rebuilds nothing, and "open now" is worked out when results are shown. After a
few changes only the changed programmes are read again, and the result is the same as a build
from scratch."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import F

from directory.models import CatalogueVersion, Contact, Municipality, Programme
from directory.services import (
    ADMIN,
    Author,
    catalogue_changed,
    catalogue_version,
    contact_update,
    places_update,
    programme_delete,
    programme_update,
)
from referral.criteria.services import criterion_create
from referral.models import PathwayNote
from referral.triage import cache as catalogue
from tests.directory.factories import BY_ADMIN, make_programme

pytestmark = pytest.mark.django_db
LJUBLJANA = ZoneInfo("Europe/Ljubljana")
FACTS = {"exploitation": ["sexual"]}


def post(client, lang="en"):
    return client.post("/api/triage/", FACTS, content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang)


def hotline(response):
    result = next(r for r in response.json()["results"] if r["programme"] == "kljuc-hotline")
    return result["contacts"][0]["open_now"]


def test_requests_alternating_languages_build_each_language_once(client, django_assert_num_queries):
    # the first request in each language: the catalogue version, then criteria, areas, languages,
    # needs served, hours, contacts, programmes, municipalities, pathway notes; after that only
    # the version
    for lang, queries in [("sl", 10), ("en", 10), ("sl", 1), ("en", 1), ("sl", 1)]:
        with django_assert_num_queries(queries):
            post(client, lang)


def test_explanations_come_in_the_language_asked_for(client):
    english = {r["programme"]: r for r in post(client, "en").json()["results"]}["pats"]["reasons"][0]["text"]
    slovene = {r["programme"]: r for r in post(client, "sl").json()["results"]}["pats"]["reasons"][0]["text"]
    assert english == "The person has applied for international protection."
    assert slovene == "Oseba je prosilec za mednarodno zaščito."


def test_a_minute_passing_rebuilds_nothing_and_open_now_follows_the_clock(client, django_assert_num_queries):
    # Ključ's line: working days 09:00–13:00; Monday 30 November 2026 is a working day.
    with time_machine.travel(datetime(2026, 11, 30, 12, 59, tzinfo=LJUBLJANA), tick=False):
        assert hotline(post(client)) is True
    closing = time_machine.travel(datetime(2026, 11, 30, 13, 0, tzinfo=LJUBLJANA), tick=False)
    with closing, django_assert_num_queries(1):  # the catalogue version only
        assert hotline(post(client)) is False


def test_open_now_in_results_orders_programmes_at_the_time_asked(client):
    facts = {"exploitation": ["sexual"], "in_prostitution": False}
    with time_machine.travel(datetime(2026, 11, 28, 22, 0, tzinfo=LJUBLJANA), tick=False):  # Saturday night
        results = client.post("/api/triage/", facts, content_type="application/json").json()["results"]
    eligible = [r for r in results if r["status"] == "eligible"]
    opened = [any(c["open_now"] for c in r["contacts"]) for r in eligible]
    assert opened == sorted(opened, reverse=True)  # what can be reached now comes first
    assert {r["programme"]: opened[n] for n, r in enumerate(eligible)}["caritas-24h-line"] is True


def test_every_change_through_the_write_path_raises_the_catalogue_version():
    before = catalogue_version()
    programme_update(programme=Programme.objects.get(slug="pats"), data={"fees_en": "free"}, author=Author(via=ADMIN))
    assert catalogue_version() == before + 1


def test_a_change_made_by_another_process_is_seen_on_the_next_request(client):
    built = catalogue.load_catalogue()
    assert catalogue.load_catalogue() is built
    # Another process's write path raised the version in the shared database.
    CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1)
    rebuilt = catalogue.load_catalogue()
    assert rebuilt is not built and rebuilt.version == built.version + 1


def test_an_older_version_is_dropped_from_the_cache():
    catalogue.load_catalogue()
    programme_update(programme=Programme.objects.get(slug="pats"), data={"fees_en": "x"}, author=Author(via=ADMIN))
    catalogue.load_catalogue()
    assert {found.version for found in catalogue._CACHE.values()} == {catalogue_version()}


def same_as_built_afresh(found):
    built = catalogue.build_catalogue(found.version)
    assert found.rules == built.rules
    assert found.index.sets == built.index.sets
    assert (found.schedules, found.dates, found.full_since) == (built.schedules, built.dates, built.full_since)
    assert found.programmes == built.programmes
    return True


ADULTS_ONLY = {
    "clause": 9,
    "fact": "age_group",
    "operator": "in",
    "values": ["adult"],
    "explanation_sl": "Oseba je polnoletna.",
    "explanation_en": "The person is an adult.",
}


def test_after_a_few_changes_only_the_changed_programmes_are_read_again(django_assert_num_queries):
    catalogue.load_catalogue()
    pats = Programme.objects.get(slug="pats")
    criterion_create(programme=pats, data=ADULTS_ONLY, author=BY_ADMIN)
    contact = Contact.objects.filter(programmes__slug="kljuc-hotline").first()
    contact_update(contact=contact, data={"always_open": True}, author=BY_ADMIN)
    places_update(programme=Programme.objects.get(slug="safe-accommodation"), available=0, author=BY_ADMIN)
    renamed = Programme.objects.get(slug="caritas-24h-line")
    programme_update(programme=renamed, data={"slug": "caritas-line"}, author=BY_ADMIN)
    programme_delete(programme=Programme.objects.get(slug="mol-crisis-accommodation"), author=BY_ADMIN)
    make_programme("new-line", kind="helpline")
    # the catalogue version, every programme's version, then criteria, areas, languages, needs
    # served, hours, contacts and programmes of the six changed ones, municipalities and notes
    with django_assert_num_queries(11):
        refreshed = catalogue.load_catalogue()
    slugs = [rule.slug for rule in refreshed.rules]
    assert "caritas-line" in slugs and "new-line" in slugs
    assert "caritas-24h-line" not in slugs and "mol-crisis-accommodation" not in slugs
    assert "safe-accommodation" in catalogue.load_catalogue().full_at()
    assert same_as_built_afresh(refreshed)


def test_a_change_that_no_programme_version_shows_builds_everything_again(django_assert_num_queries):
    catalogue.load_catalogue()
    Municipality.objects.filter(slug="maribor").update(slug="maribor-mesto")
    catalogue_changed(everything=True)  # as the admin does for reference data
    with django_assert_num_queries(10):  # the version, then the nine queries of a full build
        rebuilt = catalogue.load_catalogue()
    assert any("maribor-mesto" in (rule.areas or ()) for rule in rebuilt.rules)
    assert same_as_built_afresh(rebuilt)


def test_too_many_changes_build_everything_again(monkeypatch):
    catalogue.load_catalogue()
    monkeypatch.setattr(catalogue, "REFRESH_AT_MOST", 1)
    built = []
    monkeypatch.setattr(catalogue, "build_catalogue", lambda version: built.append(version) or real_build(version))
    make_programme("first-new")
    make_programme("second-new")
    assert "second-new" in catalogue.load_catalogue().index.position
    assert built == [catalogue_version()]


real_build = catalogue.build_catalogue


def test_warming_builds_each_content_language_before_the_first_request(client, django_assert_num_queries):
    catalogue.warm()
    for lang in ("sl", "en"):
        with django_assert_num_queries(1):  # the catalogue version only
            post(client, lang)


def test_a_pathway_note_changed_is_read_again_without_reading_the_programmes(django_assert_num_queries):
    catalogue.load_catalogue()
    note = PathwayNote.objects.first()
    PathwayNote.objects.filter(pk=note.pk).update(text_en="A new note.")
    catalogue_changed()  # as the pathway notes' admin does
    # the version, the programmes' versions (none moved), municipalities, pathway notes
    with django_assert_num_queries(4):
        refreshed = catalogue.load_catalogue()
    assert "A new note." in [n.text for n in refreshed.notes]


def test_after_a_reset_a_large_catalogue_answers_from_the_previous_one_while_the_new_one_is_built(monkeypatch):
    """Whole catalogues only: the previous one until the new one is built, in one thread however many ask."""
    import threading

    from directory.services import catalogue_changed, catalogue_version
    from referral.triage import cache

    monkeypatch.setattr(cache, "BACKGROUND_FROM", 1)
    previous = cache.load_catalogue()
    catalogue_changed(everything=True)
    release, builds = threading.Event(), []

    def slow_build(version, lang):
        builds.append(version)
        release.wait(5)
        return _copy(previous, version)

    monkeypatch.setattr(cache, "_shared_build", slow_build)
    assert cache.load_catalogue() is previous  # no waiting: the previous catalogue answers
    assert cache.load_catalogue() is previous
    thread = cache.build_in_background(catalogue_version(), "en")
    assert thread is None  # already being built: not twice
    release.set()
    for running in [t for t in threading.enumerate() if t.name.startswith("catalogue-")]:
        running.join(5)
    assert builds == [catalogue_version()]
    assert cache.load_catalogue().version == catalogue_version()


def _copy(catalogue, version):
    import copy

    made = copy.copy(catalogue)
    made.version = version
    return made
