"""The interview mode: the trainee asks the field questionnaire's questions, the case answers from
its facts ("I don't know" where the story is silent); the feedback counts the questions against
the questionnaire's own number for the case and says whether danger came first."""

import re

import pytest

from referral.models import Attempt, Scenario
from referral.questionnaire.forms import QuestionForm
from referral.questions import QUESTIONS
from referral.training.cases import questionnaire_minimum
from referral.triage.cache import load_catalogue
from referral.vocabulary import FACTS
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db
SLUG = "temporary-protection-koper-night"  # Friday 22:00 in Koper
URL = f"/training/{SLUG}/interview/"


def ask(client, key):
    return client.post(URL, {"ask": key}, HTTP_ACCEPT_LANGUAGE="en")


def test_the_case_answers_from_its_facts_and_says_it_does_not_know_the_rest(client):
    ask(client, "migration_status")
    ask(client, "languages")  # the story does not say
    transcript = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").context["transcript"]
    assert [answer for _question, answer in transcript] == ["Temporary protection (e.g. from Ukraine)", "I don’t know."]
    assert transcript[0][0] == QUESTIONS["migration_status"].title
    remaining = [q.key for q in client.get(URL).context["remaining"]]
    assert "migration_status" not in remaining and "immediate_danger" in remaining


def test_every_question_of_the_field_can_be_asked_and_each_answer_is_the_case_fact(client):
    scenario = Scenario.objects.get(slug=SLUG)
    for key in QUESTIONS:
        assert ask(client, key).status_code == 302
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["remaining"] == []
    answered = dict(zip(QUESTIONS, (a for _q, a in page.context["transcript"]), strict=True))
    assert answered["municipality"] == "Koper" and answered["wants_anonymity"] == "I don’t know."
    assert set(scenario.facts) <= set(QUESTIONS)


def test_the_feedback_counts_questions_against_the_questionnaire_and_danger_first(client):
    trainee = make_user("trainee")
    client.force_login(trainee)
    for key in ["immediate_danger", "needs", "migration_status", "exploitation", "municipality"]:
        ask(client, key)
    assert client.post(URL, {"finish": "1"})["Location"] == f"/training/{SLUG}/refer/"
    response = client.post(f"/training/{SLUG}/refer/", {"picked": ["caritas-24h-line"]}, HTTP_ACCEPT_LANGUAGE="en")
    minimum = questionnaire_minimum(load_catalogue(), Scenario.objects.get(slug=SLUG).facts)
    assert response.context["interview"] == {"asked": 5, "minimum": minimum, "danger_first": True}
    page = response.content.decode()
    assert f"You asked 5 questions; the questionnaire needs {minimum} for this case." in page
    assert "You asked about danger first" in page
    attempt = Attempt.objects.get(user=trainee)
    assert (attempt.questions, attempt.minimum, attempt.danger_first) == (5, minimum, True)
    # only what was asked is compared: facts never asked are not "read differently"
    assert {row[0] for row in response.context["fact_errors"]} == set()


def test_danger_not_asked_first_is_said_plainly(client):
    ask(client, "exploitation")
    ask(client, "immediate_danger")
    client.post(URL, {"finish": "1"})
    response = client.post(f"/training/{SLUG}/refer/", {"picked": ["kljuc-hotline"]}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["interview"]["danger_first"] is False
    assert "Ask whether the person is in danger first" in response.content.decode()


def test_the_minimum_is_what_the_field_questionnaire_asks_for_this_case(client):
    """Run the real questionnaire pages with the case's facts as the answers (a fact the case does
    not know is skipped) and count the questions until "check your answers"."""
    facts = Scenario.objects.get(slug=SLUG).facts
    client.post("/triage/")
    url, asked = "/triage/q/immediate_danger/", 0
    while "/triage/q/" in url:
        key = re.search(r"/triage/q/(\w+)/", url).group(1)
        asked += 1
        if key in facts:
            value = QuestionForm.initial_for(FACTS[key].kind, facts[key])
            response = client.post(url, {"answer": value})
        else:
            response = client.post(url, {"skip": "1"})
        url = response["Location"]
    assert asked == questionnaire_minimum(load_catalogue(), facts)


def test_finishing_without_a_question_or_asking_nothing_known_is_refused_kindly(client):
    response = client.post(URL, {"finish": "1"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Ask at least one question" in response.content.decode()
    response = client.post(URL, {"ask": "shoe_size"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Choose a question to ask." in response.content.decode()
    assert client.get(f"/training/{SLUG}/refer/")["Location"] == f"/training/{SLUG}/"
