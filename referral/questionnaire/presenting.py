"""Shape triage outcomes for the pages: sections, the labels of answers, what to ask for."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.models import ContactKind, Language, Municipality, Programme, results_prefetches
from referral.loop import services as loop
from referral.questions import QUESTIONS
from referral.triage import engine
from referral.triage.cache import load_catalogue
from referral.triage.outcome import PLAN_LIMIT
from referral.vocabulary import BOOL, FACTS, LIST


def _content_language():
    return "sl" if get_language() == "sl" else "en"


def answer_label(key, value):
    """A person-readable form of one answer: a municipality or a language by its name, never its code."""
    if key == "municipality":
        if value == "abroad":
            return _("Abroad")
        return Municipality.objects.filter(slug=value).values_list("name", flat=True).first() or value
    if key == "languages":
        names = dict(Language.objects.filter(code__in=value).values_list("code", "name_" + _content_language()))
        return ", ".join(names.get(code, code) for code in value) or _("None of these")
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
    reachable: bool = True  # a phone open at the moment planned for
    card: dict = field(default_factory=dict)  # its programme's parts of the card, rendered (_cards)

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


# What a card shows of its programme (name, provider, free places; languages, contacts and hours)
# is the same for every triage in a minute, language and catalogue version: rendered once, kept.
CARD_PARTS = {"head": "referral/card_head.html", "contacts": "referral/card_contacts.html"}
CARD_SECONDS = 120


def _programmes(slugs, complete):
    """{slug: programme} of those shown, with their provider; with contacts, hours and languages
    when `complete` (the sheets), else only for the cards `_cards` has to render."""
    if complete:
        return {p.slug: p for p in Programme.objects.for_results().filter(slug__in=slugs)}
    return {p.slug: p for p in Programme.objects.select_related("organisation").filter(slug__in=slugs)}


def _cards(programmes, cards_at):
    """{slug: {part: html}} of the cards of `programmes`: from the cache, the rest rendered (their
    contacts, hours and languages read in one go) and kept for the next triage."""
    lang = get_language()
    keys = {f"card:{cards_at}:{lang}:{slug}:{part}": (slug, part) for slug in programmes for part in CARD_PARTS}
    found = cache.get_many(list(keys))
    missing = {slug for key, (slug, _part) in keys.items() if key not in found}
    prefetch_related_objects([programmes[slug] for slug in missing], *results_prefetches())
    fresh = {
        key: render_to_string(CARD_PARTS[part], {"programme": programmes[slug]})
        for key, (slug, part) in keys.items()
        if key not in found
    }
    cache.set_many(fresh, CARD_SECONDS)
    cards = {slug: {} for slug in programmes}
    for key, html in {**found, **fresh}.items():
        slug, part = keys[key]
        cards[slug][part] = mark_safe(html)  # our own templates' output, escaped when rendered
    return cards


def build_results(answers, at=None, complete=False, referrals=None, role=None):
    """The results page's sections and plan at `at` (now by default); `complete`: every shown
    programme with its contacts (sheets); `referrals`: {slug: code} of the referrals made in this
    triage; `role`: the worker's, for the wording of what could open up."""
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
    if at is not None:  # a plan for another moment: its cards' "open now" badges still say now
        cards_at += f"-seen{timezone.localtime():%Y%m%d%H%M}"
    by_slug = _programmes(slugs, complete)
    carded = {r["programme"] for name, rows in shown.items() if name != "excluded" for r in rows}
    cards = {} if complete else _cards({slug: by_slug[slug] for slug in carded}, cards_at)
    sections = {
        name: [
            Suggestion(
                programme=by_slug[r["programme"]],
                status=r["status"],
                reasons=r["reasons"],
                missing=list(r["missing"]),
                offered=_offered_needs(outcome.rule_at(index.position[r["programme"]]), answers),
                referral_code=referrals.get(r["programme"], ""),
                card=cards.get(r["programme"], {}),
            )
            for r in rows
        ]
        for name, rows in shown.items()
    }
    more = {f"more_{name}": mask.bit_count() - len(shown[name]) for name, mask in masks.items()}
    sheet_groups = [sections["call_now"], sections["suitable"], sections["maybe"]]
    notes = engine.notes_for(answers, catalogue.notes)
    context = {**sections, **more, "danger": danger, "sheet_groups": sheet_groups, "notes": notes}
    context["referrals"] = referrals
    context["outcome"] = outcome  # for the gap report's counters
    context["plan"] = build_plan(outcome, answers, by_slug, role)
    for rows in sections.values():
        for item in rows:
            item.reachable = bool(outcome.opening.mask >> index.position[item.programme.slug] & 1)
    return {**context, **_reachable_now(outcome, shown["call_now"] + shown["suitable"], by_slug)}


