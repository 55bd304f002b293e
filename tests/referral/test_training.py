"""Training end to end: the case's moment, an attempt read from the story, feedback in plain
words, progress, cohorts, the CSV, the admin's key check and who may see what."""

import csv
import io

import pytest
import time_machine
from django.contrib import messages
from django.urls import reverse

from referral.models import Attempt, Cohort, Scenario
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db
SLUG = "boy-begging-at-market"  # Saturday 11:00, Maribor: social work centre, TOM, Ključ
NIGHT = "temporary-protection-koper-night"  # Friday 22:00, Koper


def answer_facts(client, slug, answers):
    data = {f"{key}-answer": value for key, value in answers.items()}
    return client.post(f"/training/{slug}/", data)


def run_attempt(client, picked, answers=None, slug=SLUG):
    answers = answers or {"age_group": "minor", "exploitation": ["begging"], "immediate_danger": "no"}
    response = answer_facts(client, slug, answers)
    assert response["Location"] == f"/training/{slug}/refer/"
    assert client.get(f"/training/{slug}/refer/").status_code == 200
    return client.post(f"/training/{slug}/refer/", {"picked": picked}, HTTP_ACCEPT_LANGUAGE="en")


def test_a_case_happens_at_its_weekday_and_hour_or_on_its_holiday(client):
    page = client.get(f"/training/{NIGHT}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Friday, 10 p.m." in page
    christmas = client.get("/training/christmas-kitchen-worker/", HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert "Božič (25. december), 10:00" in christmas


def test_feedback_in_plain_words_counts_what_was_found_and_where_she_could_not_go(client):
    response = run_attempt(client, ["social-work-centre", "tom-telefon", "prostitution-support"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "You found 2 of the 3 services the person needs." in page
    assert "One choice would have sent the person somewhere they cannot use." in page
    assert "Only for people in prostitution." in page  # the rule's own reason for the wrong pick
    assert "precision" not in page.lower() and "recall" not in page.lower()
    assert response.context["score"].value == pytest.approx(1 / 3)
    assert "Nothing was saved." in page and Attempt.objects.count() == 0


def test_a_good_choice_outside_the_key_is_named_and_never_penalised(client):
    response = run_attempt(client, ["social-work-centre", "tom-telefon", "kljuc-hotline", "caritas-24h-line"])
    assert response.context["score"].passed
    assert [p.slug for p in response.context["also_right"]] == ["caritas-24h-line"]
    assert "Well done" in response.content.decode()


def test_a_critical_miss_fails_the_case_and_says_why(client):
    response = run_attempt(client, ["tom-telefon", "kljuc-hotline"])
    assert response.context["score"].critical_misses == ["social-work-centre"]
    assert response.context["score"].value == 0.0
    assert "the social work centre must always be involved" in response.content.decode()


def test_the_night_case_names_who_can_be_reached_at_its_hour(client):
    answers = {"migration_status": "temporary_protection", "exploitation": ["labour"], "municipality": "koper"}
    response = run_attempt(client, ["caritas-24h-line"], answers, slug=NIGHT)
    reachable = [p.slug for p in response.context["reachable"]]
    assert reachable == ["caritas-24h-line"]  # Friday 22:00: the one line open
    assert "Who can be reached then (Friday, 10 p.m.)" in response.content.decode()


def test_feedback_lists_the_facts_the_trainee_got_wrong(client):
    response = run_attempt(client, ["social-work-centre"], {"age_group": "adult", "immediate_danger": "no"})
    labels = [row[0] for row in response.context["fact_errors"]]
    assert "Age" in labels and "What happened" in labels


def test_the_refer_step_suggests_what_the_rules_say_at_the_case_moment(client):
    answer_facts(client, NIGHT, {"migration_status": "temporary_protection", "exploitation": ["labour"]})
    suggested = {p.slug for p in client.get(f"/training/{NIGHT}/refer/").context["suggested"]}
    assert {"uoim-integration-support", "caritas-24h-line", "labour-inspectorate"} <= suggested
    assert "pats" not in suggested


def test_picking_nothing_is_an_error(client):
    answer_facts(client, SLUG, {})
    response = client.post(f"/training/{SLUG}/refer/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Pick at least one programme" in response.content.decode()


def test_the_refer_step_without_facts_goes_back_to_the_story(client):
    assert client.get(f"/training/{SLUG}/refer/")["Location"] == f"/training/{SLUG}/"


def test_an_invalid_answer_is_refused_next_to_the_question(client):
    response = answer_facts(client, SLUG, {"age_group": "ancient"})
    assert response.status_code == 400
    assert 'id="id_age_group-answer-error"' in response.content.decode()


def test_a_signed_in_trainee_keeps_attempts_and_sees_progress_per_topic(client):
    trainee = make_user("trainee")
    client.force_login(trainee)
    run_attempt(client, ["social-work-centre", "tom-telefon", "kljuc-hotline"])
    run_attempt(client, ["social-work-centre", "tom-telefon"])
    attempts = Attempt.objects.filter(user=trainee).order_by("created_at")
    assert [(a.found, a.required, round(a.score, 2)) for a in attempts] == [(3, 3, 1.0), (2, 3, 0.67)]
    response = client.get("/training/progress/")
    tags = {str(row["tag"]): row for row in response.context["tags"]}
    assert set(tags) == {"Forced begging", "Child", "EU citizen"}
    assert tags["Child"]["mean"] == pytest.approx((1.0 + 2 / 3) / 2)


def test_a_topic_got_wrong_comes_back_on_the_progress_page_the_next_day(client):
    trainee = make_user("trainee")
    client.force_login(trainee)
    run_attempt(client, ["tom-telefon"])  # the social work centre missed
    assert client.get("/training/progress/").context["due"] == []
    with time_machine.travel("2026-12-01 09:00 +01:00", tick=False):
        client.force_login(trainee)  # a new day, a new sign-in
        due = client.get("/training/progress/").context["due"]
        topics = {str(item["topic"]) for item in due}
        assert topics == {"Forced begging", "Child", "EU citizen"}
        assert all("Child" not in str(item["topic"]) or "minor" in item["case"].tags for item in due)
        assert "Due for practice again" in client.get("/training/").content.decode()


def test_progress_needs_sign_in(client):
    assert client.get("/training/progress/")["Location"].startswith("/accounts/login/")


@pytest.fixture
def fixed_attempts():
    scenario = Scenario.objects.get(slug=SLUG)
    cohort = Cohort.objects.create(name="Police academy 2026")
    for name, picked, found in [("t1", ["social-work-centre"], 1), ("t2", ["social-work-centre", "tom-telefon"], 2)]:
        user = make_user(name)
        cohort.members.add(user)
        Attempt.objects.create(
            user=user, scenario=scenario, picked=picked, missed=["kljuc-hotline"], precision=1, recall=found / 3,
            required=3, found=found,
        )  # fmt: skip
    cohort.cases.add(scenario)
    return scenario


def test_staff_see_a_cohort_by_topic_and_each_case_with_its_common_misses(client, fixed_attempts):
    client.force_login(make_user("admin", staff=True))
    response = client.get("/training/cohort/")
    rows = {row["scenario"].slug: row for row in response.context["rows"]}
    assert rows[SLUG]["attempts"] == 2 and rows[SLUG]["score"] == pytest.approx(0.5)
    assert rows[SLUG]["common_misses"][0] == ("kljuc-hotline", 2)
    assert rows["pressed-to-sell-a-kidney"]["attempts"] == 0
    (cohort,) = response.context["cohorts"]
    topics = {str(row["topic"]): row for row in cohort["topics"]}
    assert topics["Child"]["trainees"] == 2 and topics["Child"]["score"] == pytest.approx(0.5)


def test_assigned_cases_are_shown_to_the_cohort_members(client, fixed_attempts):
    client.force_login(make_user("outsider"))
    assert client.get("/training/").context["assigned"] == []
    client.force_login(fixed_attempts.cohorts.get().members.get(username="t1"))
    assert [s.slug for s in client.get("/training/").context["assigned"]] == [SLUG]


def test_cohort_csv_is_formula_safe(client, fixed_attempts):
    Scenario.objects.filter(slug=SLUG).update(title_en="=HYPERLINK()")
    Attempt.objects.update(missed=["=cmd|' /C calc'!A0"])
    client.force_login(make_user("admin", staff=True))
    response = client.get("/training/cohort.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    row = next(r for r in rows if r["scenario"] == SLUG)
    assert (row["attempts"], row["mean_score"]) == ("2", "0.500")
    assert row["most_common_misses"].startswith("'=cmd")


@pytest.mark.parametrize("url", ["/training/cohort/", "/training/cohort.csv"])
def test_cohorts_are_for_staff_only(client, url):
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(make_user("trainee"))
    assert client.get(url).status_code == 403


def test_the_admin_warns_of_a_key_the_rules_disagree_with(client, admin_user):
    client.force_login(admin_user)
    scenario = Scenario.objects.get(slug=SLUG)
    data = {
        "slug": scenario.slug, "title_sl": "x", "title_en": "x", "story_sl": "x", "story_en": "x",
        "facts": '{"age_group": "minor"}', "key": '["prostitution-support"]', "also_right": "[]",
        "wrong": '["social-work-centre"]', "difficulty": "easy", "tags": "[]", "weekday": "5", "hour": "11",
        "holiday": "", "accepted": "{}",
    }  # fmt: skip
    url = reverse("admin:referral_scenario_change", args=[scenario.pk])
    response = client.post(url, data, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert any("do not suggest these expert referrals: prostitution-support" in t for t in texts)
    assert any("key calls wrong: social-work-centre" in t for t in texts)
    assert all(m.level == messages.WARNING for m in response.context["messages"] if "rules" in str(m))
    client.get("/training/")  # the next training request checks it and hides it
    assert Scenario.objects.get(slug=SLUG).flagged


def test_the_list_goes_easy_medium_hard_and_shows_topics_and_moments_as_words(client):
    response = client.get("/training/", HTTP_ACCEPT_LANGUAGE="en")
    order = {"easy": 0, "medium": 1, "hard": 2}
    difficulties = [order[scenario.difficulty] for scenario, *_rest in response.context["rows"]]
    assert difficulties == sorted(difficulties) and set(difficulties) == {0, 1, 2}
    page = response.content.decode()
    assert "Illegal adoption" in page and "EU citizen" in page and "At night" in page
    assert "illegal_adoption" not in page and "eu-citizen" not in page
    assert "Friday, 10 p.m." in page
