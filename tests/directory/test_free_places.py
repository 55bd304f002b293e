"""Free places (HSDS 3.1 service_capacity): kept by the provider in two taps, shown with their age,
unknown after 24 hours, full programmes listed after those with places."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from directory.models import Programme
from directory.services import Author, places_update
from tests.directory.users import make_user, named_users

pytestmark = pytest.mark.django_db
LJ = ZoneInfo("Europe/Ljubljana")
URL = "/manage/programmes/safe-accommodation/places/"
MONDAY_10 = datetime(2026, 11, 30, 10, tzinfo=LJ)


def at_version(data):
    """A post from the page as it was loaded: with the version it showed."""
    return {**data, "version": Programme.objects.get(slug="safe-accommodation").version}


def set_places(slug, available, total=20, at=MONDAY_10):
    with time_machine.travel(at, tick=False):
        places_update(programme=Programme.objects.get(slug=slug), available=available, total=total, author=Author())


@pytest.mark.parametrize(
    "who, status",
    [("anonymous", 302), ("trainee", 403), ("kljuc member", 200), ("karitas member", 403), ("staff", 200)],
)
def test_who_may_update_free_places(client, who, status):
    user = named_users()[who]
    if user:
        client.force_login(user)
    assert client.get(URL).status_code == status
    response = client.post(URL, at_version({"available": "3", "total": "20", "action": "save"}))
    assert response.status_code == (302 if status == 200 else status)
    assert (Programme.objects.get(slug="safe-accommodation").places_available == 3) is (status == 200)


def test_a_member_updates_free_places_in_two_taps_with_who_and_when_kept(client):
    member = named_users()["kljuc member"]
    client.force_login(member)
    client.post(URL, at_version({"available": "3", "total": "20", "action": "save"}))
    client.post(URL, at_version({"available": "3", "total": "20", "action": "minus"}))
    programme = Programme.objects.get(slug="safe-accommodation")
    assert (programme.places_available, programme.places_total, programme.places_updated_by) == (2, 20, member)
    client.post(URL, at_version({"available": "2", "total": "20", "action": "full"}))
    assert Programme.objects.get(slug="safe-accommodation").places_available == 0
    record = programme.history.first()
    assert (record.history_user, record.history_change_reason) == (member, "manage:places")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"available": "-1", "action": "save"}, "greater than or equal to 0"),
        ({"available": "5", "total": "4", "action": "save"}, "more free places than places in all"),
        ({"available": "4", "total": "4", "action": "plus"}, "more free places than places in all"),
        ({"available": "many", "action": "save"}, "whole number"),
    ],
)
def test_impossible_figures_are_refused_next_to_the_field(client, data, message):
    client.force_login(named_users()["staff"])
    response = client.post(URL, at_version(data))
    assert response.status_code == 400 and message in response.content.decode()
    assert Programme.objects.get(slug="safe-accommodation").places_available is None


def test_only_accommodation_programmes_keep_free_places(client):
    client.force_login(named_users()["staff"])
    assert client.get("/manage/programmes/kljuc-hotline/places/").status_code == 404


def test_free_places_show_with_their_age_and_become_unknown_after_24_hours(client):
    set_places("safe-accommodation", 2)
    with time_machine.travel(MONDAY_10 + timedelta(hours=3), tick=False):
        page = client.get("/directory/safe-accommodation/").content.decode()
    assert "2 of 20 places free, updated 3 hours ago" in page
    with time_machine.travel(MONDAY_10 + timedelta(hours=25), tick=False):
        page = client.get("/directory/safe-accommodation/").content.decode()
    assert "Free places not known (last update 25 hours ago)" in page


def test_the_api_carries_capacity_and_lists_full_programmes_after_those_with_places(client):
    facts = {"needs": ["accommodation"], "police_identified": True, "police_cooperation": "yes"}
    set_places("crisis-accommodation", 0)
    set_places("safe-accommodation", 4)
    with time_machine.travel(MONDAY_10 + timedelta(hours=1), tick=False):
        results = client.post("/api/triage/", facts, content_type="application/json").json()["results"]
    order = [r["programme"] for r in results]
    assert order.index("safe-accommodation") < order.index("crisis-accommodation")
    crisis = next(r for r in results if r["programme"] == "crisis-accommodation")
    assert crisis["capacity"] == {"available": 0, "total": 20, "updated": "2026-11-30T10:00:00+01:00"}
    assert next(r for r in results if r["programme"] == "pats")["capacity"] is None
    with time_machine.travel(MONDAY_10 + timedelta(hours=30), tick=False):  # the "full" is too old to count
        later = client.post("/api/triage/", facts, content_type="application/json").json()["results"]
    order = [r["programme"] for r in later]
    assert order.index("crisis-accommodation") < order.index("safe-accommodation")


def test_results_and_sheet_say_no_free_places_reported_call_to_check(client):
    set_places("crisis-accommodation", 0)
    with time_machine.travel(MONDAY_10 + timedelta(hours=1), tick=False):
        client.post("/triage/")
        for key, value in [("immediate_danger", "yes"), ("needs", ["accommodation"])]:
            client.post(f"/triage/q/{key}/", {"answer": value})
        client.post("/triage/q/police_identified/", {"answer": "yes"})
        results = client.get("/triage/results/").content.decode()
        sheet = client.get("/triage/sheet/", {"lang": "en"}).content.decode()
    assert "No free places reported — call to check" in results
    assert sheet.count("No free places reported: call to check") == 2  # print view and its text


def test_more_free_places_than_the_stored_total_is_an_error_by_the_field_not_a_500(client):
    from directory.services import Author, places_update

    programme = Programme.objects.get(slug="crisis-accommodation")
    places_update(programme=programme, available=2, total=4, author=Author(None))
    client.force_login(make_user("ngo-karitas", org="karitas"))
    data = {"available": "9", "action": "save", "version": programme.version}
    response = client.post("/manage/programmes/crisis-accommodation/places/", data)
    assert response.status_code == 400
    assert "more free places than places in all" in str(response.context["form"].errors["available"])
    programme.refresh_from_db()
    assert programme.places_available == 2


def test_two_phones_pressing_minus_one_at_once_lose_no_update(client):
    """Both loaded the page at 2 free places; the second press is refused and shows the new figure."""
    set_places("safe-accommodation", 2)
    client.force_login(named_users()["kljuc member"])
    loaded = at_version({"available": "2", "total": "20", "action": "minus"})
    assert client.post(URL, loaded).status_code == 302
    second = client.post(URL, loaded)
    assert second.status_code == 409
    assert "now 1 free place" in second.content.decode()
    assert Programme.objects.get(slug="safe-accommodation").places_available == 1
    again = client.post(URL, at_version({"available": "1", "total": "20", "action": "minus"}))
    assert again.status_code == 302 and Programme.objects.get(slug="safe-accommodation").places_available == 0


def test_eight_plus_one_presses_from_the_same_loaded_page_count_once_and_refuse_seven():
    """Eight requests read the same version; the write path lets exactly one through."""
    from directory.services import StaleEdit

    set_places("safe-accommodation", 0)
    loaded = [Programme.objects.get(slug="safe-accommodation") for _ in range(8)]
    version = loaded[0].version
    outcomes = []
    for programme in loaded:
        try:
            places_update(programme=programme, available=1, author=Author(), expected_version=version)
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("refused")
    assert outcomes.count("saved") == 1 and outcomes.count("refused") == 7
    assert Programme.objects.get(slug="safe-accommodation").places_available == 1
