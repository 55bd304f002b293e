"""The catalogue at a moment: every programme's rule in one language, with its contacts' hours and
the index (referral/triage/index.py), and a triage's outcome at a given minute: statuses, order,
who is reachable, the plan for each need. Plain data: built by build.py, kept by cache.py."""

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from directory import hours as hours_lib
from directory.models import (
    PLACES_FRESH_HOURS,
    ContactKind,
    Status,
)
from referral.triage import engine
from referral.triage.index import Index
from referral.vocabulary import LEVERS, VERSION

NOT_STARTED = "not_started"
PLAN_LIMIT = 20  # programmes in each part of a need's plan


def _status_texts():
    return {
        Status.ENDED: _("This programme has ended."),
        Status.TEMPORARILY_CLOSED: _("This programme is temporarily closed."),
        NOT_STARTED: _("This programme has not started yet."),
    }


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
    answers a triage without reading every rule (referral/triage/index.py)."""

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
    """One triage's statuses as bit sets (see referral/triage/index.py), read a page at a time."""

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


def _signatures(schedules):
    """{slug: the distinct opening hours of its phones}: what "reachable now" is worked out from
    (an e-mail address or a website never makes a programme reachable now)."""
    return {
        slug: {(s.always_open, s.closed_on_holidays, s.hours) for s in found if s.reachable}
        for slug, found in schedules.items()
    }
