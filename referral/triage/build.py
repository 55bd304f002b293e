"""Building the catalogue from the database: a fixed number of flat queries of plain values (not
model instances), for every programme or for those that changed; the engine never sees the ORM."""

import json
from collections import defaultdict

from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from directory.models import (
    Contact,
    Municipality,
    OpeningHours,
    Programme,
    ServiceKind,
)
from directory.translation import language_order
from referral.models import Criterion, Offer, PathwayNote
from referral.questions import QUESTIONS
from referral.triage import engine
from referral.triage.engine import Condition, Note, Rule
from referral.triage.outcome import Catalogue, Schedule, _capacity, _status_texts
from referral.vocabulary import FACTS, LIST


def fallback_requirement(fact, op, values):
    """A criterion's rule in words when nobody wrote its requirement (e.g. one added by staff)."""
    from referral.questionnaire.presenting import answer_label  # the questionnaire's labels

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
