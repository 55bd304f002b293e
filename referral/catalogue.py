"""Programme rules from the database as plain engine data (the engine itself never sees the ORM).

Rules come from eight flat queries of plain values, not model instances: building them for
thousands of programmes must stay cheap. They are kept per process and per language, keyed by
the catalogue version that the write path raises in the database with every change, so every
process sees a change at once and nothing else makes them stale. "Open now" is not part of a
rule: it is worked out from the cached opening hours when results are shown.
"""

import gc
import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directory import hours as hours_lib
from directory.models import (
    PLACES_FRESH_HOURS,
    Contact,
    ContactKind,
    Municipality,
    OpeningHours,
    Programme,
    ServiceKind,
    Status,
)
from directory.services import catalogue_state
from directory.translation import CONTENT_LANGUAGES, language_order
from referral import engine
from referral.engine import Condition, Note, Rule
from referral.index import Index
from referral.models import Criterion, Offer, PathwayNote
from referral.questions import QUESTIONS
from referral.vocabulary import FACTS, LEVERS, LIST, VERSION

NOT_STARTED = "not_started"
PLAN_LIMIT = 20  # programmes in each part of a need's plan


def _status_texts():
    return {
        Status.ENDED: _("This programme has ended."),
        Status.TEMPORARILY_CLOSED: _("This programme is temporarily closed."),
        NOT_STARTED: _("This programme has not started yet."),
    }


def fallback_requirement(fact, op, values):
    """A criterion's rule in words when nobody wrote its requirement (e.g. one added by staff)."""
    from referral.presenting import answer_label  # the questionnaire's labels

    if op == engine.NEVER:
        return _("Not a result of the questionnaire.")
    if op == "in_service_area":
        return _("Only for people in the programme’s area.")
    if op == "not_empty":
        return _("Only when “%(fact)s” is answered with something.") % {"fact": QUESTIONS[fact].short}
    kind = FACTS[fact].kind
    labels = ", ".join(answer_label(fact, [v] if kind == LIST else v) for v in values)
    if op == "not_in":
        return _("Not for “%(fact)s”: %(values)s.") % {"fact": QUESTIONS[fact].short, "values": labels}
    return _("Only for “%(fact)s”: %(values)s.") % {"fact": QUESTIONS[fact].short, "values": labels}


def _by_programme(rows, key="programme_id"):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


@dataclass
class Schedule:
    """A contact with what decides whether it is open; `shown` is made only for what is shown."""

    row: dict
    always_open: bool
    closed_on_holidays: bool
    hours: tuple

    @property
    def reachable(self):
        """Whether its hours can make the programme reachable: a phone's can."""
        return self.row["kind"] == ContactKind.PHONE

    @property
    def shown(self):
        c = self.row
        return {
            "kind": c["kind"],
            "value": c["value"],
            "display": c["display"] or c["value"],
            "anonymous": c["anonymous"],
            "toll_free": c["toll_free"],
            "hours_known": self.always_open or bool(self.hours),
            "verified": c["last_verified_at"] is not None,
            "verified_at": timezone.localdate(c["last_verified_at"]).isoformat() if c["last_verified_at"] else None,
            "source": c["source"],
            "source_note": c["source_note"],
        }


