"""The guided questionnaire: one question a page, skippable, Back, check answers, results, sheet."""

import logging
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db
MONDAY_10 = "2026-11-30 10:00 +01:00"


def answer(client, key, value=None, **extra):
    data = {"skip": "1"} if value is None else {"answer": value}
    return client.post(f"/triage/q/{key}/", {**data, **extra})


def next_key(response):
    assert response.status_code == 302, response.content[:500]
    return response["Location"].rstrip("/").split("/")[-1]


def test_start_begins_with_the_danger_question(client):
    response = client.post("/triage/")
    assert response["Location"] == "/triage/q/immediate_danger/"
    page = client.get("/triage/q/immediate_danger/").content.decode()
    assert "Is the person in danger right now?" in page or "nevarnosti" in page
    assert page.count("<h1") == 1


def test_each_answer_leads_to_the_question_that_matters_most(client):
    client.post("/triage/")
    assert next_key(answer(client, "immediate_danger", "no")) == "needs"
    assert next_key(answer(client, "needs", ["legal"])) == "exploitation"
    assert next_key(answer(client, "exploitation", ["sexual"])) == "age_group"


def test_every_question_can_be_skipped(client):
    client.post("/triage/")
    key = "immediate_danger"
    seen = []
    while key != "check":
        seen.append(key)
        key = next_key(answer(client, key))
    assert seen[0] == "immediate_danger" and len(seen) == len(set(seen))
    page = client.get("/triage/check/").content.decode()
    assert page.count("Don’t know") == len(seen)


def test_a_missing_answer_is_an_error_tied_to_the_field(client):
    client.post("/triage/")
    response = answer(client, "age_group", "")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page and 'href="#id_answer_0"' in page
    assert re.search(r'aria-describedby="[^"]*id_answer-error', page)
    assert "<title>Error:" in page


def test_none_of_these_cannot_be_combined(client):
    client.post("/triage/")
    response = client.post("/triage/q/needs/", {"answer": ["none", "legal"]})
    assert response.status_code == 200
    assert "cannot be chosen together" in response.content.decode()


def test_an_invalid_choice_is_refused_and_nothing_is_stored(client):
    client.post("/triage/")
    response = answer(client, "migration_status", "martian")
    assert response.status_code == 200
    assert "migration_status" not in client.session.get("triage", {}).get("answers", {})


def test_unknown_question_is_404(client):
    assert client.get("/triage/q/shoe_size/").status_code == 404


def test_back_goes_to_the_previous_question(client):
    client.post("/triage/")
    answer(client, "immediate_danger", "no")
    page = client.get("/triage/q/migration_status/").content.decode()
    assert 'href="/triage/q/immediate_danger/"' in page
    first = client.get("/triage/q/immediate_danger/").content.decode()
    assert 'href="/triage/"' in first
    assert 'value="no"' in first and "checked" in first  # the earlier answer is kept


def test_check_answers_has_a_change_link_per_answer(client):
    client.post("/triage/")
    answer(client, "immediate_danger", "no")
    answer(client, "migration_status", "citizen")
    page = client.get("/triage/check/").content.decode()
    assert 'href="/triage/q/immediate_danger/"' in page and 'href="/triage/q/migration_status/"' in page
    assert "Slovenian citizen" in page or "državljan" in page


def test_danger_puts_emergency_numbers_first_on_the_results(client):
    client.post("/triage/")
    answer(client, "immediate_danger", "yes")
    page = client.get("/triage/results/").content.decode()
    call_now = page.index('id="call-now-heading"')
    assert call_now < page.index('id="suitable-heading"')
    assert page.index('href="tel:112"') > call_now and page.index('href="tel:112"') < page.index(
        'id="suitable-heading"'
    )


def test_results_show_suitable_maybe_and_collapsed_not_suitable_with_reasons(client):
    client.post("/triage/")
    answer(client, "immediate_danger", "no")
    answer(client, "migration_status", "asylum_applicant")
    answer(client, "needs", ["legal", "psychosocial"])
    response = client.get("/triage/results/", HTTP_ACCEPT_LANGUAGE="en")
    suitable = {i.programme.slug for i in response.context["suitable"]}
    maybe = {i.programme.slug for i in response.context["maybe"]}
    excluded = {i.programme.slug for i in response.context["excluded"]}
    assert {"pats", "pic-asylum-legal-aid", "uoim-integration-support"} <= suitable
    assert "kljuc-hotline" in maybe and "pogum" in excluded
    page = response.content.decode()
    assert "The person has applied for international protection." in page
    assert "<details" in page and "Ask about" in page