@dataclass
class PlanStep:
    programme: object
    phones: list = field(default_factory=list)  # contact dicts at the moment (tap to call)
    when: object = None  # next opening (an aware datetime), or None when not known
    text: str = ""  # what could open it up
    ask_about: list = field(default_factory=list)  # what is still unknown and would decide it


@dataclass
class NeedPlan:
    need: str | None
    label: str
    now: list
    next: list
    unlocks: list
    nothing_now: bool
    lines: list  # lines open now that can help find a way (when nothing can be done now)
    until_then: object = None  # the first open line, for "until then, call …"


def _phones(outcome, slug, open_only=True):
    contacts = outcome.opening.get(slug, (None, ()))[1]
    return [c for c in contacts if c["kind"] == ContactKind.PHONE and (c["open_now"] or not open_only)]


def unlock_text(name, fact, value, role, area):
    """What one step would open up, as a plan says it: the programme's rule, never a statement
    about the person; identification is the police's step, cooperation the person's own choice."""
    if fact == "police_identified":
        if role == "police":
            return _(
                "%(name)s becomes possible once the police identify the person as a presumed victim of "
                "trafficking. You can start this: formal identification is a step the police take."
            ) % {"name": name}
        return _(
            "%(name)s becomes possible once the police identify the person as a presumed victim of "
            "trafficking. Only the police can do this; you can ask them to start it, with the person’s agreement."
        ) % {"name": name}
    if fact == "police_cooperation":
        return _(
            "%(name)s is for people who decide to cooperate with the police. That is the person’s own "
            "decision: tell them it exists, and do not press."
        ) % {"name": name}
    return _("%(name)s serves %(area)s: it becomes possible if the person can travel there.") % {
        "name": name,
        "area": area,
    }


def build_plan(outcome, answers, by_slug, role):
    """DOMAIN v1.2's plan for the page: one entry per need (or one over every programme), with
    programme objects and the open phones to tap, from the catalogue (one query for names)."""
    needs = answers.get("needs") or []
    entries = outcome.plan(needs, PLAN_LIMIT)
    danger = answers.get("immediate_danger") is True
    index = outcome.catalogue.index
    lines = [
        slug
        for slug in outcome.open_now(PLAN_LIMIT)
        if index.line >> index.position[slug] & 1 and (danger or not index.emergency >> index.position[slug] & 1)
    ]
    wanted = {slug for e in entries for slug in e["now"]} | set(lines)
    wanted |= {n["programme"] for e in entries for n in e["next"]} | {
        u["programme"] for e in entries for u in e["unlocks"]
    }
    missing = wanted - set(by_slug)
    names = dict(by_slug)
    if missing:
        names |= {p.slug: p for p in Programme.objects.select_related("organisation").filter(slug__in=missing)}
    unlocked = [names[u["programme"]] for e in entries for u in e["unlocks"] if u["programme"] in names]
    prefetch_related_objects(unlocked, "area_municipalities")
    labels = dict(QUESTIONS["needs"].options)

    def ask_about(slug):
        if not outcome.possible >> index.position[slug] & 1:
            return []
        missing = engine.evaluate_one(outcome.rule_at(index.position[slug]), answers)["missing"]
        return [str(QUESTIONS[fact].short) for fact in missing]

    line_steps = [PlanStep(names[slug], _phones(outcome, slug)) for slug in lines if slug in names]
    plans = []
    for entry in entries:
        unlocks = []
        for u in entry["unlocks"]:
            programme = names.get(u["programme"])
            if programme is None:  # deleted since the catalogue was read
                continue
            ((fact, value),) = u["if"].items()
            area = ""
            if fact == "municipality":
                area = ", ".join(m.name for m in programme.area_municipalities.all())
            unlocks.append(PlanStep(programme, text=unlock_text(programme.name, fact, value, role, area)))
        plans.append(
            NeedPlan(
                need=entry["need"],
                label=str(labels.get(entry["need"], _("Any help"))) if entry["need"] else _("Any help"),
                now=[
                    PlanStep(names[slug], _phones(outcome, slug), ask_about=ask_about(slug))
                    for slug in entry["now"]
                    if slug in names
                ],
                next=[
                    PlanStep(
                        names[n["programme"]],
                        _phones(outcome, n["programme"], open_only=False),
                        parse_datetime(n["next_open"]) if n["next_open"] else None,
                        ask_about=ask_about(n["programme"]),
                    )
                    for n in entry["next"]
                    if n["programme"] in names
                ],
                unlocks=unlocks,
                nothing_now=entry["nothing_now"],
                lines=line_steps if entry["nothing_now"] else [],
                until_then=line_steps[0] if line_steps else None,
            )
        )
    return plans


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
