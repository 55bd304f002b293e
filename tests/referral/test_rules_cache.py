"""The triage rules are cached per language and keyed by the catalogue version in the database:
a change through the write path is seen at once by every process, a language switch or a
minute passing rebuilds nothing, and "open now" is worked out when results are shown."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import F

from directory.models import CatalogueVersion, Programme
from directory.services import ADMIN, Author, catalogue_version, programme_update
from referral import catalogue

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
    # hours, contacts, programmes, municipalities, pathway notes; after that only the version
    for lang, queries in [("sl", 9), ("en", 9), ("sl", 1), ("en", 1), ("sl", 1)]:
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
    assert {version for version, _lang in catalogue._CACHE} == {catalogue_version()}
