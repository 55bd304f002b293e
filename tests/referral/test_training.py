"""Training end to end: scenarios, an attempt, feedback, progress, cohort view and CSV, admin check."""

import csv
import io

import pytest
from django.contrib import messages
from django.urls import reverse

from referral.models import Attempt, Scenario
from referral.training.scoring import disagreements
from referral.triage.services import triage
from referral.vocabulary import FACTS
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db
SLUG = "boy-begging-at-market"


def test_there_are_at_least_15_scenarios_covering_every_form_and_group():
    scenarios = list(Scenario.objects.all())
    assert len(scenarios) >= 15
    forms = {form for s in scenarios for form in s.facts.get("exploitation", [])}
    assert forms == set(FACTS["exploitation"].values)
    statuses = {s.facts.get("migration_status") for s in scenarios}
    assert set(FACTS["migration_status"].values) <= statuses
    assert {"adult", "minor"} <= {s.facts.get("age_group") for s in scenarios}
    assert any(s.facts.get("immediate_danger") for s in scenarios)
    assert any(s.facts.get("wants_anonymity") for s in scenarios)
    worked = {
        "asylum-seeker-sexual-violence",
        "construction-worker-unpaid",
        "danger-now-ljubljana",
        "identified-cooperating-needs-shelter",
        "sex-worker-no-exit",
    }
    assert worked <= {s.slug for s in scenarios}
    assert all(s.story_sl and s.story_en and s.title_sl and s.title_en for s in scenarios)


def test_every_fixture_key_agrees_with_the_rules():
    for scenario in Scenario.objects.all():
        found = disagreements(key=scenario.key, wrong=scenario.wrong, outcome=triage(scenario.facts))
        assert found == {"key_not_suggested": [], "wrong_but_suggested": []}, scenario.slug


def answer_facts(client, slug, answers):
    data = {f"{key}-answer": value for key, value in answers.items()}
    return client.post(f"/training/{slug}/", data)


def run_attempt(client, picked, answers=None):
    answers = answers or {"age_group": "minor", "exploitation": ["begging"], "immediate_danger": "no"}
    response = answer_facts(client, SLUG, answers)
    assert response["Location"] == f"/training/{SLUG}/refer/"
    refer = client.get(f"/training/{SLUG}/refer/")
    assert refer.status_code == 200
    return client.post(f"/training/{SLUG}/refer/", {"picked": picked}, HTTP_ACCEPT_LANGUAGE="en")


def test_an_anonymous_attempt_gets_feedback_and_stores_nothing(client):
    response = run_attempt(client, ["tom-telefon", "kljuc-hotline", "prostitution-support"])
    page = response.content.decode()
    assert response.status_code == 200
    score = response.context["score"]
    assert score.precision == pytest.approx(2 / 3) and score.recall == pytest.approx(2 / 3)
    assert score.critical_misses == ["social-work-centre"]
    assert "the social work centre must always be involved" in page
    assert "The person is a minor." in page  # the engine's reason for the missed programme
    assert "Nothing was saved." in page
    assert Attempt.objects.count() == 0


def test_feedback_lists_the_facts_the_trainee_got_wrong(client):
    response = run_attempt(client, ["social-work-centre"], {"age_group": "adult", "immediate_danger": "no"})
    labels = [row[0] for row in response.context["fact_errors"]]
    assert "Age" in labels and "What happened" in labels


def test_the_refer_step_shows_the_fields_own_suggestions_in_its_order(client):
    answer_facts(client, SLUG, {"age_group": "minor"})
    suggested = [p.slug for p in client.get(f"/training/{SLUG}/refer/").context["suggested"]]
    assert "social-work-centre" in suggested and "prostitution-support" not in suggested
    # The same ranking as the questionnaire and the API: the index, not a second implementation.
    api = client.post("/api/triage/", {"age_group": "minor"}, content_type="application/json").json()
    assert suggested == [r["programme"] for r in api["results"] if r["status"] != "excluded"]


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


