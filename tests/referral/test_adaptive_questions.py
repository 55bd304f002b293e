"""The questionnaire asks only what can change the outcome, danger first, and stops in time."""

import json
from pathlib import Path

import pytest

from referral.catalogue import load_rules
from referral.engine import adaptive_path, evaluate
from referral.vocabulary import FACTS

SCENARIOS = sorted((Path(__file__).resolve().parents[3] / "shared" / "scenarios").glob("*.json"))
pytestmark = pytest.mark.django_db


def statuses(facts, rules):
    return {r["programme"]: r["status"] for r in evaluate(facts, rules)["results"]}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_adaptive_answers_give_the_same_outcome_as_every_fact(path):
    facts = json.loads(path.read_text())["facts"]
    rules = load_rules()
    asked = adaptive_path(facts, rules)
    assert asked[0] == "immediate_danger"
    collected = {k: facts[k] for k in asked if k in facts}
    assert statuses(collected, rules) == statuses(facts, rules)


def test_it_asks_fewer_questions_than_the_whole_vocabulary_on_average():
    rules = load_rules()
    counts = [len(adaptive_path(json.loads(p.read_text())["facts"], rules)) for p in SCENARIOS]
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