@dataclass
class Catalogue:
    """Every programme's rule in one language, its contacts' opening hours, and the index that
    answers a triage without reading every rule (referral/index.py)."""

    version: int
    rules: list
    schedules: dict  # slug -> tuple of Schedule
    municipalities: frozenset
    dates: dict = field(default_factory=dict)  # slug -> (start date, end date), for those with either
    notes: tuple = ()
    full_since: dict = field(default_factory=dict)  # slug -> when it last reported no free places
    status_texts: dict = field(default_factory=dict)
    programmes: dict = field(default_factory=dict)  # id -> (version, slug): what a refresh compares
    index: Index = None
    _opening: dict = field(default_factory=dict)
    _by_day: dict = field(default_factory=dict)
    _changed: dict = field(default_factory=dict)

    def __post_init__(self):
        self.full_since = dict(self.full_since)
        if self.index is None:
            self.index = Index(self.rules, _signatures(self.schedules))
        self.rules = self.index.rules

    def refreshed(self, version, changed, removed, **shared):
        """This catalogue at `version`: the programmes in `changed` (a build of only those) added
        or replaced, the ids in `removed` gone, the rest shared with this one."""
        gone = {self.programmes[pk][1] for pk in (*changed["programmes"], *removed) if pk in self.programmes}

        def merged(name):
            kept = {slug: value for slug, value in getattr(self, name).items() if slug not in gone}
            return kept | changed[name]

        programmes = {pk: found for pk, found in self.programmes.items() if pk not in removed}
        return Catalogue(
            version=version,
            rules=(),
            index=self.index.replaced(gone, changed["rules"], _signatures(changed["schedules"])),
            schedules=merged("schedules"),
            dates=merged("dates"),
            full_since=merged("full_since"),
            programmes=programmes | changed["programmes"],
            **shared,
        )

    def retire(self):
        """Let go of the minute's opening (it points back here) when a newer catalogue takes over."""
        self._opening = {}

    def changed_on(self, day):
        """(today's rule for each programme whose dates decide its status, their bit set): past
        its end date a programme has ended, before its start date it is not suggested."""
        if day not in self._changed:
            changed = {}
            for slug, (start, end) in self.dates.items():
                status = Status.ENDED if end and end < day else NOT_STARTED if start and start > day else None
                rule = self.index.rules[self.index.position[slug]]
                if status and rule.status == Status.ACTIVE:
                    changed[slug] = replace(rule, status=status, status_text=self.status_texts[status])
            self._changed = {day: (changed, self.index.mask(changed))}
        return self._changed[day]

    def rules_on(self, day):
        """Every rule as of `day` (the engine's way: a scan; triage pages use `outcome`)."""
        if day not in self._by_day:
            changed = self.changed_on(day)[0]
            self._by_day = {day: [changed.get(r.slug, r) for r in self.rules]}
        return self._by_day[day]

    def now(self, at=None):
        """(rules, opening) at `at`, now by default: what an evaluation needs."""
        day = timezone.localdate(at) if at else timezone.localdate()
        return self.rules_on(day), self.opening(at)

    def full_at(self, at=None):
        """Programmes whose provider reported no free places within the last 24 hours."""
        since = (at or timezone.now()) - timedelta(hours=PLACES_FRESH_HOURS)
        return frozenset(slug for slug, updated in self.full_since.items() if updated >= since)

    def opening(self, at=None):
        """{slug: (open now?, contacts with `open_now` and `next_open`)} at `at`, worked out for a
        programme when it is first asked for in a minute; with the bit set of programmes open."""
        day, moment, holiday = hours_lib.local_moment(at)
        minute = moment.replace(second=0, microsecond=0)
        key = (day, minute)
        if key not in self._opening:
            local = (day, minute, holiday)
            when = timezone.make_aware(datetime.combine(day, minute), timezone.get_default_timezone())
            self._opening = {key: Opening(self, local, when)}  # only the current minute is kept
        return self._opening[key]

    def next_questions(self, facts):
        """The unknown facts that can change the most outcomes now, best first."""
        return self.outcome(facts).next_questions()

    def outcome(self, facts, at=None):
        """A triage of validated `facts` at `at`: statuses and order for every programme as bit
        sets; result dicts only for the programmes asked for."""
        day = timezone.localdate(at) if at else timezone.localdate()
        changed, ended = self.changed_on(day)
        rules = self.index.rules

        def rule_at(i):
            return changed.get(rules[i].slug, rules[i])

        eligible, possible, excluded, missing = self.index.classify(facts, rule_at, ended)
        opening = self.opening(at)
        full = self.index.mask(self.full_at(at))
        ranking = self.index.ranking(facts, eligible, possible, excluded, opening.mask, full)
        return Outcome(self, facts, eligible, possible, excluded, missing, ranking, opening, rule_at)


