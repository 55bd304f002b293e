"""What only the read API serves, beside the export's services and organizations: taxonomies and
their terms, service at locations, free places (HSDS 3.1 `service_capacity`) and the edit history
as HSDS `metadata`. Every id is a UUID derived from what it names (`hsds.sub_id`), so it stays the
same from one request, process or database to the next. The profile (`PROFILE`) documents what
we add to HSDS 3.0 and where we differ from its examples.
"""

from django.utils import timezone

from directory.hsds import STATUS_TO_HSDS, compact, service_document, sub_id
from directory.models import Contact, ContactKind, Location, Taxonomy, Term
from directory.services import EDITABLE_FIELDS

HSDS_VERSION = "3.0"
KAZIPOT = "kazipot"  # the taxonomy of our own attribute codes (`kazipot-slug`, …)
TAXONOMY_CODES = [code for code, _label in Taxonomy.choices]

# The kazipot-* attribute codes the export uses, with what each one means.
ATTRIBUTE_CODES = {
    "kazipot-slug": "The record's stable short name in Kažipot (URLs, other tools).",
    "kazipot-kind": "The kind of programme or organisation (Kažipot's vocabulary).",
    "kazipot-term": "A taxonomy term of the service as taxonomy:code (see /taxonomy_terms).",
    "kazipot-offers": "What the service offers, in one line.",
    "kazipot-area": "A municipality of the service area (its slug), or 'national'.",
    "kazipot-funder": "A funder of the service (its slug).",
    "kazipot-display": "The phone number as people write it.",
    "kazipot-toll_free": "The call is free.",
    "kazipot-anonymous": "The caller does not have to give a name.",
    "kazipot-always_open": "The line is open day and night, every day.",
    "kazipot-closed_on_holidays": "Closed on Slovenian public holidays.",
    "kazipot-contact": "The phone or other contact an opening time belongs to (its id).",
    "kazipot-days": "The days of an opening time (Kažipot's vocabulary).",
    "kazipot-verified_at": "The day the provider last confirmed this phone (ISO date).",
}


def taxonomy_id(code):
    return sub_id("taxonomy", code)


def term_id(taxonomy, code):
    """Our terms' ids; the kazipot attribute codes keep the ids the export has always given them."""
    return sub_id("term", code) if taxonomy == KAZIPOT else sub_id("term", f"{taxonomy}:{code}")


def taxonomies():
    """Every taxonomy as an HSDS document: ours (forms of exploitation, who a programme is for) and
    the one that names our attribute codes."""
    found = [
        {
            "id": taxonomy_id(code),
            "name": str(label),
            "description": str(label),
            "uri": f"https://kazipot.si/taxonomies/{code}",
            "version": "1",
        }
        for code, label in Taxonomy.choices
    ]
    found.append(
        {
            "id": taxonomy_id(KAZIPOT),
            "name": "Kažipot attributes",
            "description": "The codes of the attributes Kažipot adds to HSDS records.",
            "uri": "https://kazipot.si/taxonomies/kazipot",
            "version": "1",
        }
    )
    return found


def terms():
    """Every taxonomy term as an HSDS document (a flat list: no term has a parent)."""
    found = [
        {
            "id": term_id(t.taxonomy, t.code),
            "code": t.code,
            "name": t.name,
            "description": f"{t.get_taxonomy_display()}: {t.name}",
            "taxonomy": t.taxonomy,
            "taxonomy_id": taxonomy_id(t.taxonomy),
            "language": None,
        }
        for t in Term.objects.all()
    ]
    found += [
        {
            "id": term_id(KAZIPOT, code),
            "code": code,
            "name": code,
            "description": meaning,
            "taxonomy": KAZIPOT,
            "taxonomy_id": taxonomy_id(KAZIPOT),
        }
        for code, meaning in ATTRIBUTE_CODES.items()
    ]
    return [compact(t) for t in found]


def term_by_id(uid):
    return next(((t["taxonomy"], t["code"]) for t in terms() if t["id"] == uid), None)


# Service at locations ---------------------------------------------------------------------------


def service_at_location_id(programme, location):
    return sub_id("service_at_location", programme.uid, location.pk)


