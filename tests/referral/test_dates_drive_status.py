"""Dates drive status: past its end date a programme is ended everywhere, before its start date it
is listed but never suggested; nobody has to edit it. Frozen clocks on both sides of each date."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from directory.models import Programme
from directory.services import ADMIN, Author, programme_update

pytestmark = pytest.mark.django_db
LJ = ZoneInfo("Europe/Ljubljana")
FACTS = {"migration_status": "third_country_regular", "municipality": "ljubljana"}


def status(client, slug, moment, facts=FACTS):
    with time_machine.travel(moment, tick=False):
        results = client.post("/api/triage/", facts, content_type="application/json").json()["results"]
    return next(r for r in results if r["programme"] == slug)


def test_the_day_centre_is_suggested_until_its_end_date_and_ended_after(client):
    assert Programme.objects.get(slug="migrant-day-centre").end_date == date(2027, 12, 31)
    assert status(client, "migrant-day-centre", datetime(2027, 12, 31, 12, tzinfo=LJ))["status"] == "eligible"
    after = status(client, "migrant-day-centre", datetime(2028, 1, 1, 9, tzinfo=LJ))
    assert after["status"] == "excluded" and after["reasons"][0]["text"] == "This programme has ended."


def test_an_ended_programme_leaves_the_directory_list_and_shows_as_ended(client):
    with time_machine.travel(datetime(2028, 1, 2, 10, tzinfo=LJ), tick=False):
        listed = [p.slug for p in client.get("/directory/").context["page"]]
        ended = [p.slug for p in client.get("/directory/", {"status": "ended"}).context["page"]]
        page = client.get("/directory/migrant-day-centre/").content.decode()
    assert "migrant-day-centre" not in listed and "migrant-day-centre" in ended
    assert "Ended" in page


def test_a_programme_not_started_yet_is_listed_but_not_suggested(client):
    pats = Programme.objects.get(slug="pats")
    programme_update(programme=pats, data={"start_date": date(2027, 3, 1)}, author=Author(via=ADMIN))
    facts = {"migration_status": "asylum_applicant"}
    before = status(client, "pats", datetime(2027, 2, 28, 12, tzinfo=LJ), facts)
    assert before["status"] == "excluded" and before["reasons"][0]["text"] == "This programme has not started yet."
    assert status(client, "pats", datetime(2027, 3, 1, 8, tzinfo=LJ), facts)["status"] == "eligible"
    with time_machine.travel(datetime(2027, 2, 28, 12, tzinfo=LJ), tick=False):
        assert "Starts 1. 3. 2027" in client.get("/directory/pats/").content.decode()


def test_the_hsds_export_calls_a_programme_past_its_end_date_defunct(client):
    with time_machine.travel(datetime(2028, 1, 2, 10, tzinfo=LJ), tick=False):
        services = client.get("/api/hsds/services/", {"per_page": 100}).json()["contents"]
    day_centre = str(Programme.objects.get(slug="migrant-day-centre").uid)
    assert next(s for s in services if s["id"] == day_centre)["status"] == "defunct"
