"""Scoring of training attempts against a key in three tiers: plain functions, no ORM.

`key`: the referrals the case must get; `also_right`: good choices, never penalised; `wrong`: a
mistake here. The score is the share of required referrals found, one taken off for each wrong
pick (never below 0); a critical miss (112/113 in danger, the social work centre for a child)
fails the case."""

from dataclasses import dataclass, field

# A critical miss: a referral that must not be forgotten in this situation.
CRITICAL = [
    ("emergency", lambda facts: facts.get("immediate_danger") is True, {"emergency-112", "police-113"}),
    ("social-work-centre", lambda facts: facts.get("age_group") == "minor", {"social-work-centre"}),
]
SUGGESTED = {"eligible", "possible"}


@dataclass
class Score:
    required: list
    found: list
    missed: list
    also_right: list = field(default_factory=list)  # picked, from the "also right" tier
    wrong: list = field(default_factory=list)  # picked, from the "wrong" tier
    other: list = field(default_factory=list)  # picked, in no tier: not needed here, not penalised
    critical_misses: list = field(default_factory=list)

    @property
    def value(self):
        return case_score(len(self.found), len(self.required), len(self.wrong), bool(self.critical_misses))

    @property
    def passed(self):
        return self.value == 1

    @property
    def precision(self):
        """The share of picks that were required or also right (kept for the attempts' records)."""
        picked = len(self.found) + len(self.also_right) + len(self.wrong) + len(self.other)
        return (len(self.found) + len(self.also_right)) / picked if picked else 0.0

    @property
    def recall(self):
        return len(self.found) / len(self.required) if self.required else 1.0


def case_score(found, required, wrong, critical):
    if critical:
        return 0.0
    if not required:
        return 0.0 if wrong else 1.0
    return max(0.0, (found - wrong) / required)


def score(*, picked, key, also_right=(), wrong=(), facts):
    """The picks against the three tiers, and the critical misses for the case's facts."""
    picked, key, also_right, wrong = set(picked), set(key), set(also_right), set(wrong)
    return Score(
        required=sorted(key),
        found=sorted(picked & key),
        missed=sorted(key - picked),
        also_right=sorted(picked & also_right - key),
        wrong=sorted(picked & wrong - key - also_right),
        other=sorted(picked - key - also_right - wrong),
        critical_misses=[code for code, applies, group in CRITICAL if applies(facts) and not group & picked],
    )


def fact_differences(trainee, expert):
    """(fact, trainee's value, expert's value) wherever they differ; None means not answered."""
    return [
        (key, trainee.get(key), expert.get(key))
        for key in sorted(set(trainee) | set(expert))
        if trainee.get(key) != expert.get(key)
    ]


def disagreements(*, key, wrong, suggested):
    """Where a key and the rules' suggestions (eligible or possible) for the same case disagree."""
    return {
        name: found
        for name, found in (
            ("key_not_suggested", sorted(set(key) - set(suggested))),
            ("wrong_but_suggested", sorted(set(wrong) & set(suggested))),
        )
        if found
    }
