"""The worker's pages for "what can I do for her now, and next?": in danger, a call page at once;
results that open with a plan per need at the moment (or another one), worded for the worker's
role, which the device remembers apart from the answers; fallbacks from the hours, never fixed."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from referral.questionnaire.sealed import unseal

pytestmark = pytest.mark.django_db
LJ = ZoneInfo("Europe/Ljubljana")
FRIDAY_NIGHT = datetime(2026, 12, 4, 22, 0, tzinfo=LJ)
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=LJ)


def answer_all(client, answers):
    client.post("/triage/")
    for key, value in answers:
        client.post(f"/triage/q/{key}/", {"answer": value})


KOPER_NIGHT = [
    ("immediate_danger", "no"),
    ("needs", ["accommodation"]),
    ("police_identified", "no"),
    ("migration_status", "temporary_protection"),
    ("municipality", "koper"),
    ("exploitation", ["labour"]),
]


def test_in_danger_yes_opens_the_call_page_at_once_with_112_and_113_to_tap(client):
    client.post("/triage/")
    response = client.post("/triage/q/immediate_danger/", {"answer": "yes"})
    assert response["Location"] == "/triage/danger/"
    page = client.get("/triage/danger/")
    html = page.content.decode()
    assert html.index('href="tel:112"') < html.index('href="tel:113"')
    assert "What to say" in html and "Continue when safe" in html
    assert page.context["next"] == "/triage/q/needs/"  # the questions go on when it is safe
    assert "no-store" in page["Cache-Control"]


def test_in_danger_no_goes_straight_on_to_the_questions(client):
    client.post("/triage/")
    assert client.post("/triage/q/immediate_danger/", {"answer": "no"})["Location"] == "/triage/q/needs/"


def test_the_call_page_without_a_triage_goes_to_the_start(client):
    assert client.get("/triage/danger/")["Location"] == "/triage/"


def test_friday_night_in_koper_the_results_say_first_that_nothing_gives_a_bed_now(client):
    with time_machine.travel(FRIDAY_NIGHT, tick=False):
        answer_all(client, KOPER_NIGHT)
        page = client.get("/triage/results/")
    html = page.content.decode()
    plan = html[html.index('id="plan-heading"') : html.index("plan-settings")]
    assert "A safe place to stay" in plan and "Nothing for this can be reached right now." in plan
    assert plan.index("Nothing for this") < plan.index("These lines are open")
    assert 'href="tel:+38631470151"' in plan  # the Caritas 24-hour line, open now
    assert "080 17 22" in plan and "opens Monday 7. 12. 09:00" in plan  # safe accommodation, next
    assert "becomes possible once the police identify the person" in plan
    assert "Only the police can do this" in plan  # no role said: the police take that step
    assert "it becomes possible if the person can travel there" in plan  # Ljubljana's five-day place
    assert "Ključ helpline 080 17 22 for advice" not in html  # no fixed fallback that may be closed


def test_a_police_officer_is_told_they_can_start_identification(client):
    with time_machine.travel(FRIDAY_NIGHT, tick=False):
        answer_all(client, KOPER_NIGHT)
        client.post("/triage/role/", {"role": "police", "next": "/triage/results/"})
        html = client.get("/triage/results/").content.decode()
    assert "You can start this: formal identification is a step the police take." in html


def test_the_role_is_a_device_preference_never_part_of_the_answers(client):
    answer_all(client, KOPER_NIGHT)
    response = client.post("/triage/role/", {"role": "social_work", "next": "/triage/results/"})
    assert response["Location"] == "/triage/results/"
    assert client.cookies["kazipot_role"].value == "social_work"
    sealed = unseal(client.cookies["kazipot_private"].value)
    assert "social_work" not in repr(sealed)
    page = client.get("/triage/results/")
    assert page.context["role"] == "social_work"
    client.post("/triage/role/", {"role": "", "next": "/triage/results/"})  # forget it
    assert client.get("/triage/results/").context["role"] is None


def test_a_bad_role_or_a_foreign_next_is_refused_without_an_error_page(client):
    answer_all(client, KOPER_NIGHT)
    response = client.post("/triage/role/", {"role": "victim", "next": "https://evil.example/"}, follow=True)
    assert response.redirect_chain[0][0] == "/triage/results/"
    assert "Choose one of the roles in the list." in response.content.decode()
    assert "kazipot_role" not in client.cookies or not client.cookies["kazipot_role"].value


def test_planning_for_another_time_works_out_the_plan_for_that_moment(client):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        answer_all(client, [*KOPER_NIGHT[:4], ("municipality", "ljubljana"), ("exploitation", ["labour"])])
        now = client.get("/triage/results/")
        tonight = client.get("/triage/results/", {"at": "2026-11-30T22:00"})
    assert "mol-crisis-accommodation" in [s.programme.slug for s in now.context["plan"][0].now]
    assert "mol-crisis-accommodation" not in [s.programme.slug for s in tonight.context["plan"][0].now]
    assert "Plan for Monday 30. 11. 2026 22:00" in tonight.content.decode()
    assert [label for label, _ in now.context["presets"]] == ["Today at 22:00", "Tomorrow at 08:00"]


def test_a_wrong_time_is_shown_next_to_its_field_and_the_plan_stays_for_now(client):
    answer_all(client, KOPER_NIGHT)
    page = client.get("/triage/results/", {"at": "tonight"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="id_at-error"' in html and "Enter a date and time" in html
    assert "What you can do now, and next" in html


def test_planning_ahead_is_not_counted_again_in_the_gap_report(client):
    from referral.models import GapCount

    answer_all(client, KOPER_NIGHT)
    client.get("/triage/results/", {"at": "2026-12-01T08:00"})
    assert not GapCount.objects.exists()
    client.get("/triage/results/")
    assert GapCount.objects.count() == 1


def test_suitable_programmes_that_cannot_be_reached_are_marked_and_come_after(client):
    with time_machine.travel(FRIDAY_NIGHT, tick=False):
        answer_all(client, [*KOPER_NIGHT[:4], ("municipality", "ljubljana"), ("exploitation", ["labour"])])
        page = client.get("/triage/results/")
    suitable = page.context["suitable"]
    reachable = [item.reachable for item in suitable]
    assert reachable == sorted(reachable, reverse=True) and False in reachable
    assert "Cannot be reached at this time" in page.content.decode()


def test_an_empty_directory_search_offers_the_helplines_open_now_not_a_fixed_number(client):
    with time_machine.travel(FRIDAY_NIGHT, tick=False):
        night = client.get("/directory/", {"q": "zzzzzz"}).content.decode()
    assert "Ključ helpline 080 17 22" not in night and "080 17 22" not in night
    assert "031 470 151" in night or "080 11 55" in night  # a 24-hour line
    with time_machine.travel(MONDAY_MORNING, tick=False):
        morning = client.get("/directory/", {"q": "zzzzzy"}).content.decode()
    assert "080 17 22" in morning
