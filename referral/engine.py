"""The matching engine: facts and programme rules in, explained results out. No ORM, no request.

A programme's rule is a list of clauses that must all hold; a clause holds when any of its
conditions does. A condition on a missing fact is undecided (None), never false, so a new
answer can only settle a "possible" programme, never overturn an eligible or excluded one.
"""

from dataclasses import dataclass, field

from referral.vocabulary import FACTS, VERSION

ELIGIBLE, POSSIBLE, EXCLUDED = "eligible", "possible", "excluded"
STATUS_ORDER = {ELIGIBLE: 0, POSSIBLE: 1, EXCLUDED: 2}
FACT_ORDER = {key: n for n, key in enumerate(FACTS)}


@dataclass(frozen=True)
class Condition:
    fact: str
    op: str
    values: tuple = ()
    text: str = ""


@dataclass(frozen=True)
class Rule:
    """Plain data about one programme, as the engine needs it."""

    slug: str
    clauses: tuple[tuple[Condition, ...], ...] = ()
    status: str = "active"
    emergency: bool = False
    areas: frozenset | None = None  # None: the whole country
    languages: frozenset = frozenset()
    interpretation: bool = False
    open_now: bool | None = None
    contacts: tuple = ()
    status_text: str = ""


@dataclass
class Result:
    programme: str
    status: str
    reasons: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    contacts: list = field(default_factory=list)

    def as_dict(self):
        return {
            "programme": self.programme,
            "status": self.status,
            "reasons": self.reasons,
            "missing": self.missing,
            "contacts": list(self.contacts),
        }


def _in_area(value, rule):
    return True if rule.areas is None else value in rule.areas


OPERATORS = {
    "is": lambda value, values, rule: value == values[0],
    "in": lambda value, values, rule: value in values,
    "not_in": lambda value, values, rule: value not in values,
    "includes_any": lambda value, values, rule: bool(set(value) & set(values)),
    "not_empty": lambda value, values, rule: bool(value),
    "in_service_area": lambda value, values, rule: _in_area(value, rule),
}
NEVER = "never"


def check(condition, facts, rule):
    """True, False, or None when the fact is unknown."""
    if condition.op == NEVER:
        return False
    if condition.fact not in facts:
        return None
    return OPERATORS[condition.op](facts[condition.fact], condition.values, rule)


def _clause(conditions, facts, rule):
    """(met, deciding condition, unknown facts) for one clause: any condition may satisfy it."""
    states = [(check(c, facts, rule), c) for c in conditions]
    for state, condition in states:
        if state is True:
            return True, condition, []
    unknown = [c.fact for state, c in states if state is None]
    if unknown:
        return None, next(c for s, c in states if s is None), unknown
    return False, conditions[0], []


def evaluate_one(rule, facts):
    if rule.status != "active":
        return Result(rule.slug, EXCLUDED, [{"fact": "status", "met": False, "text": rule.status_text}])
    reasons, missing, failed = [], [], False
    for conditions in rule.clauses:
        met, condition, unknown = _clause(conditions, facts, rule)
        reasons.append({"fact": condition.fact, "met": met, "text": condition.text})
        failed = failed or met is False
        missing.extend(f for f in unknown if f not in missing)
    if failed:
        # The failed criteria explain the exclusion; list them first.
        reasons.sort(key=lambda r: r["met"] is not False)
        return Result(rule.slug, EXCLUDED, reasons, [], list(rule.contacts))
    status = POSSIBLE if missing else ELIGIBLE
    return Result(rule.slug, status, reasons, sorted(missing, key=FACT_ORDER.get), list(rule.contacts))


def _needs_met(rule, facts):
    wanted = set(facts.get("needs", ()))
    offered = {v for clause in rule.clauses for c in clause if c.fact == "needs" for v in c.values}
    return len(wanted & offered)


def _speaks(rule, facts):
    spoken = set(facts.get("languages", ()))
    return bool(spoken) and (rule.interpretation or bool(spoken & rule.languages))


def next_questions(results, rules_by_slug):
    """Unknown facts ranked by how many programme outcomes their answer could still change."""
    counts = {}
    for result in results:
        if result.status == POSSIBLE:
            for fact in result.missing:
                counts[fact] = counts.get(fact, 0) + 1
    return sorted(counts, key=lambda f: (-counts[f], FACT_ORDER[f]))


def evaluate(facts, rules):
    """The v1 answer for validated `facts` over `rules` (an iterable of Rule)."""
    rules = list(rules)
    by_slug = {rule.slug: rule for rule in rules}
    results = [evaluate_one(rule, facts) for rule in rules]
    danger = facts.get("immediate_danger") is True

    def order(result):
        rule = by_slug[result.programme]
        return (
            STATUS_ORDER[result.status] if not (danger and rule.emergency) else -1,
            -_needs_met(rule, facts),
            not _speaks(rule, facts),
            rule.open_now is not True,
            result.programme,
        )

    results.sort(key=order)
    return {
        "vocabulary": VERSION,
        "results": [r.as_dict() for r in results],
        "next_questions": next_questions(results, by_slug),
    }


# Follow-up questions: asked only when the parent answer includes the value (or is unknown).
FOLLOW_UPS = {"labour_indicators": ("exploitation", "labour")}


def _applies(key, facts):
    parent, value = FOLLOW_UPS.get(key, (None, None))
    return parent is None or parent not in facts or value in facts[parent]


def next_question(facts, skipped, rules):
    """The question to ask next, or None when no unknown fact can change the outcome.
    Immediate danger always comes first."""
    if "immediate_danger" not in facts and "immediate_danger" not in skipped:
        return "immediate_danger"
    ranked = evaluate(facts, rules)["next_questions"]
    return next((k for k in ranked if k not in skipped and _applies(k, facts)), None)


def adaptive_path(known, rules):
    """The questions the questionnaire asks for a person whose facts are `known` (others skipped)."""
    answers, skipped, asked = {}, set(), []
    while (key := next_question(answers, skipped, rules)) is not None:
        asked.append(key)
        if key in known:
            answers[key] = known[key]
        else:
            skipped.add(key)
    return asked
