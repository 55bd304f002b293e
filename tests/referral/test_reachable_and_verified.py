"""Every contact says whether it is open now, when it opens next, and whether its provider confirmed
it (with its source when not): in the API and CLI (vocabulary v1.1), on the results, the sheet,
its copy-as-text and the programme pages. Clocks frozen at the moments that matter."""

import json
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from directory.models import Programme
from directory.services import Author, programme_verify
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db
LJ = ZoneInfo("Europe/Ljubljana")
FACTS = {"exploitation": ["sexual"], "needs": ["accommodation"], "migration_status": "citizen"}


def contact(results, slug, kind="phone"):
    result = next(r for r in results if r["programme"] == slug)
    return next(c for c in result["contacts"] if c["kind"] == kind)


def api(client, moment, facts=FACTS):
    with time_machine.travel(moment, tick=False):
        return client.post("/api/triage/", facts, content_type="application/json").json()["results"]


@pytest.mark.parametrize(
    "moment, open_now, next_open",
    [
        (datetime(2026, 11, 30, 10, 0, tzinfo=LJ), True, None),  # a weekday morning
        (datetime(2026, 12, 4, 22, 0, tzinfo=LJ), False, "2026-12-07T09:00:00+01:00"),  # Friday 22:00
        (datetime(2026, 12, 5, 11, 0, tzinfo=LJ), False, "2026-12-07T09:00:00+01:00"),  # Saturday
        (datetime(2026, 12, 25, 10, 0, tzinfo=LJ), False, "2026-12-28T09:00:00+01:00"),  # 25 December
    ],
    ids=["weekday-morning", "friday-22h", "saturday", "christmas"],
)
def test_the_kljuc_line_says_when_it_opens_next(client, moment, open_now, next_open):
    phone = contact(api(client, moment), "kljuc-hotline")
    assert (phone["open_now"], phone["next_open"], phone["hours_known"]) == (open_now, next_open, True)


def test_a_24_7_line_is_open_at_christmas_with_no_next_opening(client):
    phone = contact(api(client, datetime(2026, 12, 25, 3, 0, tzinfo=LJ)), "caritas-24h-line")
    assert (phone["open_now"], phone["next_open"], phone["hours_known"]) == (True, None, True)


def test_a_contact_without_hours_says_they_are_not_known(client):
    email = contact(api(client, datetime(2026, 12, 4, 22, 0, tzinfo=LJ)), "kljuc-hotline", kind="email")
    assert (email["open_now"], email["next_open"], email["hours_known"]) == (None, None, False)


def test_contacts_say_whether_a_provider_verified_them_and_where_they_come_from(client):
    results = api(client, datetime(2026, 11, 30, 10, 0, tzinfo=LJ))
    press = contact(results, "caritas-24h-line")
    assert (press["verified"], press["verified_at"], press["source"]) == (False, None, "press")
    assert "2019" in press["source_note"]
    programme_verify(programme=Programme.objects.get(slug="kljuc-hotline"), author=Author(make_user("ngo-kljuc")))
    verified = contact(api(client, datetime(2026, 12, 1, 10, 0, tzinfo=LJ)), "kljuc-hotline")
    assert (verified["verified"], verified["verified_at"]) == (True, "2026-11-30")


def test_the_cli_carries_the_same_contact_facts(tmp_path):
    answers = tmp_path / "facts.json"
    answers.write_text(json.dumps(FACTS))
    out = StringIO()
    with time_machine.travel(datetime(2026, 12, 4, 22, 0, tzinfo=LJ), tick=False):
        call_command("triage", "--answers", str(answers), stdout=out)
    phone = contact(json.loads(out.getvalue())["results"], "kljuc-hotline")
    assert phone["next_open"] == "2026-12-07T09:00:00+01:00" and phone["source"] == "report"


def answer_all(client):
    client.post("/triage/")
    for key, value in [("immediate_danger", "no"), ("migration_status", "citizen"), ("exploitation", ["sexual"]),
                       ("needs", ["accommodation", "psychosocial"])]:  # fmt: skip
        client.post(f"/triage/q/{key}/", {"answer": value})


def test_results_sheet_and_text_say_when_closed_lines_open_and_what_is_unverified(client):
    with time_machine.travel(datetime(2026, 12, 4, 22, 0, tzinfo=LJ), tick=False):
        answer_all(client)  # answers unused for 2 hours are gone: answer at the moment of asking
        results = client.get("/triage/results/").content.decode()
        sheet = client.get("/triage/sheet/", {"lang": "en"}).content.decode()
    assert "opens Monday 7. 12. 09:00" in results
    assert "A press article" in results and "published in the press (2019)" in results
    text = sheet[sheet.index('id="sheet-text"') :]  # the sheet writes times the language's way
    assert "closed now, opens Monday 9 a.m." in text
    assert "details not confirmed by the provider (source: a press article, " in text
    assert "published in the press (2019)" in text


def test_the_programme_page_shows_verification_of_each_contact(client):
    programme_verify(programme=Programme.objects.get(slug="kljuc-hotline"), author=Author(make_user("ngo-kljuc")))
    page = client.get("/directory/kljuc-hotline/").content.decode()
    assert "Verified by the provider on 30. 11. 2026" in page
    caritas = client.get("/directory/caritas-24h-line/").content.decode()
    assert "Not verified" in caritas and "A press article" in caritas


def asylum_legal(client):
    client.post("/triage/")
    for key, value in [("immediate_danger", "no"), ("needs", ["legal"]), ("migration_status", "asylum_applicant")]:
        client.post(f"/triage/q/{key}/", {"answer": value})


def test_when_nothing_suitable_is_open_the_results_say_what_can_be_done_now_then_when(client):
    with time_machine.travel(datetime(2026, 12, 4, 22, 0, tzinfo=LJ), tick=False):  # Friday night
        asylum_legal(client)
        page = client.get("/triage/results/")
        sheet = client.get("/triage/sheet/", {"lang": "en"}).content.decode()
    now = [p.slug for p in page.context["now_lines"]]
    assert "caritas-24h-line" in now  # a 24-hour line for any suspected case
    assert all(slug not in now for slug in ("pats", "kljuc-hotline"))  # closed now
    later = {p.slug: when for p, when in page.context["next_openings"]}
    assert later["pats"].isoformat() == "2026-12-07T09:00:00+01:00"
    results = page.content.decode()
    assert "Nothing for this can be reached right now." in results and "These lines are open" in results
    assert "You can call these now" in sheet
    text = sheet[sheet.index('id="sheet-text"') :]
    assert "These open later:" in text and "opens Monday 9 a.m." in text


def test_when_something_suitable_is_open_no_such_section_is_shown(client):
    with time_machine.travel(datetime(2026, 11, 30, 10, 0, tzinfo=LJ), tick=False):  # Monday morning
        asylum_legal(client)
        page = client.get("/triage/results/")
    assert page.context["now_lines"] == [] and "Nothing for this can be reached" not in page.content.decode()
