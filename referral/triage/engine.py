"""The matching engine: facts and programme rules in, explained results out. No ORM, no request.

A programme's rule is a list of clauses that must all hold; a clause holds when any of its
conditions does. A condition on a missing fact is undecided (None), never false, so a new
answer can only settle a "possible" programme, never overturn an eligible or excluded one.
"""

from dataclasses import dataclass, field

from referral.vocabulary import FACTS

ELIGIBLE, POSSIBLE, EXCLUDED = "eligible", "possible", "excluded"
FACT_ORDER = {key: n for n, key in enumerate(FACTS)}


@dataclass(frozen=True, slots=True)
class Condition:
    fact: str
    op: str
    values: tuple = ()
    text: str = ""
    requirement: str = ""  # the rule as a rule ("Only for people in Ljubljana"), for a failed reason
    valueset: frozenset = field(init=False, compare=False, repr=False, default=frozenset())
    # The reason dicts, built on first use and shared after: evaluation is a hot path.
    _reasons: dict = field(init=False, compare=False, repr=False, default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "valueset", frozenset(self.values))

    def reason(self, met):
        found = self._reasons.get(met)
        if found is None:
            found = self._reasons[met] = {
                "fact": self.fact,
                "met": met,
                "text": self.text,
                "requirement": self.requirement,
            }
        return found


@dataclass(frozen=True)
class Rule:
    """Plain data about one programme, as the engine needs it."""

    slug: str
    clauses: tuple[tuple[Condition, ...], ...] = ()
    status: str = "active"
    emergency: bool = False
    helpline: bool = False
    capacity: dict | None = None  # {"available", "total", "updated"} where the provider keeps it
    areas: frozenset | None = None  # None: the whole country
    languages: frozenset = frozenset()
    interpretation: bool = False
    open_now: bool | None = None
    contacts: tuple = ()
    status_text: str = ""
    serves: frozenset = frozenset()  # the needs it serves as data, besides those its criteria name
    # The needs its criteria name: the questionnaire settles a programme for these (asks_about).
    asked_needs: frozenset = field(init=False, default=frozenset())
    # Every need it serves: plans, ranking and the sections of the results.
    offered_needs: frozenset = field(init=False, default=frozenset())

    def __post_init__(self):
        needs = frozenset(v for clause in self.clauses for c in clause if c.fact == "needs" for v in c.values)
        object.__setattr__(self, "asked_needs", needs)
        object.__setattr__(self, "offered_needs", needs | self.serves)


@dataclass(frozen=True)
class Note:
    """A pathway note: shown when every clause has an alternative that holds."""

    id: str
    text: str
    source: str = ""
    clauses: tuple[tuple[Condition, ...], ...] = ()


NEVER = "never"
UNKNOWN = "unknown"
_MISSING = object()


def check(condition, facts, rule):
    """True, False, or None when the fact is unknown."""
    op = condition.op
    if op == NEVER:
        return False
    value = facts.get(condition.fact, _MISSING)
    if value is _MISSING:
        return None
    values = condition.values
    if op == "in":
        return value in values
    if op == "includes_any":
        return not condition.valueset.isdisjoint(value)
    if op == "is":
        return value == values[0]
    if op == "not_in":
        return value not in values
    if op == "not_empty":
        return bool(value)
    if op == "in_service_area":
        return rule.areas is None or value in rule.areas
    raise ValueError(f"unknown operator {op!r}")


def _result(rule, status, reasons, missing=None):
    return {
        "programme": rule.slug,
        "status": status,
        "reasons": reasons,
        "missing": missing or [],
        "contacts": rule.contacts,  # a tuple: shared, serialised as a JSON list
        "capacity": rule.capacity,
    }


def evaluate_one(rule, facts, _missing=_MISSING, _never=NEVER):
    """One programme's result dict. The first failed clause excludes it and is its reason."""
    if rule.status != "active":
        text = rule.status_text
        return _result(rule, EXCLUDED, [{"fact": "status", "met": False, "text": text, "requirement": text}])
    get = facts.get
    reasons, missing = [], []
    for conditions in rule.clauses:
        unknown = None
        for condition in conditions:
            # Hot path: the common operators inline, unknown facts without a call.
            value = get(condition.fact, _missing)
            if value is _missing:
                if condition.op != _never:
                    unknown = unknown or []
                    unknown.append(condition)
                continue
            op = condition.op
            if op == "in":
                state = value in condition.values
            elif op == "includes_any":
                state = not condition.valueset.isdisjoint(value)
            else:
                state = check(condition, facts, rule)
            if state:
                reasons.append(condition.reason(True))
                break
        else:
            if unknown is None:
                return _result(rule, EXCLUDED, [conditions[0].reason(False)])
            reasons.append(unknown[0].reason(None))
            missing.extend(c.fact for c in unknown)
    if missing:
        missing = sorted(set(missing), key=FACT_ORDER.__getitem__) if len(missing) > 1 else missing
        return _result(rule, POSSIBLE, reasons, missing)
    return _result(rule, ELIGIBLE, reasons)


def asks_about(rule, wanted):
    """Whether questions should still be asked to settle `rule` once the needs `wanted` are known
    (None: not known, ask about everything). A programme whose criteria name needs is asked about
    when one of them is wanted; one whose criteria name none is asked about when it is an
    emergency number, a helpline or a reporting line (for any case), and otherwise not. What it
    serves beyond its criteria (`serves`) places it in plans but asks nothing more: it stays
    "may be suitable, ask about …" (fewer questions: mean 7.4 pages, 9.2 if those were asked)."""
    if wanted is None:
        return True
    if rule.asked_needs:
        return not rule.asked_needs.isdisjoint(wanted)
    return rule.emergency or rule.helpline


def rank_questions(counts):
    """Facts by how many outcomes they can change, most first; ties in vocabulary order."""
    return sorted((f for f in counts if counts[f]), key=lambda f: (-counts[f], FACT_ORDER[f]))


_NO_PROGRAMME = Rule("")  # notes test facts only: in_service_area has no programme to ask


def note_applies(note, facts):
    """True when the facts meet the note's condition; an unknown fact meets only "unknown"."""
    for clause in note.clauses:
        for condition in clause:
            if condition.op == UNKNOWN:
                if condition.fact not in facts:
                    break
            elif check(condition, facts, _NO_PROGRAMME) is True:
                break
        else:
            return False
    return True


def notes_for(facts, notes):
    return [{"id": n.id, "text": n.text, "source": n.source} for n in notes if note_applies(n, facts)]


# Follow-up questions: asked only when the parent answer includes the value (or is unknown).
FOLLOW_UPS = {"labour_indicators": ("exploitation", "labour")}


def _applies(key, facts):
    parent, value = FOLLOW_UPS.get(key, (None, None))
    return parent is None or parent not in facts or value in facts[parent]


FIRST_QUESTIONS = ("immediate_danger", "needs")


def next_question(facts, skipped, rank):
    """The question to ask next, or None when no unknown fact can change the outcome that
    matters. Immediate danger always comes first, then the person's needs: once they are known,
    programmes that offer none of them (and are not emergency numbers or helplines) stay
    "may be suitable" and no question is asked for them alone. `rank(facts)` gives the unknown
    facts best first (the catalogue's index; the tests' scan oracle)."""
    for key in FIRST_QUESTIONS:
        if key not in facts and key not in skipped:
            return key
    return next((k for k in rank(facts) if k not in skipped and _applies(k, facts)), None)