def location_document(location):
    """An HSDS location; a confidential one (a safe house) with its name only: no address, no
    coordinates (we keep none), as the profile says."""
    lid = sub_id("location", location.pk)
    document = {
        "id": lid,
        "location_type": "physical",
        "organization_id": str(location.organisation.uid),
        "name": location.name,
        "addresses": [],
    }
    if location.confidential:
        document["description"] = "Confidential address: not published."
    elif location.address and location.city:
        document["addresses"] = [
            {
                "id": sub_id(lid, "address"),
                "location_id": lid,
                "address_1": location.address,
                "city": location.city,
                "state_province": location.municipality.name if location.municipality else location.city,
                "postal_code": location.postal_code or "",
                "country": "SI",
                "address_type": "physical",
            }
        ]
    return document


def service_at_location_document(programme, location, lang, full=False):
    """A service at one of its locations. The HSDS 3.0 OpenAPI document describes the answer of
    `/service_at_locations/{id}` with the service schema, so the record also carries its
    service's name and status (the profile says so)."""
    service = compact(service_document(programme, lang)) if full else None
    return compact(
        {
            "id": service_at_location_id(programme, location),
            "service_id": str(programme.uid),
            "location_id": sub_id("location", location.pk),
            "name": programme.name,
            "status": service_status(programme),
            "location": location_document(location),
            "service": service
            or {"id": str(programme.uid), "name": programme.name, "status": service_status(programme)},
        }
    )


def service_status(programme):
    return STATUS_TO_HSDS[programme.current_status]


def locations_for_list():
    return Location.objects.select_related("organisation", "municipality")


# Extensions on a service read through the API ------------------------------------------------


def service_capacity(programme):
    """Free places as HSDS 3.1 `service_capacity` (one unit: places), when the provider keeps them."""
    if programme.places_available is None or programme.places_updated_at is None:
        return []
    sid = str(programme.uid)
    return [
        {
            "id": sub_id(sid, "capacity"),
            "service_id": sid,
            "unit": {"id": sub_id("unit", "places"), "name": "places", "scheme": "kazipot", "identifier": "places"},
            "available": programme.places_available,
            "maximum": programme.places_total,
            "description": "Free places as last reported by the provider.",
            "updated": timezone.localtime(programme.places_updated_at).isoformat(timespec="seconds"),
        }
    ]


# The edit history as HSDS metadata ---------------------------------------------------------------

ACTIONS = {"+": "create", "~": "update", "-": "delete"}
# Who changed a record, as the public may read it: the door, never a person's name or address.
UPDATED_BY = {"manage": "provider", "admin": "Kažipot editors", "import": "HSDS import", "csv": "CSV import"}


def _updated_by(record, organisation_name):
    via = (record.history_change_reason or "").partition(":")[0]
    if via == "manage":
        return organisation_name
    return UPDATED_BY.get(via, "Kažipot")


def _text(value):
    return "" if value is None else str(value)


def metadata(programme, limit=200):
    """The programme's edit history as HSDS metadata records, newest first: one per changed public
    field (the editable ones), one for its creation."""
    sid = str(programme.uid)
    records = list(programme.history.order_by("-history_date", "-history_id")[: limit + 1])
    found = []
    for n, record in enumerate(records[:limit]):
        older = records[n + 1] if n + 1 < len(records) else None
        base = {
            "resource_id": sid,
            "resource_type": "service",
            "last_action_date": timezone.localtime(record.history_date).isoformat(timespec="seconds"),
            "last_action_type": ACTIONS[record.history_type],
            "updated_by": _updated_by(record, programme.organisation.name),
        }
        if older is None or record.history_type != "~":
            whole = {"field_name": "*", "previous_value": "", "replacement_value": ""}  # the record as a whole
            found.append({**base, "id": sub_id(sid, "metadata", record.history_id), **whole})
            continue
        delta = record.diff_against(older, included_fields=EDITABLE_FIELDS)
        for change in delta.changes:
            found.append(
                {
                    **base,
                    "id": sub_id(sid, "metadata", record.history_id, change.field),
                    "field_name": change.field,
                    "previous_value": _text(change.old),
                    "replacement_value": _text(change.new),
                }
            )
    found.extend(contact_metadata(programme, limit))
    found.sort(key=lambda row: row["last_action_date"], reverse=True)
    return found[:limit]


