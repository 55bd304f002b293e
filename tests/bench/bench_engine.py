"""Triage speed over 1,000 synthetic programmes with 10 criteria each, through the production
ranking (the index), and the scan oracle of the tests beside it (target: < 5 ms/evaluation)."""

import random

from referral.triage.engine import Condition, Rule
from referral.triage.outcome import Catalogue
from referral.vocabulary import FACTS
from tests.referral.scan_oracle import evaluate

CONDITION_FACTS = [f for f in FACTS.values() if f.key not in ("municipality", "languages")]


def synthetic_rules(n=1000, criteria=10, seed=7):
    rng = random.Random(seed)
    rules = []
    for i in range(n):
        clauses = []
        for _ in range(criteria // 2):
            clause = []
            for _ in range(2):
                fact = rng.choice(CONDITION_FACTS)
                if fact.kind == "bool":
                    clause.append(Condition(fact.key, "is", (rng.random() < 0.5,), "x"))
                elif fact.kind == "choice":
                    clause.append(Condition(fact.key, "in", tuple(rng.sample(fact.values, 2)), "x"))
                else:
                    clause.append(Condition(fact.key, "includes_any", tuple(rng.sample(fact.values, 3)), "x"))
            clauses.append(tuple(clause))
        rules.append(Rule(f"p{i:04d}", clauses=tuple(clauses), languages=frozenset({"sl"})))
    return rules


FACTS_HALF_KNOWN = {
    "immediate_danger": False,
    "age_group": "adult",
    "migration_status": "third_country_regular",
    "exploitation": ["labour"],
    "needs": ["legal", "accommodation"],
    "languages": ["sl"],
}


def test_scan_oracle_over_1000_programmes(benchmark):
    rules = synthetic_rules()
    result = benchmark(evaluate, FACTS_HALF_KNOWN, rules)
    assert len(result["results"]) == 1000


def test_index_over_1000_programmes(benchmark):
    catalogue = Catalogue(version=1, rules=synthetic_rules(), schedules={}, municipalities=frozenset())
    result = benchmark(lambda: catalogue.outcome(FACTS_HALF_KNOWN).answer(limit=50))
    assert sum(result["counts"].values()) == 1000