class Opening:
    """Contacts' opening at one minute: computed per programme on first use."""

    def __init__(self, catalogue, local, when):
        self.catalogue, self.local, self.when, self.found = catalogue, local, when, {}
        self.mask = 0
        for (always_open, closed_on_holidays, hours), found in catalogue.index.schedules:
            if hours_lib.is_open(
                always_open=always_open, closed_on_holidays=closed_on_holidays, hours=hours, local=local
            ):
                self.mask |= found

    def get(self, slug, default=None):
        if slug not in self.found:
            schedules = self.catalogue.schedules.get(slug)
            if schedules is None:
                return default
            contacts = tuple(_at_moment(s, self.local, self.when) for s in schedules)
            reachable = [c["open_now"] for s, c in zip(schedules, contacts, strict=True) if s.reachable]
            self.found[slug] = (any(reachable) if contacts else None, contacts)
        return self.found[slug]


@dataclass
class Outcome:
    """One triage's statuses as bit sets (see referral/index.py), read a page at a time."""

    catalogue: Catalogue
    facts: dict
    eligible: int
    possible: int
    excluded: int
    missing: dict
    ranking: tuple
    opening: Opening
    rule_at: object

    def result(self, i):
        """The engine's own result for the programme at bit `i`, with its contacts at this minute."""
        rule = self.rule_at(i)
        result = engine.evaluate_one(rule, self.facts)
        result["contacts"] = self.opening.get(rule.slug, (None, ()))[1]
        return result

    def top(self, mask, limit):
        """Up to `limit` result dicts of the programmes in `mask`, best first."""
        return [self.result(i) for _rank, i in Index.top(mask, limit, self.ranking)]

    def answer(self, limit, needs=None):
        """The v1 JSON answer, with at most `limit` programmes of each status (and how many
        there are in all, under `counts`), and the v1.2 `open_now` and `plan` (`needs`: the
        person's needs in the order given)."""
        picked = []
        for mask in (self.eligible, self.possible, self.excluded):
            picked += Index.top(mask, limit, self.ranking)
        if needs is None:
            needs = self.facts.get("needs", [])
        return {
            "vocabulary": VERSION,
            "results": [self.result(i) for _rank, i in sorted(picked)],
            "next_questions": self.next_questions(),
            "notes": engine.notes_for(self.facts, self.catalogue.notes),
            "open_now": self.open_now(limit),
            "plan": self.plan(needs, PLAN_LIMIT),
            "counts": {
                engine.ELIGIBLE: self.eligible.bit_count(),
                engine.POSSIBLE: self.possible.bit_count(),
                engine.EXCLUDED: self.excluded.bit_count(),
            },
        }

    def suggested(self):
        return self.eligible | self.possible

    def ranked(self):
        """Every programme's result dict, best first: what training compares a trainee's picks with."""
        everything = self.eligible | self.possible | self.excluded
        return self.top(everything, everything.bit_count())

    def open_now(self, limit):
        """Slugs of the suggested programmes reachable now (a phone open), best first: emergency
        numbers lead when the person is in danger (the ranking's first tier)."""
        slugs = self.catalogue.index.rules
        return [slugs[i].slug for _rank, i in Index.top(self.suggested() & self.opening.mask, limit, self.ranking)]

    def next_open(self, slug):
        """The earliest opening of a programme's phones, ISO 8601, or None when not known."""
        contacts = self.opening.get(slug, (None, ()))[1]
        times = [c["next_open"] for c in contacts if c["kind"] == ContactKind.PHONE and c["next_open"]]
        return min(times, key=datetime.fromisoformat) if times else None

    def unlocks(self, mask, limit):
        """[(position, fact, value)] of the excluded programmes in `mask` that one lever fact
        (vocabulary.LEVERS) taking another value would make eligible or possible, best first."""
        index, facts, found = self.catalogue.index, self.facts, []
        ended = self.catalogue.changed_on(timezone.localdate(self.opening.when))[1]
        for fact, (value, _who) in LEVERS.items():
            if fact in facts and facts[fact] == value:
                continue
            if value is None:  # the programme's own area: undecided once the town is left out
                if fact not in facts:
                    continue
                changed = {k: v for k, v in facts.items() if k != fact}
            else:
                changed = {**facts, fact: value}
            eligible, possible, _excluded, _missing = index.classify(changed, self.rule_at, ended)
            candidates, count = self.excluded & mask & (eligible | possible), limit
            while True:  # the engine has the last word on each (an area lever names one town)
                ranked = Index.top(candidates, count, self.ranking)
                kept = [entry for entry in (self._unlocked(rank, i, fact, value) for rank, i in ranked) if entry]
                if len(kept) >= limit or len(ranked) < count:
                    break
                count *= 4
            found += kept[:limit]
        return [(i, fact, value) for _rank, i, fact, value in sorted(found, key=lambda entry: entry[0])[:limit]]

    def _unlocked(self, rank, i, fact, value):
        """(rank, position, fact, value) when the lever opens the programme at `i`, else None."""
        rule = self.rule_at(i)
        wanted = value if value is not None else min(rule.areas or (), default=None)
        if wanted is None or wanted == self.facts.get(fact):
            return None
        if engine.evaluate_one(rule, {**self.facts, fact: wanted})["status"] == engine.EXCLUDED:
            return None
        return rank, i, fact, wanted

    def plan(self, needs, limit):
        """DOMAIN v1.2 `plan`: for each need (or one entry over every programme), what can be
        reached now, what opens next and what one step could open up."""
        index = self.catalogue.index
        rules = index.rules
        entries = []
        for need in needs or [None]:
            offers = index.everything if need is None else index.offered.get(need, 0)
            suggested = self.suggested() & offers
            now = [rules[i].slug for _r, i in Index.top(suggested & self.opening.mask, limit, self.ranking)]
            later = [rules[i].slug for _r, i in Index.top(suggested & ~self.opening.mask, limit, self.ranking)]
            later = [(slug, self.next_open(slug)) for slug in later]
            later.sort(key=lambda pair: (pair[1] is None, datetime.fromisoformat(pair[1]) if pair[1] else None))
            entries.append(
                {
                    "need": need,
                    "now": now,
                    "next": [{"programme": slug, "next_open": when} for slug, when in later],
                    "unlocks": [
                        {"programme": rules[i].slug, "if": {fact: value}, "who": LEVERS[fact][1]}
                        for i, fact, value in self.unlocks(offers, limit)
                    ],
                    "nothing_now": not now,
                }
            )
        return entries

    def next_questions(self):
        relevant = self.catalogue.index.relevant(self.facts)
        return engine.rank_questions({fact: (found & relevant).bit_count() for fact, found in self.missing.items()})


