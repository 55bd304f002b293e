"""The scan oracle: the triage ranking written the plain way, one rule after another, over the
engine's own `evaluate_one`. Production ranks through the index (referral/triage/index.py); this second,
simpler implementation lives only here, for the property tests that hold the index to it."""

from operator import itemgetter

from referral.triage.engine import (
    EXCLUDED,
    POSSIBLE,
    asks_about,
    evaluate_one,
    next_question,
    notes_for,
    rank_questions,
)
from referral.vocabulary import VERSION

STATUS_ORDER = {"eligible": 0, POSSIBLE: 1, EXCLUDED: 2}


def next_questions(results, relevant=None):
    """Unknown facts ranked by how many programme outcomes their answer could still change
    (among the `relevant` programme slugs, when given)."""
    counts = {}
    for result in results:
        if result["status"] == POSSIBLE and (relevant is None or result["programme"] in relevant):
            for fact in result["missing"]:
                counts[fact] = counts.get(fact, 0) + 1
    return rank_questions(counts)


def evaluate(facts, rules, opening=None, notes=(), full=frozenset()):
    """The v1 answer for validated `facts` over `rules` (an iterable of Rule). `opening` maps a
    programme's slug to (open now?, its contacts with `open_now`) at the time of asking; without
    it, each rule's own `open_now` and `contacts` stand. Programmes in `full` (no free places
    reported lately) come after the others of their status."""
    danger = facts.get("immediate_danger") is True
    wanted = frozenset(facts.get("needs", ()))
    spoken = frozenset(facts.get("languages", ()))
    keyed = []
    for rule in rules:
        result = evaluate_one(rule, facts)
        open_now = rule.open_now
        if opening is not None:
            open_now, result["contacts"] = opening.get(rule.slug, (None, ()))
        keyed.append(
            (
                # Emergency numbers first in danger, then eligible, possible, excluded; among
                # equals: free places, reachable now (DOMAIN v1.2: those that cannot be reached
                # come after), more needs met, the person's language, more specific.
                -1 if danger and rule.emergency else STATUS_ORDER[result["status"]],
                rule.slug in full,
                open_now is not True,
                -len(wanted & rule.offered_needs) if wanted else 0,
                not (rule.interpretation or spoken & rule.languages) if spoken else True,
                -len(rule.clauses),  # then the more specific programme before the general line
                rule.slug,
                result,
            )
        )
    keyed.sort(key=_SORT_KEY)
    ordered = [entry[-1] for entry in keyed]
    shown = notes_for(facts, notes)
    known_needs = frozenset(facts["needs"]) if "needs" in facts else None
    relevant = None if known_needs is None else {r.slug for r in rules if asks_about(r, known_needs)}
    return {
        "vocabulary": VERSION,
        "results": ordered,
        "next_questions": next_questions(ordered, relevant),
        "notes": shown,
    }


_SORT_KEY = itemgetter(0, 1, 2, 3, 4, 5, 6)


def adaptive_path(known, rules):
    """The questions the questionnaire asks for a person whose facts are `known` (others skipped)."""
    answers, skipped, asked = {}, set(), []

    def rank(facts):
        return evaluate(facts, rules)["next_questions"]

    while (key := next_question(answers, skipped, rank)) is not None:
        asked.append(key)
        if key in known:
            answers[key] = known[key]
        else:
            skipped.add(key)
    return asked
