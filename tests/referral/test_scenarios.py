"""The worked scenarios (fixtures/worked_scenarios) pass through the real catalogue and rules."""

import pytest

from referral.models import Scenario
from referral.triage.services import triage
from tests.data import worked_scenarios

SCENARIOS = worked_scenarios()
pytestmark = pytest.mark.django_db


def test_the_five_worked_scenarios_are_project_data_and_training_cases():
    assert len(SCENARIOS) == 5
    training = {s.slug: s.facts for s in Scenario.objects.filter(slug__in=[slug for slug, _ in SCENARIOS])}
    assert training == {slug: scenario["facts"] for slug, scenario in SCENARIOS}


@pytest.mark.parametrize("scenario", [s for _, s in SCENARIOS], ids=[slug for slug, _ in SCENARIOS])
def test_scenario(scenario):
    results = triage(scenario["facts"])["results"]
    suggested = [r["programme"] for r in results if r["status"] in ("eligible", "possible")]
    expect = scenario["expect"]
    for slug in expect.get("suggest", []):
        assert slug in suggested, f"{slug} should be suggested"
    for slug in expect.get("not_suggest", []):
        assert slug not in suggested, f"{slug} should not be suggested"
    if expect.get("first_is_one_of"):
        assert suggested[0] in expect["first_is_one_of"]


def test_never_results_are_excluded_whatever_the_facts():
    facts = {"age_group": "minor", "exploitation": ["sexual"], "immediate_danger": True, "gender": "female"}
    status = {r["programme"]: r["status"] for r in triage(facts)["results"]}
    assert status["pogum"] == status["prava-zveza"] == status["missing-children-116000"] == "excluded"
    assert status["social-work-centre"] == "eligible" and status["tom-telefon"] == "eligible"


def test_a_minor_in_prostitution_goes_to_the_social_work_centre_not_prostitution_support():
    status = {r["programme"]: r["status"] for r in triage({"age_group": "minor", "in_prostitution": True})["results"]}
    assert status["prostitution-support"] == "excluded"
    assert status["social-work-centre"] == "eligible"


def drive_questionnaire(client, facts):
    """Answer what the scenario knows, "I don't know" the rest, until the check page; count pages."""
    client.post("/triage/")
    location, pages = "/triage/q/immediate_danger/", 0
    while "/triage/q/" in location:
        key = location.rstrip("/").split("/")[-1]
        value = facts.get(key)
        if value is None:
            data = {"skip": "1"}
        elif isinstance(value, bool):
            data = {"answer": "yes" if value else "no"}
        else:
            data = {"answer": value or ["none"]}
        location = client.post(location, data)["Location"]
        pages += 1
        if location == "/triage/danger/":  # call first, then "continue when safe"
            location = client.get(location).context["next"]
    assert location == "/triage/check/"
    return pages


@pytest.mark.parametrize("scenario", [s for _, s in SCENARIOS], ids=[slug for slug, _ in SCENARIOS])
def test_scenario_through_the_questionnaire(client, scenario):
    drive_questionnaire(client, scenario["facts"])
    page = client.get("/triage/results/").context
    suggested = [item.programme.slug for name in ("call_now", "suitable", "maybe") for item in page[name]]
    expect = scenario["expect"]
    assert set(expect.get("suggest", [])) <= set(suggested)
    assert not set(expect.get("not_suggest", [])) & set(suggested)
    if expect.get("first_is_one_of"):
        assert suggested[0] in expect["first_is_one_of"]


def test_the_questionnaire_asks_8_pages_or_fewer_on_average(client):
    pages = []
    for _, scenario in SCENARIOS:
        pages.append(drive_questionnaire(client, scenario["facts"]))
        client.post("/triage/restart/")
    assert sum(pages) / len(pages) <= 8, pages


@pytest.mark.parametrize("scenario", [s for _, s in SCENARIOS], ids=[slug for slug, _ in SCENARIOS])
def test_scenario_through_the_api_and_cli(client, tmp_path, scenario):
    import json
    from io import StringIO

    from django.core.management import call_command

    api = client.post("/api/triage/", scenario["facts"], content_type="application/json").json()
    answers = tmp_path / "facts.json"
    answers.write_text(json.dumps(scenario["facts"]))
    out = StringIO()
    call_command("triage", "--answers", str(answers), stdout=out)
    for body in (api, json.loads(out.getvalue())):
        suggested = [r["programme"] for r in body["results"] if r["status"] in ("eligible", "possible")]
        assert set(scenario["expect"].get("suggest", [])) <= set(suggested)
        assert not set(scenario["expect"].get("not_suggest", [])) & set(suggested)