def _at_moment(schedule, local, when):
    hours = {
        "always_open": schedule.always_open,
        "closed_on_holidays": schedule.closed_on_holidays,
        "hours": schedule.hours,
    }
    return {
        **schedule.shown,
        "open_now": hours_lib.is_open(**hours, local=local),
        "next_open": _iso(hours_lib.next_open(**hours, at=when)),
    }


def _capacity(programme):
    if programme["places_updated_at"] is None or programme["places_available"] is None:
        return None
    return {
        "available": programme["places_available"],
        "total": programme["places_total"],
        "updated": _iso(timezone.localtime(programme["places_updated_at"])),
    }


def _iso(moment):
    return moment.isoformat(timespec="seconds") if moment else None


_CACHE = {}  # language -> Catalogue
REFRESH_AT_MOST = 500  # programmes changed since the last build: beyond this, build afresh


def clear_cache():
    _CACHE.clear()


def load_catalogue():
    """The rules in the active language: from the cache (one query for the catalogue version);
    refreshed where only some programmes changed since (their versions tell which); else built
    from a fixed number of queries whatever the number of programmes."""
    version, reset_at = catalogue_state()
    lang = language_order()[0]
    cached = _CACHE.get(lang)
    if cached is not None and cached.version == version:
        return cached
    found = None
    if cached is not None and reset_at <= cached.version < version:
        found = refresh(cached, version)
    if found is None:
        found = _build_afresh(version)
    if cached is not None:
        cached.retire()
    _CACHE[lang] = found
    return found