def contact_metadata(programme, limit=200):
    """Changes to the contacts the programme shows, by door and date only: which contact record
    changed and how (created, updated, deleted), never who or the values (a phone's history is
    read on the page, as it is now)."""
    records = Contact.history.filter(id__in=programme.contacts.values("pk")).order_by("-history_date", "-history_id")
    return [
        {
            "id": sub_id(str(programme.uid), "metadata", "contact", record.history_id),
            "resource_id": str(record.uid),
            "resource_type": "contact",
            "last_action_date": timezone.localtime(record.history_date).isoformat(timespec="seconds"),
            "last_action_type": ACTIONS[record.history_type],
            "updated_by": _updated_by(record, programme.organisation.name),
            "field_name": "*",
            "previous_value": "",
            "replacement_value": "",
        }
        for record in records[:limit]
    ]


def live_service_document(programme, lang, history=False):
    """A service as the API serves it: the export's document with free places and, for one
    service, its edit history."""
    document = service_document(programme, lang)
    document["service_capacity"] = service_capacity(programme)
    for phone, contact in zip(document["phones"], _phones(programme), strict=True):
        if contact.last_verified_at:
            phone["attributes"].append(
                {
                    "id": sub_id(phone["id"], "kazipot-verified_at"),
                    "link_id": phone["id"],
                    "link_type": "kazipot",
                    "link_entity": "phone",
                    "taxonomy_term_id": term_id(KAZIPOT, "kazipot-verified_at"),
                    "value": timezone.localdate(contact.last_verified_at).isoformat(),
                }
            )
    if history:
        document["metadata"] = metadata(programme)
    return compact(document)


def _phones(programme):
    return [c for c in programme.contacts.all() if c.kind == ContactKind.PHONE]


def profile(base_url):
    """Kažipot's HSDS profile: what it adds to HSDS 3.0 and where it differs from the examples."""
    return {
        "name": "Kažipot HSDS profile",
        "hsds_version": HSDS_VERSION,
        "base_url": base_url,
        "description": (
            "Victim-support programmes in Slovenia (anti-trafficking). One dataset per content language "
            "(sl, en; chosen with Accept-Language), same ids in both."
        ),
        "operations": (
            "All eleven operations of the HSDS 3.0 OpenAPI document, with or without a trailing slash. "
            "Lists are HSDS Pages (size: the records on this page; per_page at most 100). Filters combine "
            "with AND. Errors are JSON: {'errors': [{'parameter', 'message'}]} with 400 (bad parameter), "
            "404 (unknown id or path) or 405 (any method but GET and HEAD)."
        ),
        "parameters": {
            "format": "json only.",
            "minimal": "Services with id, name, status and last_modified only.",
            "full": "Services with phones, schedules, areas, languages, funding and free places.",
            "full_service": "Organizations with their services in full; otherwise each service's id, name, status.",
            "taxonomy_term_id, taxonomy_id": (
                "Select services by our taxonomies (forms of exploitation, who a programme is for); "
                "the kazipot attribute codes classify nothing."
            ),
            "postcode": "Service at locations whose public location has this postal code.",
            "proximity": "Not offered: we keep no coordinates (400).",
            "top_only, parent_id": "Terms form a flat list: every term is top-level, none has a parent.",
        },
        "extensions": {
            "service_capacity": (
                "Free places as HSDS 3.1 service_capacity: one unit 'places', available, maximum and "
                "updated (when the provider last reported them), on /services/{id} and full lists."
            ),
            "verification": (
                "assured_date and assurer_email: the provider last confirmed the service as correct. "
                "A phone's attribute kazipot-verified_at: the day its number was last confirmed."
            ),
            "metadata": (
                "/services/{id} carries its edit history as HSDS metadata: one record per changed public "
                "field (names, descriptions, eligibility, offers, fees, status, interpretation, area), "
                "field_name '*' for a creation; updated_by names the door (the provider organisation, "
                "'Kažipot editors', an import), never a person."
            ),
            "attributes": ATTRIBUTE_CODES,
        },
        "confidentiality": (
            "A confidential location (a safe house) appears with its name and organization only: no "
            "address, no coordinates, and postcode searches never find it."
        ),
        "service_at_location_by_id": (
            "The HSDS 3.0 OpenAPI document describes /service_at_locations/{id} with the service schema, "
            "so that record also carries its service's name and status, and the full service."
        ),
    }
