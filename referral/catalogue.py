"""Programme rules from the database as plain engine data (the engine itself never sees the ORM).

Rules come from six flat queries of plain values, not model instances: building them for
thousands of programmes must stay cheap, as triage runs on every answer.
"""

from collections import defaultdict

from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory import hours as hours_lib
from directory.models import Contact, Criterion, OpeningHours, Programme, ServiceKind, Status
from referral.engine import Condition, Rule


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


# Rules are rebuilt when the catalogue changes, the language differs or the minute turns (open now);
# otherwise each process reuses them: a triage answer must not rebuild thousands of rules.
_CACHE = {"key": None, "rules": None}
SIGNATURE_TABLES = [
    ("directory_programme", "id"),
    ("directory_criterion", "id"),
    ("directory_contact", "id"),
    ("directory_openinghours", "id"),
    ("directory_programme_languages", "id"),
    ("directory_programme_area_municipalities", "id"),
    ("directory_historicalprogramme", "history_id"),
    ("directory_historicalcriterion", "history_id"),
    ("directory_historicalcontact", "history_id"),
    ("directory_historicalopeninghours", "history_id"),
    ("directory_historicalprogramme_languages", "m2m_history_id"),
    ("directory_historicalprogramme_area_municipalities", "m2m_history_id"),
]


def catalogue_signature():
    """One cheap query whose answer changes whenever anything the rules depend on changes: new rows
    raise a table's highest id, and every ORM change or deletion adds a history row. Only indexed
    MAX() lookups, no COUNT() scans: it runs on every triage request."""
    parts = ", ".join(f"(SELECT MAX({c}) FROM {t})" for t, c in SIGNATURE_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        return tuple(cursor.fetchone())


def clear_cache():
    _CACHE.update(key=None, rules=None)


def load_rules(at=None):
    """Every programme's rule: from the cache, or built from six queries whatever the number of programmes."""
    day, moment, _holiday = hours_lib.local_moment(at)
    key = (catalogue_signature(), get_language(), day, moment.replace(second=0, microsecond=0))
    if _CACHE["key"] != key:
        _CACHE.update(key=key, rules=build_rules(at))
    return _CACHE["rules"]


def build_rules(at=None):
    lang = (get_language() or "sl")[:2]
    other = "en" if lang == "sl" else "sl"
    criteria = _by_programme(
        Criterion.objects.order_by("programme_id", "clause", "pk").values(
            "programme_id", "clause", "fact", "operator", "values", "explanation_sl", "explanation_en"
        )
    )
    areas = _by_programme(Programme.area_municipalities.through.objects.values("programme_id", "municipality__slug"))
    languages = _by_programme(Programme.languages.through.objects.values("programme_id", "language__code"))
    hours = _by_programme(OpeningHours.objects.values("contact_id", "days", "opens", "closes"), key="contact_id")
    contacts = _by_programme(
        Contact.objects.order_by("programme_id", "position", "pk").values(
            "id", "programme_id", "kind", "value", "display", "anonymous", "toll_free", "always_open",
            "closed_on_holidays",
        )
    )  # fmt: skip
    status_texts = _status_texts()
    local = hours_lib.local_moment(at)
    rules = []
    programmes = Programme.objects.order_by("slug").values(
        "id", "slug", "status", "kind", "area_national", "interpretation"
    )
    for p in programmes:
        grouped = defaultdict(list)
        for c in criteria[p["id"]]:
            text = c[f"explanation_{lang}"] or c[f"explanation_{other}"]
            grouped[c["clause"]].append(Condition(c["fact"], c["operator"], tuple(c["values"] or ()), text))
        shown = tuple(
            {
                "kind": c["kind"],
                "value": c["value"],
                "display": c["display"] or c["value"],
                "open_now": hours_lib.is_open(
                    always_open=c["always_open"],
                    closed_on_holidays=c["closed_on_holidays"],
                    hours=[(h["days"], h["opens"], h["closes"]) for h in hours[c["id"]]],
                    local=local,
                ),
                "anonymous": c["anonymous"],
                "toll_free": c["toll_free"],
            }
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
                open_now=any(c["open_now"] for c in shown) if shown else None,
                contacts=shown,
            )
        )
    return rules


def load_programmes():
    """Every programme with what the results pages show, in a fixed number of queries."""
    return list(Programme.objects.for_directory())
