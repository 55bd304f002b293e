"""The questionnaire asks only what can change the outcome, danger first, and stops in time."""

import pytest

from referral.catalogue import load_rules
from referral.engine import adaptive_path, evaluate
from referral.vocabulary import FACTS
from tests.data import worked_scenarios

SCENARIOS = worked_scenarios()
pytestmark = pytest.mark.django_db


def statuses(facts, rules):
    return {r["programme"]: r["status"] for r in evaluate(facts, rules)["results"]}


@pytest.mark.parametrize("facts", [s["facts"] for _, s in SCENARIOS], ids=[slug for slug, _ in SCENARIOS])
def test_adaptive_answers_give_the_same_outcome_as_every_fact(facts):
    rules = load_rules()
    asked = adaptive_path(facts, rules)
    assert asked[0] == "immediate_danger"
    collected = {k: facts[k] for k in asked if k in facts}
    assert statuses(collected, rules) == statuses(facts, rules)


def test_it_asks_fewer_questions_than_the_whole_vocabulary_on_average():
    rules = load_rules()
    counts = [len(adaptive_path(s["facts"], rules)) for _, s in SCENARIOS]
    mean = sum(counts) / len(counts)
    # Measured on the five worked scenarios: see README ("Triage").
    assert mean < len(FACTS) - 2, counts


def test_signs_at_work_are_asked_only_after_labour_exploitation():
    rules = load_rules()
    assert "labour_indicators" not in adaptive_path({"immediate_danger": False, "exploitation": ["sexual"]}, rules)
    assert "labour_indicators" in adaptive_path({"immediate_danger": False, "exploitation": ["labour"]}, rules)


def test_when_nothing_is_known_it_still_ends():
    rules = load_rules()
    asked = adaptive_path({}, rules)
    assert len(asked) == len(set(asked)) <= len(FACTS)