def test_a_signed_in_trainee_keeps_attempts_and_sees_progress_per_tag(client):
    trainee = make_user("trainee")
    client.force_login(trainee)
    run_attempt(client, ["social-work-centre", "tom-telefon", "kljuc-hotline"])
    run_attempt(client, ["tom-telefon"])
    attempts = Attempt.objects.filter(user=trainee).order_by("created_at")
    assert [round(a.recall, 2) for a in attempts] == [1.0, 0.33]
    response = client.get("/training/progress/")
    tags = {row["tag"]: row for row in response.context["tags"]}
    assert set(tags) == {"Forced begging", "Child", "EU citizen"}
    assert tags["Child"]["mean"] == pytest.approx((1.0 + attempts[1].score) / 2)


def test_progress_needs_sign_in(client):
    assert client.get("/training/progress/")["Location"].startswith("/accounts/login/")


@pytest.fixture
def fixed_attempts():
    scenario = Scenario.objects.get(slug=SLUG)
    for name, picked, missed, precision, recall in [
        ("t1", ["social-work-centre"], ["tom-telefon", "kljuc-hotline"], 1.0, 1 / 3),
        ("t2", ["social-work-centre", "tom-telefon"], ["kljuc-hotline"], 1.0, 2 / 3),
    ]:
        Attempt.objects.create(
            user=make_user(name), scenario=scenario, picked=picked, missed=missed, precision=precision, recall=recall
        )
    return scenario


def test_staff_see_the_cohort_with_mean_score_and_common_misses(client, fixed_attempts):
    client.force_login(make_user("admin", staff=True))
    rows = {row["scenario"].slug: row for row in client.get("/training/cohort/").context["rows"]}
    row = rows[SLUG]
    assert row["attempts"] == 2
    assert row["recall"] == pytest.approx(0.5)
    assert row["score"] == pytest.approx((0.5 + 0.8) / 2)
    assert row["common_misses"][0] == ("kljuc-hotline", 2)
    assert rows["pressed-to-sell-a-kidney"]["attempts"] == 0


def test_cohort_csv_export(client, fixed_attempts):
    client.force_login(make_user("admin", staff=True))
    response = client.get("/training/cohort.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    row = next(r for r in rows if r["scenario"] == SLUG)
    assert (row["attempts"], row["mean_recall"], row["mean_score"]) == ("2", "0.500", "0.650")
    assert row["most_common_misses"].startswith("kljuc-hotline (2)")


@pytest.mark.parametrize("url", ["/training/cohort/", "/training/cohort.csv"])
def test_cohort_is_for_staff_only(client, url):
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(make_user("trainee"))
    assert client.get(url).status_code == 403


def test_the_admin_flags_a_key_that_disagrees_with_the_engine(client, admin_user):
    client.force_login(admin_user)
    scenario = Scenario.objects.get(slug=SLUG)
    data = {
        "slug": scenario.slug,
        "title_sl": "x",
        "title_en": "x",
        "story_sl": "x",
        "story_en": "x",
        "facts": '{"age_group": "minor"}',
        "key": '["prostitution-support"]',
        "wrong": '["social-work-centre"]',
        "difficulty": "easy",
        "tags": "[]",
    }
    url = reverse("admin:referral_scenario_change", args=[scenario.pk])
    response = client.post(url, data, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert any("do not suggest these expert referrals: prostitution-support" in t for t in texts)
    assert any("key calls wrong: social-work-centre" in t for t in texts)
    assert all(m.level == messages.WARNING for m in response.context["messages"] if "rules" in str(m))
    changelist = client.get(reverse("admin:referral_scenario_changelist")).content.decode()
    assert "icon-no" in changelist


def test_the_list_goes_easy_medium_hard_and_shows_topics_as_words(client):
    rows = client.get("/training/").context["rows"]
    order = {"easy": 0, "medium": 1, "hard": 2}
    difficulties = [order[scenario.difficulty] for scenario, _best in rows]
    assert difficulties == sorted(difficulties) and set(difficulties) == {0, 1, 2}
    page = client.get("/training/").content.decode()
    assert "Illegal adoption" in page and "EU citizen" in page
    assert "illegal_adoption" not in page and "eu-citizen" not in page
