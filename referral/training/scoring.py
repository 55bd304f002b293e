"""Scoring of training attempts: plain functions, no ORM."""

from dataclasses import dataclass, field

# A critical miss: a referral that must not be forgotten in this situation.
CRITICAL = [
    ("emergency", lambda facts: facts.get("immediate_danger") is True, {"emergency-112", "police-113"}),
    ("social-work-centre", lambda facts: facts.get("age_group") == "minor", {"social-work-centre"}),
]
SUGGESTED = {"eligible", "possible"}


@dataclass
class Score:
    precision: float
    recall: float
    missed: list = field(default_factory=list)
    wrong_picks: list = field(default_factory=list)
    critical_misses: list = field(default_factory=list)

    @property
    def f1(self):
        return f1(self.precision, self.recall)


def f1(precision, recall):
    total = precision + recall
    return 0.0 if total == 0 else 2 * precision * recall / total


def score(*, picked, key, facts):
    """Precision and recall of the picks against the expert key, and the critical misses."""
    picked, key = set(picked), set(key)
    hits = picked & key
    return Score(
        precision=len(hits) / len(picked) if picked else 0.0,
        recall=len(hits) / len(key) if key else 1.0,
        missed=sorted(key - picked),
        wrong_picks=sorted(picked - key),
        critical_misses=[code for code, applies, group in CRITICAL if applies(facts) and not group & picked],
    )


def fact_differences(trainee, expert):
    """(fact, trainee's value, expert's value) wherever they differ; None means not answered."""
    return [
        (key, trainee.get(key), expert.get(key))
        for key in sorted(set(trainee) | set(expert))
        if trainee.get(key) != expert.get(key)
    ]


def disagreements(*, key, wrong, outcome):
    """Where an expert key and the engine's outcome for the same facts disagree."""
    suggested = {r["programme"] for r in outcome["results"] if r["status"] in SUGGESTED}
    return {
        "key_not_suggested": sorted(set(key) - suggested),
        "wrong_but_suggested": sorted(set(wrong) & suggested),
    }
