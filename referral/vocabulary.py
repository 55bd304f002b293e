"""Triage vocabulary v1: the facts the CLI, the API and the questionnaire all speak (a contract)."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

VERSION = "v1"

# The worker's role (v1.2): a preference of the device, never part of the answers.
ROLES = ("police", "social_work", "ngo", "asylum_home", "labour_inspection", "health", "other")

# Facts that one step can change, and who can take it (DOMAIN v1.2 "unlocks").
LEVERS = {"police_identified": (True, "police"), "police_cooperation": ("yes", None), "municipality": (None, None)}

BOOL, CHOICE, LIST, STRING = "bool", "choice", "list", "string"


@dataclass(frozen=True)
class Fact:
    key: str
    kind: str
    values: tuple[str, ...] = ()
    label: str = ""


FACTS = {
    f.key: f
    for f in [
        Fact("immediate_danger", BOOL, label=_("In immediate danger")),
        Fact("age_group", CHOICE, ("adult", "minor"), label=_("Age group")),
        Fact("gender", CHOICE, ("female", "male", "other"), label=_("Gender")),
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
                "temporary_protection",  # v1.2: displaced from Ukraine, outside the asylum procedure
            ),
            label=_("Migration status"),
        ),
        Fact("police_identified", BOOL, label=_("Identified by the police")),
        Fact("police_cooperation", CHOICE, ("yes", "no", "undecided"), label=_("Cooperates with the police")),
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
            label=_("Forms of exploitation"),
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
            label=_("Signs of labour exploitation"),
        ),
        Fact("in_prostitution", BOOL, label=_("In prostitution")),
        Fact("stage", CHOICE, ("in_situation", "just_left", "rebuilding"), label=_("Stage")),
        Fact("municipality", STRING, label=_("Municipality")),
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
            label=_("Needs"),
        ),
        Fact("wants_anonymity", BOOL, label=_("Wants anonymity")),
        Fact("languages", LIST, label=_("Languages")),
    ]
}

# What a criterion can say about a fact (referral.engine.check implements each).
OPERATORS = {
    "is": _("is"),
    "in": _("is one of"),
    "not_in": _("is none of"),
    "includes_any": _("includes any of"),
    "not_empty": _("is not empty"),
    "in_service_area": _("is in the programme's service area"),
    "never": _("never (not a triage result)"),
}

# Pathway notes may also ask that a fact is not known yet.
NOTE_OPERATORS = {**OPERATORS, "unknown": _("is not known")}

MUNICIPALITY_RE = re.compile(r"[a-z]+(-[a-z]+)*")
LANGUAGE_RE = re.compile(r"[a-z]{2}")
ABROAD = "abroad"


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
        if isinstance(value, str) and MUNICIPALITY_RE.fullmatch(value):
            return None
        return "must be a lower-case ASCII municipality slug such as ljubljana, or abroad"
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "must be a list of strings"
    pattern_ok = LANGUAGE_RE.fullmatch if fact.key == "languages" else fact.values.__contains__
    bad = [v for v in value if not pattern_ok(v)]
    if bad:
        allowed = "ISO 639-1 codes such as sl" if fact.key == "languages" else ", ".join(fact.values)
        return f"unknown value {', '.join(map(str, bad))}; use {allowed}"
    return None


def check_municipality(facts, known):
    """Raise InvalidFacts unless the municipality, if given, is one of `known` or abroad."""
    value = facts.get("municipality")
    if value is not None and value != ABROAD and value not in known:
        raise InvalidFacts(
            [
                {
                    "key": "municipality",
                    "message": f"unknown municipality {value}; use a slug such as ljubljana, or abroad",
                }
            ]
        )


def check_role(role):
    """Raise InvalidFacts unless `role` is None or one of ROLES."""
    if role is not None and role not in ROLES:
        raise InvalidFacts([{"key": "role", "message": f"must be one of {', '.join(ROLES)}"}])


def parse_at(text):
    """The moment an ISO 8601 text with its offset names (`?at=`, `--at`), or InvalidFacts."""
    from datetime import datetime

    message = "must be an ISO 8601 date and time with its offset, e.g. 2026-12-04T22:00:00+01:00"
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) and len(text) <= 40 else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidFacts([{"key": "at", "message": message}])
    if not 2000 <= moment.year <= 2100:
        raise InvalidFacts([{"key": "at", "message": "must be between the years 2000 and 2100"}])
    return moment


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
