"""An index over the rules, so that a triage costs what it shows, not the size of the catalogue.

Each programme is one bit of Python integers used as bit sets, numbered in the engine's last
tie-break order (more clauses first, then slug). Whether a clause holds, fails or is undecided
depends only on its conditions and the facts, so it is worked out once per distinct clause, not
once per programme: a hundred thousand programmes share a few hundred distinct clauses. Status,
the ranking (danger, status, full, reachable now, needs met, language) and the next questions then
come from a few hundred operations on those integers, and only the programmes that are shown are
evaluated one by one by the engine, whose results and reasons stay the single source of truth.
Plain Python, no ORM: `referral.catalogue` builds it and supplies the time-dependent parts.
"""

import bisect
from collections import defaultdict

from referral.triage import engine

SERVICE_AREA = "in_service_area"


def mask_of(positions, size):
    """A bit set with the given bit positions."""
    buffer = bytearray((size + 7) // 8)
    for i in positions:
        buffer[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buffer, "little")


def positions(mask):
    """The set bits of `mask`, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def clause_state(conditions, facts):
    """(True | False | None, the unknown facts) of one clause, exactly as `engine.evaluate_one`
    reads it: a condition on an unknown fact is undecided, except `never`."""
    unknown = []
    for condition in conditions:
        if condition.fact not in facts:
            if condition.op != engine.NEVER:
                unknown.append(condition.fact)
            continue
        if engine.check(condition, facts, engine._NO_PROGRAMME):
            return True, ()
    return (None, unknown) if unknown else (False, ())


def order(rule):
    """The engine's last tie-break: more clauses first, then slug."""
    return -len(rule.clauses), rule.slug


class Index:
    """Bit sets over the rules, keyed by what they test: ("clause", its conditions), ("area",
    town), ("offered", need), ("spoken", language), ("schedule", opening hours) and a few flags.
    `schedules`: {slug: the opening-hours signatures of its contacts} (for "open now")."""

    def __init__(self, rules, schedules=None):
        self.rules = sorted(rules, key=order)
        self.representative = {}
        found = defaultdict(list)
        kinds = {}
        for i, rule in enumerate(self.rules):
            for key in self._keys(rule, (schedules or {}).get(rule.slug, ()), kinds):
                found[key].append(i)
        self.sets = {key: mask_of(found, len(self.rules)) for key, found in found.items()}
        self._settle()

    def _keys(self, rule, signatures, kinds):
        """The bit sets that hold `rule`. `kinds` remembers clause objects already read (the
        catalogue shares identical ones)."""
        flags = {
            "inactive": rule.status != "active",
            "emergency": rule.emergency,
            "line": rule.emergency or rule.helpline,
            "interpretation": rule.interpretation,
            "asks_none": not rule.asked_needs,
        }
        yield from ((name,) for name, on in flags.items() if on)
        yield from (("offered", need) for need in rule.offered_needs)
        yield from (("asked", need) for need in rule.asked_needs)
        yield from (("spoken", code) for code in rule.languages)
        yield from (("schedule", signature) for signature in signatures)
        for clause in rule.clauses:
            kind = kinds.get(id(clause))
            if kind is None:
                area = any(c.op == SERVICE_AREA for c in clause)
                kind = kinds[id(clause)] = SERVICE_AREA if area else tuple((c.fact, c.op, c.values) for c in clause)
            if kind != SERVICE_AREA:
                # One representative clause per distinct (fact, operator, values) tuple.
                self.representative.setdefault(kind, clause)
                yield "clause", kind
            elif len(clause) > 1:
                yield ("irregular",)  # the area of one programme among alternatives
            else:
                yield ("service_area",)
                if rule.areas is None:
                    yield ("national",)
                yield from (("area", town) for town in rule.areas or ())

    def _settle(self):
        """The attributes the questions read, from `rules` and `sets`."""
        self.size = len(self.rules)
        self.position = {rule.slug: i for i, rule in enumerate(self.rules)}
        self.everything = (1 << self.size) - 1
        groups = defaultdict(dict)
        for key, mask in self.sets.items():
            if len(key) == 2 and mask:
                groups[key[0]][key[1]] = mask
        self.clauses = [(self.representative[kind], mask) for kind, mask in groups["clause"].items()]
        self.areas, self.offered, self.spoken = groups["area"], groups["offered"], groups["spoken"]
        self.asked = groups["asked"]
        self.schedules = list(groups["schedule"].items())
        for name in ("inactive", "emergency", "line", "interpretation", "asks_none", "irregular"):
            setattr(self, name, self.sets.get((name,), 0))
        self.service_area = self.sets.get(("service_area",), 0)
        self.national = self.sets.get(("national",), 0)

    def replaced(self, removed, added, schedules=None):
        """A new index without the rules of the slugs in `removed` and with the rules `added`
        (new programmes and new versions of changed ones): bits shift to make room, so a few
        changes cost a few operations per bit set instead of a new index."""
        new = object.__new__(Index)
        new.rules, new.representative = list(self.rules), dict(self.representative)
        sets = self.sets
        for i in sorted((self.position[slug] for slug in removed if slug in self.position), reverse=True):
            del new.rules[i]
            low = (1 << i) - 1
            sets = {key: (mask & low) | ((mask >> (i + 1)) << i) for key, mask in sets.items()}
        kinds = {}
        for rule in added:
            i = bisect.bisect_left(new.rules, order(rule), key=order)
            new.rules.insert(i, rule)
            low, bit = (1 << i) - 1, 1 << i
            sets = {key: (mask & low) | ((mask >> i) << (i + 1)) for key, mask in sets.items()}
            for key in new._keys(rule, (schedules or {}).get(rule.slug, ()), kinds):
                sets[key] = sets.get(key, 0) | bit
        new.sets = {key: mask for key, mask in sets.items() if mask}
        new._settle()
        return new

    def mask(self, slugs):
        return mask_of((self.position[s] for s in slugs if s in self.position), self.size)

    def classify(self, facts, rule_at, inactive=0):
        """(eligible, possible, excluded, {fact: possible programmes missing it}) as bit sets.
        `inactive`: programmes excluded today by their dates; `rule_at(i)` gives today's rule."""
        failed, undecided, missing = self.inactive | inactive, 0, defaultdict(int)
        for conditions, mask in self.clauses:
            state, unknown = clause_state(conditions, facts)
            if state is False:
                failed |= mask
            elif state is None:
                undecided |= mask
                for fact in unknown:
                    missing[fact] |= mask
        if self.service_area:
            town = facts.get("municipality")
            if town is None:
                undecided |= self.service_area
                missing["municipality"] |= self.service_area
            else:
                failed |= self.service_area & ~(self.national | self.areas.get(town, 0))
        regular = self.everything & ~self.irregular
        excluded = failed & regular
        possible = undecided & regular & ~failed
        eligible = regular & ~failed & ~undecided
        missing = {fact: found & possible for fact, found in missing.items()}
        for i in positions(self.irregular):  # read one by one, as the engine would
            result = engine.evaluate_one(rule_at(i), facts)
            bit = 1 << i
            if result["status"] == engine.ELIGIBLE:
                eligible |= bit
            elif result["status"] == engine.POSSIBLE:
                possible |= bit
                for fact in result["missing"]:
                    missing[fact] = missing.get(fact, 0) | bit
            else:
                excluded |= bit
        return eligible, possible, excluded, missing

    def relevant(self, facts):
        """Programmes still worth asking about (`engine.asks_about`); everything while the needs
        are not known."""
        if "needs" not in facts:
            return self.everything
        wanted = 0
        for need in set(facts["needs"]):
            wanted |= self.asked.get(need, 0)
        return wanted | (self.asks_none & self.line)

    def ranking(self, facts, eligible, possible, excluded, opened, full):
        """The engine's order as (tiers, segments): tiers by danger and status, then segments by
        free places, reachable now, needs met and language; inside a segment, bit order is the rest."""
        everything = self.everything
        if facts.get("immediate_danger") is True:
            ordinary = everything & ~self.emergency
            tiers = [self.emergency, eligible & ordinary, possible & ordinary, excluded & ordinary]
        else:
            tiers = [eligible, possible, excluded]
        counts = [everything]  # counts[k]: programmes offering exactly k of the needs
        for need in set(facts.get("needs", ())):
            has = self.offered.get(need, 0)
            grown = [0] * (len(counts) + 1)
            for k, found in enumerate(counts):
                grown[k] |= found & ~has
                grown[k + 1] |= found & has
            counts = grown
        if facts.get("languages"):
            match = self.interpretation
            for code in facts["languages"]:
                match |= self.spoken.get(code, 0)
            languages = [match, everything & ~match]
        else:
            languages = [everything]
        segments = []
        for places in (everything & ~full, full):
            for now in (opened, everything & ~opened):
                for needs in reversed(counts):
                    for language in languages:
                        segment = places & needs & language & now
                        if segment:
                            segments.append(segment)
        return tiers, segments

    @staticmethod
    def top(mask, limit, ranking):
        """Up to `limit` programmes of `mask` in the engine's order, as (rank, position)."""
        tiers, segments = ranking
        found = []
        for t, tier in enumerate(tiers):
            part = tier & mask
            if not part:
                continue
            for s, segment in enumerate(segments):
                for i in positions(part & segment):
                    if len(found) == limit:
                        return found
                    found.append(((t, s, i), i))
        return found