# Below this many programmes a build makes too few objects for a full collection to pay: it costs
# 60 ms in a large process, the build of 30 programmes 4 ms.
COLLECT_FROM = 2_000


def _build_afresh(version):
    gc.unfreeze()  # what an older version left behind can be collected again
    # Millions of long-lived objects at 100,000 programmes, none of them garbage: the collector
    # stays off while they are made, then leaves them alone until the next full build.
    gc.disable()
    try:
        found = build_catalogue(version)
    finally:
        gc.enable()
    if len(found.programmes) >= COLLECT_FROM:
        gc.collect()
        gc.freeze()
    return found


def refresh(cached, version):
    """`cached` at `version`, with only the programmes whose versions moved read again (None when
    so many changed that a full build is cheaper)."""
    now = dict(Programme.objects.values_list("id", "version"))
    changed = [pk for pk, v in now.items() if cached.programmes.get(pk, (None,))[0] != v]
    removed = [pk for pk in cached.programmes if pk not in now]
    if len(changed) + len(removed) > REFRESH_AT_MOST:
        return None
    order = language_order()
    parts = _parts(order, changed) if changed else {name: {} for name in PARTS} | {"rules": []}
    return cached.refreshed(version, parts, removed, **_shared(order))


def warm():
    """Build the catalogue in each content language before the first request (config/wsgi.py)."""
    for code in CONTENT_LANGUAGES:
        with translation.override(code):
            load_catalogue()


def load_rules():
    """Today's rules."""
    return load_catalogue().rules_on(timezone.localdate())


def _clauses(order, only):
    """{programme id: its clauses}, built from one query. Identical conditions and clauses are
    one object each (100,000 synthetic programmes share a few dozen): less to build and keep,
    and the index reads each distinct clause once. Values are read as JSON text and decoded once
    per distinct text."""
    rows = (
        only(Criterion.objects)
        .order_by("programme_id", "clause", "pk")
        .values_list(
            "programme_id",
            "clause",
            "fact",
            "operator",
            Cast("values", TextField()),
            *[f"explanation_{c}" for c in order],
            *[f"requirement_{c}" for c in order],
        )
    )
    conditions, clauses, grouped = {}, {}, defaultdict(lambda: defaultdict(list))
    for programme, clause, fact, op, raw, *texts in rows:
        key = (fact, op, raw, *texts)
        condition = conditions.get(key)
        if condition is None:
            values = tuple(json.loads(raw) or ()) if raw else ()
            explanations, requirements = texts[: len(order)], texts[len(order) :]
            requirement = next((t for t in requirements if t), "") or fallback_requirement(fact, op, values)
            text = next((t for t in explanations if t), "")
            condition = conditions[key] = Condition(fact, op, values, text, requirement)
        grouped[programme][clause].append(condition)
    found = {}
    for programme, numbered in grouped.items():
        shared = []
        for n in sorted(numbered):
            key = tuple(map(id, numbered[n]))
            shared.append(clauses.setdefault(key, tuple(numbered[n])))
        found[programme] = tuple(shared)
    return found


PARTS = ("schedules", "dates", "full_since", "programmes")


def _signatures(schedules):
    """{slug: the distinct opening hours of its phones}: what "reachable now" is worked out from
    (an e-mail address or a website never makes a programme reachable now)."""
    return {
        slug: {(s.always_open, s.closed_on_holidays, s.hours) for s in found if s.reachable}
        for slug, found in schedules.items()
    }


