"""Triage vocabulary v1: the facts the CLI, the API and the questionnaire all speak (a contract)."""

import re
from dataclasses import dataclass

VERSION = "v1"

BOOL, CHOICE, LIST, STRING = "bool", "choice", "list", "string"


@dataclass(frozen=True)
class Fact:
    key: str
    kind: str
    values: tuple[str, ...] = ()


FACTS = {
    f.key: f
    for f in [
        Fact("immediate_danger", BOOL),
        Fact("age_group", CHOICE, ("adult", "minor")),
        Fact("gender", CHOICE, ("female", "male", "other")),
        Fact(
            "migration_status",
            CHOICE,
            (
                "citizen",
                "eu_citizen",
                "third_country_regular",
                "third_country_undocumented",
                "asylum_applicant",
                "international_protection",
                "rejected_asylum",
            ),
        ),
        Fact("police_identified", BOOL),
        Fact("police_cooperation", CHOICE, ("yes", "no", "undecided")),
        Fact(
            "exploitation",
            LIST,
            (
                "sexual",
                "labour",
                "begging",
                "criminality",
                "servitude",
                "forced_marriage",
                "organs",
                "illegal_adoption",
                "other",
            ),
        ),
        Fact(
            "labour_indicators",
            LIST,
            (
                "unpaid_wages",
                "excessive_hours",
                "no_insurance",
                "contract_changed",
                "documents_withheld",
                "threats",
                "forced_illegal_acts",
                "poor_housing",
                "debt",
            ),
        ),
        Fact("in_prostitution", BOOL),
        Fact("stage", CHOICE, ("in_situation", "just_left", "rebuilding")),
        Fact("municipality", STRING),
        Fact(
            "needs",
            LIST,
            (
                "accommodation",
                "health",
                "psychosocial",
                "legal",
                "financial",
                "interpretation",
                "return_home",
                "language_course",
                "education",
                "employment",
                "documents",
                "report_crime",
            ),
        ),
        Fact("wants_anonymity", BOOL),
        Fact("languages", LIST),
    ]
}

MUNICIPALITY_RE = re.compile(r"^[a-z]+(-[a-z]+)*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2}$")


class InvalidFacts(ValueError):
    """Facts that do not follow the vocabulary; `errors` lists {"key", "message"} dicts."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{e['key']}: {e['message']}" for e in errors))


def _check(fact, value):
    """None if `value` is valid for `fact`, else a message."""
    if fact.kind == BOOL:
        return None if isinstance(value, bool) else "must be true or false"
    if fact.kind == CHOICE:
        if isinstance(value, str) and value in fact.values:
            return None
        return f"must be one of {', '.join(fact.values)}"
    if fact.kind == STRING:
        if isinstance(value, str) and MUNICIPALITY_RE.match(value):
            return None
        return "must be a lower-case ASCII municipality slug such as ljubljana, or abroad"
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "must be a list of strings"
    pattern_ok = LANGUAGE_RE.match if fact.key == "languages" else fact.values.__contains__
    bad = [v for v in value if not pattern_ok(v)]
    if bad:
        allowed = "ISO 639-1 codes such as sl" if fact.key == "languages" else ", ".join(fact.values)
        return f"unknown value {', '.join(map(str, bad))}; use {allowed}"
    return None


def validate(facts):
    """Return the facts with lists de-duplicated, or raise InvalidFacts naming each bad key."""
    if not isinstance(facts, dict):
        raise InvalidFacts([{"key": "", "message": "facts must be a JSON object"}])
    errors, clean = [], {}
    for key, value in facts.items():
        fact = FACTS.get(key)
        if fact is None:
            errors.append({"key": key, "message": "unknown key"})
            continue
        message = _check(fact, value)
        if message:
            errors.append({"key": key, "message": message})
        else:
            clean[key] = sorted(set(value)) if fact.kind == LIST else value
    if errors:
        raise InvalidFacts(errors)
    return clean
