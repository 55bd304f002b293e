"""The worked scenarios of ../shared/scenarios pass through the real catalogue and rules."""

import json
from pathlib import Path

import pytest

from referral.services import triage

SCENARIOS = sorted((Path(__file__).resolve().parents[3] / "shared" / "scenarios").glob("*.json"))
pytestmark = pytest.mark.django_db


def test_the_shared_scenarios_are_present():
    assert len(SCENARIOS) >= 5


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario(path):
    scenario = json.loads(path.read_text())
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