def test_results_show_open_now_status_of_contacts(client):
    client.post("/triage/")
    answer(client, "immediate_danger", "no")
    answer(client, "exploitation", ["labour"])
    with time_machine.travel(MONDAY_10, tick=False):
        page = client.get("/triage/results/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Open now" in page and 'href="tel:+386801434"' in page


def test_referral_sheet_lists_services_and_never_describes_the_person(client):
    client.post("/triage/")
    answer(client, "immediate_danger", "no")
    answer(client, "migration_status", "third_country_undocumented")
    answer(client, "police_identified", "yes")
    answer(client, "police_cooperation", "yes")
    answer(client, "needs", ["accommodation"])
    answer(client, "exploitation", ["sexual"])
    page = client.get("/triage/sheet/", {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "080 17 22" in page and "Accommodation: a safe place to stay" in page
    for describing in [
        "identified the person",
        "cooperates with the police",
        "sexually exploited",
        "without valid papers",
        "is a victim",
    ]:
        assert describing not in page
    assert '<textarea id="sheet-text"' in page and "data-print" in page


def test_restart_clears_every_answer(client):
    client.post("/triage/")
    answer(client, "immediate_danger", "yes")
    client.post("/triage/restart/")
    assert not client.cookies["kazipot_private"].value  # deleted
    assert client.get("/triage/results/")["Location"] == "/triage/"


def test_answers_are_never_written_to_the_database_or_logs_only_the_gap_counters(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/triage/")
    with CaptureQueriesContext(connection) as queries:
        answer(client, "immediate_danger", "no")
        answer(client, "exploitation", ["forced_marriage"])
        answer(client, "municipality", "piran")
        client.get("/triage/results/")
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))]
    # Only the gap report's counters (DOMAIN.md v1.1): the region of Piran, not Piran, and no answer.
    # Only the gap counters, and the mark (a hash of the cookie's random id) that they counted it.
    tables = ('"referral_gapcount"', '"referral_sealmark"')
    assert writes and all(any(t in sql.split("SET")[0].split("VALUES")[0] for t in tables) for sql in writes)
    assert all("piran" not in sql and "forced_marriage" not in sql for sql in writes)
    assert any("obalno-kraska" in sql for sql in writes)
    assert "forced_marriage" not in caplog.text and "piran" not in caplog.text


def test_answers_live_in_a_browser_session_cookie_and_no_server_session_is_made(client):
    from django.contrib.sessions.models import Session

    client.post("/triage/")
    answer(client, "immediate_danger", "no")
    cookie = client.cookies["kazipot_private"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["max-age"] and not cookie["expires"]
    assert not Session.objects.exists()


def test_question_and_results_pages_run_a_constant_number_of_queries(client, django_assert_num_queries):
    client.post("/triage/")
    answer(client, "immediate_danger", "no")
    # every page with answers first asks whether their cookie was ended ("start again", quick exit)
    with django_assert_num_queries(1):
        client.get("/triage/q/age_group/")
    from referral.triage.cache import clear_cache

    clear_cache()
    # the question's choices come from the code; the first POST builds the rules: the catalogue
    # version, then criteria, areas, languages, needs served, hours, contacts, programmes,
    # municipalities, notes
    with django_assert_num_queries(1 + 10):
        answer(client, "age_group", "adult")
    # later requests reuse them while the catalogue is unchanged: only the version
    with django_assert_num_queries(1 + 1):
        answer(client, "gender", "female")
    # the version, then what the page shows: programmes with organisation, contacts, hours,
    # languages
    # ... and, the first time, the mark that this triage was counted (savepoint, insert, release)
    # and the gap report's counter: update, then savepoint, insert, release
    with django_assert_num_queries(1 + 5 + 3 + 4):
        client.get("/triage/results/")
    # the cards are cached for the minute: only the programmes with their organisations
    with django_assert_num_queries(1 + 2):
        client.get("/triage/results/")
    # the sheet shows every contact: all of it again
    with django_assert_num_queries(1 + 5):
        client.get("/triage/sheet/", {"lang": "en"})
    # municipalities for the select box
    with django_assert_num_queries(1 + 1):
        client.get("/triage/q/municipality/")


def test_long_result_lists_are_cut_with_a_count_of_the_rest(client):
    from tests.directory.factories import make_programme

    for n in range(40):  # no criteria: suitable for everyone
        make_programme(f"open-door-{n:02d}")
    client.post("/triage/")
    answer(client, "immediate_danger", "no")
    response = client.get("/triage/results/")
    assert len(response.context["suitable"]) == 30
    assert response.context["more_suitable"] >= 10
    assert "more. Answer more questions to narrow the list." in response.content.decode()


def test_results_cards_show_a_change_at_once_and_each_triage_its_own_reasons(client):
    # The programme part of each card is cached per catalogue version and minute; the reasons
    # come from each triage's answers.
    from directory.models import Programme
    from directory.services import ADMIN, Author, programme_update

    with time_machine.travel(MONDAY_10, tick=False):
        client.post("/triage/")
        answer(client, "immediate_danger", "no")
        answer(client, "migration_status", "asylum_applicant")
        first = client.get("/triage/results/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "PATS renamed" not in first
        pats = Programme.objects.get(slug="pats")
        programme_update(programme=pats, data={"name_en": "PATS renamed"}, author=Author(via=ADMIN))
        again = client.get("/triage/results/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "PATS renamed" in again

        other = Client()
        other.post("/triage/")
        answer(other, "immediate_danger", "no")
        answer(other, "migration_status", "international_protection")
        theirs = other.get("/triage/results/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "PATS renamed" in theirs
    assert "✓ The person has applied for international protection." in again
    assert "✓ The person has applied for international protection." not in theirs
