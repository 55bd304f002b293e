"""Public pages: home, programme and organisation detail, friendly 404, escaping, safe-house secrecy."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from directory.models import Location, Organisation, Programme
from tests.directory.factories import make_programme

pytestmark = pytest.mark.django_db

MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Ljubljana"))
SUNDAY_22 = datetime(2026, 11, 29, 22, 0, tzinfo=ZoneInfo("Europe/Ljubljana"))


def test_home_lists_helplines_open_right_now(client):
    with time_machine.travel(MONDAY_10, tick=False):
        page = client.get("/").content.decode()
    assert "080 17 22" in page and "080 11 55" in page and 'href="tel:112"' in page


def test_home_at_night_leaves_out_closed_helplines(client):
    with time_machine.travel(SUNDAY_22, tick=False):
        page = client.get("/").content.decode()
    assert "080 17 22" not in page
    assert "080 11 55" in page


def test_programme_page_shows_eligibility_offers_contacts_and_hours(client):
    with time_machine.travel(MONDAY_10, tick=False):
        response = client.get("/directory/kljuc-hotline/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="tel:+386801722"' in page and ">080 17 22<" in page
    assert 'href="mailto:info@drustvo-kljuc.si"' in page
    assert "09:00–13:00" in page
    assert "Open now" in page or "Odprto zdaj" in page
    assert "Ključ" in page


def test_programme_page_shows_funder_since_and_figures(client):
    page = client.get("/directory/crisis-accommodation/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "MDDSZ" in page and "2006" in page and "63 victims" in page
    assert "Not yet verified by the provider" in page


def test_verified_programme_shows_how_long_ago_but_not_who(client):
    user = get_user_model().objects.create_user("ngo-kljuc")
    Programme.objects.filter(slug="pats").update(
        last_verified_at=timezone.now() - timedelta(days=200), verified_by=user
    )
    page = client.get("/directory/pats/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not verified for 200 days" in page and "ngo-kljuc" not in page


def test_english_browser_gets_english_content(client):
    page = client.get("/directory/pats/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert "Applicants for international protection" in page


def test_slovenian_content_is_the_default(client):
    page = client.get("/directory/pats/", HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert '<html lang="sl" dir="ltr">' in page
    assert "Prosilci za mednarodno zaščito" in page


def test_ended_programme_page_warns_not_to_refer(client):
    page = client.get("/directory/pogum/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This programme has ended" in page


def test_organisation_page_lists_its_programmes(client):
    response = client.get("/organisations/kljuc/")
    listed = {p.slug for p in response.context["organisation"].programmes.all()}
    assert {"safe-accommodation", "pats", "kljuc-hotline", "pogum"} <= listed
    assert "crisis-accommodation" not in listed


@pytest.mark.parametrize("url", ["/directory/no-such-programme/", "/organisations/no-such-org/"])
def test_unknown_slug_gets_a_friendly_404(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Search the directory" in response.content.decode()


def test_script_in_search_is_shown_escaped(client):
    payload = '<script>alert("x")</script>'
    page = client.get("/directory/", {"q": payload}).content.decode()
    assert payload not in page
    assert "&lt;script&gt;" in page


def test_script_in_content_is_shown_escaped(client):
    make_programme("xss", name_sl="<script>alert(1)</script>", description_sl="<img src=x onerror=alert(1)>")
    for url in ["/directory/xss/", "/directory/", "/organisations/kljuc/"]:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="sl").content.decode()
        assert "<script>alert(1)</script>" not in page, url
        assert "<img src=x" not in page, url


def test_confidential_address_is_never_shown(client):
    kljuc = Organisation.objects.get(slug="kljuc")
    secret = Location.objects.create(
        organisation=kljuc,
        name_sl="Zatočišče",
        name_en="Shelter",
        address="Skrivna ulica 7",
        city="Krško",
        postal_code="8270",
        confidential=True,
    )
    Programme.objects.get(slug="safe-accommodation").locations.add(secret)
    for url in ["/directory/safe-accommodation/", "/organisations/kljuc/", "/directory/", "/"]:
        assert "Skrivna ulica" not in client.get(url).content.decode(), url


def test_public_address_is_shown(client):
    page = client.get("/directory/migrant-counselling-office/").content.decode()
    assert "Dalmatinova ulica 4" in page


def test_every_public_page_has_the_quick_exit_and_a_skip_link(client):
    for url in ["/", "/directory/", "/directory/pats/", "/organisations/kljuc/", "/directory/nope/"]:
        page = client.get(url).content.decode()
        assert 'id="quick-exit"' in page and 'href="#main"' in page, url


def test_directory_list_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    params = {"municipality": "kranj", "language": "sl", "q": "programme"}
    # municipality + language lookups (validation), the catalogue version, count, page with
    # organisation, contacts, hours, languages, terms, areas, then the four select boxes
    # (terms x2, municipalities, languages); and search's thesaurus and places for this version,
    # and whether any programme holds the word at all (for "did you mean")
    make_programme("extra-0", contacts=1)
    with django_assert_num_queries(17):
        first = client.get("/directory/", params)
    for n in range(1, 15):
        make_programme(f"extra-{n}", contacts=3)  # each change raises the catalogue version
    with django_assert_num_queries(17):
        more = client.get("/directory/", params)
    assert more.context["page"].paginator.count == first.context["page"].paginator.count + 14


def test_the_same_directory_page_within_a_minute_is_served_from_the_cache(client, django_assert_num_queries):
    params = {"municipality": "kranj", "language": "sl", "q": "programme"}
    cold = client.get("/directory/", params).content.decode()
    with django_assert_num_queries(3):  # the two lookups that validate the filters, the version
        warm = client.get("/directory/", params).content.decode()
    assert warm.split("<main")[1] == cold.split("<main")[1]  # the same page, but for the CSRF tokens
    client.get("/directory/")
    with django_assert_num_queries(1):  # no filter to validate: the version only
        client.get("/directory/")


def test_a_change_or_the_next_minute_shows_fresh_cards(client):
    import time_machine

    from directory.models import Programme
    from directory.services import Author, programme_update

    assert "Open now" in client.get("/directory/", {"q": "Ključ"}).content.decode()
    programme = Programme.objects.get(slug="kljuc-hotline")
    programme_update(programme=programme, data={"name_en": "Ključ line, renamed"}, author=Author(None, "admin"))
    assert "Ključ line, renamed" in client.get("/directory/", {"q": "Ključ"}).content.decode()
    with time_machine.travel("2026-11-30 13:01 +01:00", tick=False):  # the helpline closed at 13:00
        later = client.get("/directory/", {"q": "Ključ"}).content.decode()
    assert "Closed now" in later


def test_the_cache_holds_no_search_words(client):
    from django.core.cache import cache

    client.get("/directory/", {"q": "zelo-posebna-beseda"})
    stored = [key for key in cache._cache]  # the local memory cache: every key and value
    assert stored and not any("zelo-posebna-beseda" in str(key) for key in stored)
    assert not any(b"zelo-posebna-beseda" in value for value in cache._cache.values())


def test_programme_page_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    from directory.services import Author, programme_verify
    from tests.directory.users import make_user

    # A verified programme says so (never which account): that must not cost a query of its own.
    programme_verify(programme=Programme.objects.get(slug="safe-accommodation"), author=Author(make_user("ngo-kljuc")))
    # programme + organisation + verifier, contacts, hours, languages, terms, areas, funders, locations
    with django_assert_num_queries(8):
        page = client.get("/directory/safe-accommodation/").content.decode()
    assert "Confirmed by the provider" in page and "ngo-kljuc" not in page
