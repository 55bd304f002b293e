"""Shape triage outcomes for the pages: sections, the labels of answers, what to ask for."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models import prefetch_related_objects
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.models import Programme, results_prefetches
from referral import engine, loop
from referral.catalogue import load_catalogue
from referral.questions import QUESTIONS
from referral.vocabulary import BOOL, FACTS, LIST


def answer_label(key, value):
    """A person-readable form of one answer."""
    kind = FACTS[key].kind
    if kind == BOOL:
        return _("Yes") if value else _("No")
    labels = dict(QUESTIONS[key].options)
    if kind == LIST:
        return ", ".join(str(labels.get(v, v)) for v in value) or _("None of these")
    return str(labels.get(value, value))


def answer_rows(state):
    """(asked rows with their answer, questions not asked yet) for "check your answers"."""
    rows = []
    for key in state.history:
        question = QUESTIONS[key]
        shown = answer_label(key, state.answers[key]) if key in state.answers else _("Don’t know")
        rows.append({"key": key, "label": question.short, "answer": shown})
    not_asked = [QUESTIONS[k] for k in QUESTIONS if k not in state.history]
    return rows, not_asked


@dataclass
class Suggestion:
    programme: object
    status: str
    reasons: list
    missing: list = field(default_factory=list)  # facts still unknown that would decide it
    offered: list = field(default_factory=list)  # the person's needs it offers
    referral_code: str = ""  # shown, when the worker referred to it in this triage

    @property
    def ask_about(self):
        return [str(QUESTIONS[f].short) for f in self.missing]

    @property
    def asks_for(self):
        labels = dict(QUESTIONS["needs"].options)
        return [str(labels[n]) for n in self.offered]


def _offered_needs(rule, answers):
    return sorted(rule.offered_needs.intersection(answers.get("needs", ())))


# A results page a person can read, whatever the size of the directory: the best of each section
# (the engine's order), and how many more there are.
SHOWN = {"call_now": 10, "suitable": 30, "maybe": 20, "maybe_other": 20, "excluded": 25}


CARD_FRAGMENTS = ("suggestion_head", "suggestion_contacts")  # the {% cache %} names in suggestion.html


def _programmes(slugs, cards, cards_at, complete):
    """{slug: programme} of those shown, with their provider; with contacts, hours and languages
    for the `cards` not cached yet, or for all of them when `complete` (the sheets)."""
    if complete:
        return {p.slug: p for p in Programme.objects.for_results().filter(slug__in=slugs)}
    found = {p.slug: p for p in Programme.objects.select_related("organisation").filter(slug__in=slugs)}
    lang = get_language()
    keys = {make_template_fragment_key(name, [slug, cards_at, lang]): slug for slug in cards for name in CARD_FRAGMENTS}
    cached = cache.get_many(list(keys))
    missing = {found[slug] for key, slug in keys.items() if key not in cached}
    prefetch_related_objects(list(missing), *results_prefetches())
    return found


def build_results(answers, at=None, complete=False, referrals=None):
    """The results page's sections; `complete`: every shown programme with its contacts (sheets);
    `referrals`: {slug: code} of the referrals made in this triage."""
    referrals = {slug: loop.shown(code) for slug, code in (referrals or {}).items()}
    catalogue = load_catalogue()
    outcome = catalogue.outcome(answers, at)
    index = catalogue.index
    danger = answers.get("immediate_danger") is True
    call_now = outcome.eligible & index.emergency if danger else 0
    # Once the needs are known, programmes that offer none of them are not asked about: they
    # stay "may be suitable", in a section of their own.
    relevant = index.relevant(answers)
    masks = {
        "call_now": call_now,
        "suitable": outcome.eligible & ~call_now,
        "maybe": outcome.possible & relevant,
        "maybe_other": outcome.possible & ~relevant,
        "excluded": outcome.excluded,
    }
    shown = {name: outcome.top(mask, SHOWN[name]) for name, mask in masks.items()}
    slugs = [r["programme"] for rows in shown.values() for r in rows]
    # Cards show programme data as of this catalogue version and minute (free places "updated 5
    # minutes ago"), nothing of the answers: their fragments are cached (suggestion.html).
    cards_at = f"{catalogue.version}-{outcome.opening.when:%Y%m%d%H%M}"
    cards = [r["programme"] for name, rows in shown.items() if name != "excluded" for r in rows]
    by_slug = _programmes(slugs, cards, cards_at, complete)
    sections = {
        name: [
            Suggestion(
                programme=by_slug[r["programme"]],
                status=r["status"],
                reasons=r["reasons"],
                missing=list(r["missing"]),
                offered=_offered_needs(outcome.rule_at(index.position[r["programme"]]), answers),
                referral_code=referrals.get(r["programme"], ""),
            )
            for r in rows
        ]
        for name, rows in shown.items()
    }
    more = {f"more_{name}": mask.bit_count() - len(shown[name]) for name, mask in masks.items()}
    sheet_groups = [sections["call_now"], sections["suitable"], sections["maybe"]]
    notes = engine.notes_for(answers, catalogue.notes)
    context = {**sections, **more, "danger": danger, "sheet_groups": sheet_groups, "notes": notes}
    context["cards_at"] = cards_at
    context["referrals"] = referrals
    context["outcome"] = outcome  # for the gap report's counters
    return {**context, **_reachable_now(outcome, shown["call_now"] + shown["suitable"], by_slug)}


NOW_LINES = 6


def _reachable_now(outcome, suitable, by_slug):
    """When nothing suitable can be reached now: the open lines that fit this case (eligible ones
    first), and when each suitable programme shown opens next. Empty when something suitable is
    open."""
    if not suitable or outcome.eligible & outcome.opening.mask:
        return {"now_lines": [], "next_openings": []}
    index = outcome.catalogue.index
    lines = [
        r["programme"]
        for r in outcome.top((outcome.eligible | outcome.possible) & index.line & outcome.opening.mask, NOW_LINES)
    ]
    later = []
    for result in suitable:
        times = [c["next_open"] for c in result["contacts"] if c["next_open"]]
        if times:
            later.append((result["programme"], parse_datetime(min(times))))
    names = {slug: by_slug[slug] for slug in lines + [s for s, _ in later] if slug in by_slug}
    others = [slug for slug in lines if slug not in names]
    names |= {p.slug: p for p in Programme.objects.select_related("organisation").filter(slug__in=others)}
    prefetch_related_objects([names[slug] for slug in lines], results_prefetches()[0])  # their phones
    return {
        "now_lines": [names[slug] for slug in lines],
        "next_openings": sorted(((names[slug], when) for slug, when in later), key=lambda pair: pair[1]),
    }
