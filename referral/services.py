"""Triage as one call: validate facts, load the rules, run the engine."""

from referral import engine
from referral.catalogue import load_rules
from referral.vocabulary import validate


def triage(facts, *, at=None):
    """The v1 JSON answer for raw `facts`; raises vocabulary.InvalidFacts on bad input."""
    return engine.evaluate(validate(facts), load_rules(at))
