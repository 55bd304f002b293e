"""Programme rules from the database as plain engine data (the engine itself never sees the ORM).

Rules come from seven flat queries of plain values, not model instances: building them for
thousands of programmes must stay cheap. They are kept per process and per language, keyed by
the catalogue version that the write path raises in the database with every change, so every
process sees a change at once and nothing else makes them stale. "Open now" is not part of a
rule: it is worked out from the cached opening hours when results are shown.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory import hours as hours_lib
from directory.models import Contact, Municipality, OpeningHours, Programme, ServiceKind, Status
from directory.services import catalogue_version
from directory.translation import language_order
from referral.engine import Condition, Rule
from referral.models import Criterion


def _status_texts():
    return {
        Status.ENDED: _("This programme has ended."),
        Status.TEMPORARILY_CLOSED: _("This programme is temporarily closed."),
    }


def _by_programme(rows, key="programme_id"):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


@dataclass
class Schedule:
    """A contact as results show it, with what decides whether it is open."""

    shown: dict
    always_open: bool
    closed_on_holidays: bool
    hours: tuple


@dataclass
class Catalogue:
    """Every programme's rule in one language, and its contacts' opening hours."""

    version: int
    rules: list
    schedules: dict  # slug -> tuple of Schedule
    municipalities: frozenset
    _opening: dict = field(default_factory=dict)

    def opening(self, at=None):
        """{slug: (open now?, contacts with `open_now`)} at `at`, worked out once a minute."""
        day, moment, holiday = hours_lib.local_moment(at)
        minute = moment.replace(second=0, microsecond=0)
        key = (day, minute)
        if key not in self._opening:
            local = (day, minute, holiday)
            opening = {}
            for slug, schedules in self.schedules.items():
                contacts = tuple(
                    {
                        **s.shown,
                        "open_now": hours_lib.is_open(
                            always_open=s.always_open,
                            closed_on_holidays=s.closed_on_holidays,
                            hours=s.hours,
                            local=local,
                        ),
                    }
                    for s in schedules
                )
                opening[slug] = (any(c["open_now"] for c in contacts) if contacts else None, contacts)
            self._opening = {key: opening}  # only the current minute is kept
        return self._opening[key]


_CACHE = {}  # (catalogue version, language) -> Catalogue


def clear_cache():
    _CACHE.clear()


def load_catalogue():
    """The rules in the active language: from the cache (one query to check the catalogue
    version), or built from seven queries whatever the number of programmes."""
    version, lang = catalogue_version(), language_order()[0]
    found = _CACHE.get((version, lang))
    if found is None:
        for key in [key for key in _CACHE if key[0] != version]:
            del _CACHE[key]
        found = _CACHE[(version, lang)] = build_catalogue(version)
    return found


def load_rules():
    return load_catalogue().rules


def build_catalogue(version=None):
    order = language_order()
    criteria = _by_programme(
        Criterion.objects.order_by("programme_id", "clause", "pk").values(
            "programme_id", "clause", "fact", "operator", "values", *[f"explanation_{code}" for code in order]
        )
    )
    areas = _by_programme(Programme.area_municipalities.through.objects.values("programme_id", "municipality__slug"))
    languages = _by_programme(Programme.languages.through.objects.values("programme_id", "language__code"))
    hours = _by_programme(OpeningHours.objects.values("contact_id", "days", "opens", "closes"), key="contact_id")
    contacts = _by_programme(
        Contact.objects.order_by("programme_id", "position", "pk").values(
            "id",
            "programme_id",
            "kind",
            "value",
            "display",
            "anonymous",
            "toll_free",
            "always_open",
            "closed_on_holidays",
        )
    )
    status_texts = _status_texts()
    rules, schedules = [], {}
    programmes = Programme.objects.order_by("slug").values(
        "id", "slug", "status", "kind", "area_national", "interpretation"
    )
    for p in programmes:
        grouped = defaultdict(list)
        for c in criteria[p["id"]]:
            text = next((c[f"explanation_{code}"] for code in order if c[f"explanation_{code}"]), "")
            grouped[c["clause"]].append(Condition(c["fact"], c["operator"], tuple(c["values"] or ()), text))
        schedules[p["slug"]] = tuple(
            Schedule(
                shown={
                    "kind": c["kind"],
                    "value": c["value"],
                    "display": c["display"] or c["value"],
                    "anonymous": c["anonymous"],
                    "toll_free": c["toll_free"],
                },
                always_open=c["always_open"],
                closed_on_holidays=c["closed_on_holidays"],
                hours=tuple((h["days"], h["opens"], h["closes"]) for h in hours[c["id"]]),
            )
            for c in contacts[p["id"]]
        )
        rules.append(
            Rule(
                slug=p["slug"],
                clauses=tuple(tuple(grouped[n]) for n in sorted(grouped)),
                status=p["status"],
                status_text=status_texts.get(p["status"], ""),
                emergency=p["kind"] == ServiceKind.EMERGENCY,
                areas=None if p["area_national"] else frozenset(a["municipality__slug"] for a in areas[p["id"]]),
                languages=frozenset(row["language__code"] for row in languages[p["id"]]),
                interpretation=p["interpretation"],
                contacts=tuple(s.shown for s in schedules[p["slug"]]),
            )
        )
    municipalities = frozenset(Municipality.objects.values_list("slug", flat=True))
    return Catalogue(version=version, rules=rules, schedules=schedules, municipalities=municipalities)


def load_programmes():
    """Every programme with what the results pages show, in a fixed number of queries."""
    return list(Programme.objects.for_directory())