def _parts(order, ids=None):
    """The rules and the other per-programme parts of a catalogue, for every programme or for
    those whose ids are in `ids`."""

    def only(rows, through="programme_id"):
        return rows if ids is None else rows.filter(**{f"{through}__in": ids})

    criteria = _clauses(order, only)
    areas = _by_programme(
        only(Programme.area_municipalities.through.objects).values("programme_id", "municipality__slug")
    )
    languages = _by_programme(only(Programme.languages.through.objects).values("programme_id", "language__code"))
    serves = _by_programme(only(Offer.objects).values("programme_id", "need"))
    links = only(Contact.programmes.through.objects)
    hours = _by_programme(
        OpeningHours.objects.filter(contact__in=links.values("contact_id")).values(
            "contact_id", "days", "opens", "closes"
        ),
        key="contact_id",
    )
    contacts = _by_programme(
        links.order_by("programme_id", "contact__position", "contact_id").values(
            "programme_id",
            "contact_id",
            kind=F("contact__kind"),
            value=F("contact__value"),
            display=F("contact__display"),
            anonymous=F("contact__anonymous"),
            toll_free=F("contact__toll_free"),
            always_open=F("contact__always_open"),
            closed_on_holidays=F("contact__closed_on_holidays"),
            source=F("contact__source"),
            source_note=F("contact__source_note"),
            last_verified_at=F("contact__last_verified_at"),
        )
    )
    status_texts = _status_texts()
    parts = {"rules": [], **{name: {} for name in PARTS}}
    programmes = (
        only(Programme.objects, "id")
        .order_by("slug")
        .values(
            "id",
            "slug",
            "version",
            "status",
            "kind",
            "area_national",
            "interpretation",
            "start_date",
            "end_date",
            "places_available",
            "places_total",
            "places_updated_at",
        )
    )
    for p in programmes:
        slug = p["slug"]
        parts["programmes"][p["id"]] = (p["version"], slug)
        parts["schedules"][slug] = tuple(
            Schedule(
                row=c,
                always_open=c["always_open"],
                closed_on_holidays=c["closed_on_holidays"],
                hours=tuple((h["days"], h["opens"], h["closes"]) for h in hours[c["contact_id"]]),
            )
            for c in contacts[p["id"]]
        )
        if p["start_date"] or p["end_date"]:
            parts["dates"][slug] = (p["start_date"], p["end_date"])
        if p["places_available"] == 0 and p["places_updated_at"] is not None:
            parts["full_since"][slug] = p["places_updated_at"]
        parts["rules"].append(
            Rule(
                slug=slug,
                clauses=criteria.get(p["id"], ()),
                status=p["status"],
                status_text=status_texts.get(p["status"], ""),
                emergency=p["kind"] == ServiceKind.EMERGENCY,
                helpline=p["kind"] in (ServiceKind.HELPLINE, ServiceKind.REPORTING),
                areas=None if p["area_national"] else frozenset(a["municipality__slug"] for a in areas[p["id"]]),
                languages=frozenset(row["language__code"] for row in languages[p["id"]]),
                interpretation=p["interpretation"],
                capacity=_capacity(p),
                serves=frozenset(row["need"] for row in serves[p["id"]]),
            )
        )
    return parts


def _shared(order):
    """What the catalogue reads besides the programmes: municipalities, pathway notes, texts."""
    notes = tuple(
        Note(
            id=n["code"],
            text=next((n[f"text_{code}"] for code in order if n[f"text_{code}"]), ""),
            source=n["source"],
            clauses=tuple(
                tuple(Condition(t["fact"], t["operator"], tuple(t.get("values") or ())) for t in clause)
                for clause in n["condition"]
            ),
        )
        for n in PathwayNote.objects.values("code", "condition", "source", *[f"text_{code}" for code in order])
    )
    return {
        "municipalities": frozenset(Municipality.objects.values_list("slug", flat=True)),
        "notes": notes,
        "status_texts": _status_texts(),
    }


def build_catalogue(version=None):
    order = language_order()
    return Catalogue(version=version, **_parts(order), **_shared(order))


def load_programmes():
    """Every programme with what the results pages show, in a fixed number of queries."""
    return list(Programme.objects.for_directory())
