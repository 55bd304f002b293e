"""Open Referral HSDS 3.0: the directory as HSDS documents, and HSDS documents into the directory.

One document set per content language (HSDS has no translations): `sl/` and `en/`, same ids.
What HSDS has no field for (our slug, kind, "what it offers", taxonomy terms, phone flags, the
contact an opening time belongs to) travels as HSDS attributes with `kazipot-*` term codes, so
that export → import → export gives identical files. Locations are not in the export files; the
read API (directory/api.py) serves public ones, and confidential ones without an address.
"""

import json
import re
import uuid
from datetime import datetime, time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.text import slugify

from directory.hours import WEEKDAYS
from directory.hsds_shape import ORGANIZATION, SERVICE, ShapeError
from directory.jsoninput import JsonInputError, loads
from directory.models import (
    Contact,
    ContactKind,
    Funder,
    Language,
    Municipality,
    OpeningHours,
    Organisation,
    OrganisationKind,
    Programme,
    ServiceKind,
    Status,
    Term,
    normalise_phone,
)
from directory.services import IMPORT, WRITERS, Author, programme_update
from directory.translation import CONTENT_LANGUAGES

LANGUAGES = tuple(CONTENT_LANGUAGES)
NAMESPACE = uuid.UUID("6f1c1a52-8d1e-4f0e-9a52-6b0c5a1f2e11")
STATUS_TO_HSDS = {
    Status.ACTIVE: "active",
    Status.TEMPORARILY_CLOSED: "temporarily closed",
    Status.ENDED: "defunct",
}
STATUS_FROM_HSDS = {
    "active": Status.ACTIVE,
    "temporarily closed": Status.TEMPORARILY_CLOSED,
    "inactive": Status.TEMPORARILY_CLOSED,
    "defunct": Status.ENDED,
}
HSDS_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAYS_TO_BYDAY = {
    "working_days": "MO,TU,WE,TH,FR",
    "every_day": ",".join(HSDS_DAYS),
    **{day: HSDS_DAYS[i] for i, day in enumerate(WEEKDAYS)},
}
COUNTRY = {"sl": "Slovenija", "en": "Slovenia"}


class HsdsError(Exception):
    """Invalid HSDS input, naming the record and the field."""

    def __init__(self, record, field, message):
        self.record, self.field = record, field
        super().__init__(f"{record}: {field}: {message}")


def sub_id(*parts):
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _attribute(owner_id, entity, code, value):
    term_id = sub_id("term", code)
    return {
        "id": sub_id(owner_id, code, value),
        "link_id": str(owner_id),
        "link_type": "kazipot",
        "link_entity": entity,
        "taxonomy_term_id": term_id,
        "taxonomy_term": {"id": term_id, "code": code, "name": code, "description": f"Kažipot: {code}"},
        "value": value,
    }


def _attributes(doc):
    """{code: [values]} of a document's kazipot attributes."""
    found = {}
    for attribute in doc.get("attributes") or []:
        code = (attribute.get("taxonomy_term") or {}).get("code") or ""
        if code.startswith("kazipot-"):
            found.setdefault(code, []).append(attribute.get("value"))
    return found


def compact(value):
    """HSDS fields are optional but never null: leave out what we do not know."""
    if isinstance(value, dict):
        return {k: compact(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


def _text(obj, field, lang):
    return getattr(obj, f"{field}_{lang}") or ""


# Export ----------------------------------------------------------------------------------------


def organization_document(org, lang):
    oid = str(org.uid)
    return {
        "id": oid,
        "name": _text(org, "name", lang) or org.name,
        "description": _text(org, "description", lang),
        "email": org.email or None,
        "website": org.website or None,
        "year_incorporated": org.founded,
        "attributes": [
            _attribute(oid, "organization", "kazipot-slug", org.slug),
            _attribute(oid, "organization", "kazipot-kind", org.kind),
        ],
    }


def _phone(contact, service_id, lang):
    cid = str(contact.uid)
    flags = [
        _attribute(cid, "phone", f"kazipot-{flag}", "true")
        for flag in ("toll_free", "anonymous", "always_open", "closed_on_holidays")
        if getattr(contact, flag)
    ]
    display = [_attribute(cid, "phone", "kazipot-display", contact.display)] if contact.display else []
    return {
        "id": cid,
        "service_id": service_id,
        "number": contact.value,
        "description": _text(contact, "label", lang) or None,
        "attributes": display + flags,
    }


def _schedule(hours, service_id):
    hid = str(hours.uid)
    return {
        "id": hid,
        "service_id": service_id,
        "freq": "WEEKLY",
        "byday": DAYS_TO_BYDAY[hours.days],
        "opens_at": hours.opens.strftime("%H:%M"),
        "closes_at": hours.closes.strftime("%H:%M"),
        "attributes": [
            _attribute(hid, "schedule", "kazipot-contact", str(hours.contact.uid)),
            _attribute(hid, "schedule", "kazipot-days", hours.days),
        ],
    }


def service_document(programme, lang):
    sid = str(programme.uid)
    contacts = list(programme.contacts.all())
    first = {kind: next((c.value for c in contacts if c.kind == kind), None) for kind in ContactKind.values}
    if programme.area_national:
        covered = [("national", COUNTRY[lang])]
    else:
        covered = [(m.slug, m.name) for m in programme.area_municipalities.all()]
    areas = [
        {
            "id": sub_id(sid, "area", key),
            "service_id": sid,
            "name": name,
            "attributes": [_attribute(sub_id(sid, "area", key), "service_area", "kazipot-area", key)],
        }
        for key, name in covered
    ]
    attributes = [
        _attribute(sid, "service", "kazipot-slug", programme.slug),
        _attribute(sid, "service", "kazipot-kind", programme.kind),
        *[_attribute(sid, "service", "kazipot-term", f"{t.taxonomy}:{t.code}") for t in programme.terms.all()],
    ]
    if _text(programme, "offers", lang):
        attributes.append(_attribute(sid, "service", "kazipot-offers", _text(programme, "offers", lang)))
    return {
        "id": sid,
        "organization_id": str(programme.organisation.uid),
        "name": _text(programme, "name", lang) or programme.name,
        "description": _text(programme, "description", lang) or None,
        "url": first[ContactKind.WEB],
        "email": first[ContactKind.EMAIL],
        "status": STATUS_TO_HSDS[programme.current_status],
        "interpretation_services": "available" if programme.interpretation else None,
        "fees_description": _text(programme, "fees", lang) or None,
        "eligibility_description": _text(programme, "eligibility", lang) or None,
        "assured_date": timezone.localdate(programme.last_verified_at).isoformat()
        if programme.last_verified_at
        else None,
        # The organisation's public address, never the member's own (whose account confirmed it).
        "assurer_email": (programme.organisation.email or None) if programme.last_verified_at else None,
        "phones": [_phone(c, sid, lang) for c in contacts if c.kind == ContactKind.PHONE],
        "schedules": [_schedule(h, sid) for c in contacts for h in c.hours.all()],
        "service_areas": areas,
        "languages": [
            {
                "id": sub_id(sid, "language", lang_.code),
                "service_id": sid,
                "name": lang_.name_en,
                "code": lang_.code,
            }
            for lang_ in programme.languages.all()
        ],
        "funding": [
            {
                "id": sub_id(sid, "funding", f.slug),
                "service_id": sid,
                "source": _text(f, "name", lang) or f.name,
                "attributes": [_attribute(sub_id(sid, "funding", f.slug), "funding", "kazipot-funder", f.slug)],
            }
            for f in programme.funders.all()
        ],
        "attributes": attributes,
    }


EXPORT_PREFETCH = ("contacts__hours", "area_municipalities", "languages", "terms", "funders")


def exportable_programmes():
    return Programme.objects.select_related("organisation").prefetch_related(*EXPORT_PREFETCH).order_by("uid")


def export_documents(lang):
    """(organizations, services) as HSDS documents in one content language."""
    orgs = [compact(organization_document(o, lang)) for o in Organisation.objects.order_by("uid")]
    services = [compact(service_document(p, lang)) for p in exportable_programmes()]
    return orgs, services


def write_export(out_dir):
    out_dir = Path(out_dir)
    for lang in LANGUAGES:
        orgs, services = export_documents(lang)
        folder = out_dir / lang
        folder.mkdir(parents=True, exist_ok=True)
        for name, docs in (("organizations.json", orgs), ("services.json", services)):
            (folder / name).write_text(json.dumps(docs, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return out_dir


# Import ----------------------------------------------------------------------------------------


MAX_FILE_BYTES = 20 * 1024 * 1024


def read_documents(path):
    """[(lang, organizations, services)] from an export folder or one HSDS JSON file, every
    record's shape checked (HsdsError) before anything is imported."""
    path = Path(path)
    if path.is_dir():
        found = []
        for lang in LANGUAGES:
            folder = path / lang
            if folder.is_dir():
                orgs = _load(folder / "organizations.json") if (folder / "organizations.json").exists() else []
                services = _load(folder / "services.json") if (folder / "services.json").exists() else []
                found.append((lang, *split_documents([*_records(orgs), *_records(services)])))
        if not found:
            raise HsdsError(str(path), "folder", "holds no sl/ or en/ export")
        return found
    return [(None, *split_documents(_load(path)))]


def _records(data):
    if not isinstance(data, list):
        raise HsdsError("document", "type", "an export file must hold a list of records")
    return data


def _load(path):
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise HsdsError(str(path), "file", exc.strerror) from None
    try:
        return loads(data, max_bytes=MAX_FILE_BYTES)
    except JsonInputError as exc:
        raise HsdsError(str(path), "JSON", str(exc)) from None


def _checked(item, shape):
    try:
        shape.check(item)
    except ShapeError as exc:
        raise HsdsError(_record_name(item), exc.field, str(exc)) from None
    return item


def split_documents(data):
    """Organizations and services from a service, an organization, a list or an API page."""
    if isinstance(data, dict) and "contents" in data:
        data = data["contents"]
    items = data if isinstance(data, list) else [data]
    orgs, services = [], []
    for item in items:
        if not isinstance(item, dict):
            raise HsdsError("document", "type", "each record must be a JSON object")
        if "status" in item or "organization_id" in item:
            services.append(_checked(item, SERVICE))
        else:
            orgs.append(_checked(item, ORGANIZATION))
            services.extend(
                dict(s, organization_id=s.get("organization_id") or item.get("id")) for s in item.get("services") or []
            )
    return orgs, services


def _short(value, default):
    return value[:80] if isinstance(value, str) and value else default


def _record_name(doc):
    return f"{_short(doc.get('name'), '?')} ({_short(doc.get('id'), 'no id')})"


def _uuid(doc, field="id"):
    try:
        return uuid.UUID(str(doc.get(field)))
    except (ValueError, TypeError):
        raise HsdsError(_record_name(doc), field, "must be a UUID") from None


def _unique_slug(model, wanted, own_pk=None):
    base = slugify(wanted)[: model._meta.get_field("slug").max_length - 4] or "record"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=own_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Importer:
    """Creates or updates records by HSDS id through the write path (recorded as "import");
    `changes` describes what it did (or would do)."""

    def __init__(self, user=None, skip_unknown=False):
        self.changes, self.skipped = [], []
        self.author = Author(user, IMPORT)
        self.skip_unknown = skip_unknown

    def _unknown(self, label, field, what):
        """A municipality, language, term or funder we do not have: an error, or listed and skipped."""
        if not self.skip_unknown:
            raise HsdsError(label, field, f"{what} is not in the directory (--skip-unknown skips such references)")
        self.skipped.append(f"{label}: {field}: skipped {what}")

    def _save(self, obj, label, fields_before, **parent):
        """Hand what changed on `obj` to its writer, with `parent` (the programme a contact is on,
        the municipalities a programme serves)."""
        created = obj.pk is None
        after = {f: getattr(obj, f, None) for f in fields_before}
        changed = {f: after[f] for f in fields_before if fields_before[f] != after[f]}
        if not (created or changed):
            return obj
        model = type(obj)
        try:
            if created:
                obj = WRITERS[model].create({**after, **parent, "uid": obj.uid}, self.author)
            else:
                obj = WRITERS[model].update(model.objects.get(pk=obj.pk), {**changed, **parent}, self.author)
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise HsdsError(label, field, " ".join(messages)) from None
        kind = model._meta.model_name
        self.changes.append(f"create {kind} {label}" if created else f"update {kind} {label}: {', '.join(changed)}")
        return obj

    def organisation(self, doc, lang):
        uid = _uuid(doc)
        label = _record_name(doc)
        if not doc.get("name"):
            raise HsdsError(label, "name", "is required")
        org = Organisation.objects.filter(uid=uid).first() or Organisation(uid=uid, source="provider")
        attrs = _attributes(doc)
        names = [f"name_{code}" for code in LANGUAGES]
        fields = [*names, f"description_{lang}", "email", "website", "founded", "kind", "slug", "source"]
        before = {f: getattr(org, f) for f in fields}
        setattr(org, f"name_{lang}", doc["name"])
        setattr(org, f"description_{lang}", doc.get("description") or "")
        org.email = doc.get("email") or ""
        org.website = doc.get("website") or ""
        year = doc.get("year_incorporated")
        org.founded = int(year) if isinstance(year, int | float) else None
        kind = (attrs.get("kazipot-kind") or [org.kind or OrganisationKind.NGO])[0]
        if kind not in OrganisationKind.values:
            raise HsdsError(label, "attributes.kazipot-kind", f"unknown kind {kind!r}")
        org.kind = kind
        org.slug = (attrs.get("kazipot-slug") or [None])[0] or org.slug or _unique_slug(Organisation, doc["name"])
        for other in LANGUAGES:  # a new record in one language still needs a name
            if not getattr(org, f"name_{other}"):
                setattr(org, f"name_{other}", doc["name"])
        return self._save(org, label, before)

    def service(self, doc, lang):
        uid = _uuid(doc)
        label = _record_name(doc)
        if not doc.get("name"):
            raise HsdsError(label, "name", "is required")
        if doc.get("status") not in STATUS_FROM_HSDS:
            raise HsdsError(label, "status", f"must be one of {', '.join(STATUS_FROM_HSDS)}")
        org_doc = doc.get("organization")
        if isinstance(org_doc, dict) and org_doc.get("id"):
            organisation = self.organisation(org_doc, lang)
        else:
            org_uid = _uuid(doc, "organization_id") if doc.get("organization_id") else None
            organisation = Organisation.objects.filter(uid=org_uid).first() if org_uid else None
        if organisation is None:
            raise HsdsError(label, "organization_id", "names no organization in this file or the directory")
        attrs = _attributes(doc)
        programme = Programme.objects.filter(uid=uid).first() or Programme(uid=uid, source="provider")
        fields = [
            *[f"name_{code}" for code in LANGUAGES],
            *[f"{name}_{lang}" for name in ("description", "eligibility", "fees", "offers")],
            *["status", "interpretation", "kind", "slug", "organisation_id", "area_national", "source"],
            *["last_verified_at", "verified_by", "verifier_email"],
        ]
        before = {f: getattr(programme, f) for f in fields}
        programme.organisation = organisation
        setattr(programme, f"name_{lang}", doc["name"])
        for ours, theirs in (
            ("description", "description"),
            ("eligibility", "eligibility_description"),
            ("fees", "fees_description"),
        ):
            setattr(programme, f"{ours}_{lang}", doc.get(theirs) or "")
        setattr(programme, f"offers_{lang}", (attrs.get("kazipot-offers") or [""])[0])
        programme.status = STATUS_FROM_HSDS[doc["status"]]
        programme.interpretation = bool(doc.get("interpretation_services"))
        kind = (attrs.get("kazipot-kind") or [programme.kind or ServiceKind.SUPPORT])[0]
        if kind not in ServiceKind.values:
            raise HsdsError(label, "attributes.kazipot-kind", f"unknown kind {kind!r}")
        programme.kind = kind
        programme.slug = (
            (attrs.get("kazipot-slug") or [None])[0] or programme.slug or _unique_slug(Programme, doc["name"])
        )
        for other in LANGUAGES:
            if not getattr(programme, f"name_{other}"):
                setattr(programme, f"name_{other}", doc["name"])
        if doc.get("assured_date"):
            day = _date(doc["assured_date"])
            if day is None:
                raise HsdsError(label, "assured_date", "must be a date (YYYY-MM-DD) from 1900 on")
            if programme.last_verified_at is None or timezone.localdate(programme.last_verified_at) != day:
                programme.last_verified_at = timezone.make_aware(datetime.combine(day, time()))
        else:
            programme.last_verified_at = None
        assurer = doc.get("assurer_email") or ""
        if assurer.lower() != (organisation.email or "").lower():  # the organisation's own: as exported
            programme.verifier_email = assurer
            programme.verified_by = get_user_model().objects.filter(email__iexact=assurer).first() if assurer else None
        areas = doc.get("service_areas") or []
        municipalities = [m for n, a in enumerate(areas) if (m := self._municipality(a, label, f"service_areas[{n}]"))]
        programme.area_national = not municipalities
        # Where it serves goes with the fields: a programme never serves nowhere, even for a moment.
        programme = self._save(programme, label, before, area_municipalities=municipalities)
        self._related(programme, doc, attrs, municipalities, lang, label)
        return programme

    def _municipality(self, area, label, field):
        """The municipality an HSDS service area names (by our slug attribute, or by name); None
        for the whole country. Municipalities are never created by an import."""
        slug = (_attributes(area).get("kazipot-area") or [None])[0]
        name = area.get("name") or ""
        if slug == "national":
            return None
        found = Municipality.objects.filter(slug=str(slug)).first() if slug else None
        found = found or Municipality.objects.filter(name__iexact=name).first()
        if found is None:
            self._unknown(label, field, f"municipality {_short(str(slug or name), '?')!r}")
        return found

    def _funder(self, funding, lang, label, field):
        """The funder named by our slug attribute, its abbreviation or its name; never created."""
        slug = (_attributes(funding).get("kazipot-funder") or [None])[0]
        source = (funding.get("source") or "").strip()
        found = Funder.objects.filter(slug=str(slug)).first() if slug else None
        if found is None and source:
            found = (
                Funder.objects.filter(abbreviation__iexact=source).first()
                or Funder.objects.filter(**{f"name_{lang}__iexact": source}).first()
            )
        if found is None and (slug or source):
            self._unknown(label, field, f"funder {_short(str(slug or source), '?')!r}")
        return found

    def _related(self, programme, doc, attrs, municipalities, lang, label):
        languages = []
        for n, lang_doc in enumerate(doc.get("languages") or []):
            code = (lang_doc.get("code") or "").lower()
            found = Language.objects.filter(code=code).first() if re.fullmatch(r"[a-z]{2,3}", code) else None
            if found is None:
                self._unknown(label, f"languages[{n}].code", f"language {_short(code, '?')!r}")
            else:
                languages.append(found)
        terms = []
        for value in attrs.get("kazipot-term") or []:
            taxonomy, _, code = str(value).partition(":")
            found = Term.objects.filter(taxonomy=taxonomy, code=code).first()
            if found is None:
                self._unknown(label, "attributes.kazipot-term", f"taxonomy term {_short(str(value), '?')!r}")
            else:
                terms.append(found)
        fundings = enumerate(doc.get("funding") or [])
        funders = [f for n, d in fundings if (f := self._funder(d, lang, label, f"funding[{n}]"))]
        wanted = {"area_municipalities": municipalities, "languages": languages, "terms": terms, "funders": funders}
        changed = {
            name: values
            for name, values in wanted.items()
            if set(getattr(programme, name).values_list("pk", flat=True)) != {v.pk for v in values}
        }
        if changed:
            programme_update(programme=programme, data={}, m2m=changed, author=self.author)
            self.changes.append(f"update programme {label}: {', '.join(changed)}")
        self._contacts(programme, doc, lang, label)

    def _contacts(self, programme, doc, lang, label):
        for position, phone in enumerate(doc.get("phones") or []):
            uid = _uuid(phone)
            flags = _attributes(phone)
            raw = str(phone.get("number") or "").strip().strip('"')
            try:
                number = normalise_phone(raw)
            except ValidationError as exc:
                raise HsdsError(label, f"phones[{position}].number", exc.messages[0]) from None
            organisation = programme.organisation
            contact = (
                Contact.objects.filter(uid=uid).first()
                or Contact.objects.filter(organisation=organisation, kind=ContactKind.PHONE, value=number).first()
                or Contact(uid=uid, organisation=organisation, source="provider")
            )
            if contact.organisation_id != programme.organisation_id:
                raise HsdsError(label, f"phones[{position}].id", "is the id of another organisation's phone")
            self._contact(
                contact,
                programme,
                ContactKind.PHONE,
                number,
                position,
                lang,
                label,
                {
                    f"label_{lang}": (phone.get("description") or "")[:200],
                    "display": (flags.get("kazipot-display") or [raw if raw != number else ""])[0][:100],
                    **{flag: bool(flags.get(f"kazipot-{flag}")) for flag in ("toll_free", "anonymous", "always_open")},
                    "closed_on_holidays": bool(flags.get("kazipot-closed_on_holidays")) if flags else True,
                },
            )
        base = len(doc.get("phones") or [])
        for offset, (kind, value) in enumerate(
            ((ContactKind.EMAIL, doc.get("email")), (ContactKind.WEB, doc.get("url")))
        ):
            if value:
                uid = uuid.UUID(sub_id(programme.uid, kind))
                existing = Contact.objects.filter(organisation=programme.organisation, kind=kind, value=value).first()
                contact = (
                    existing
                    or Contact.objects.filter(uid=uid, organisation=programme.organisation).first()
                    or Contact(uid=uid, organisation=programme.organisation, source="provider")
                )
                position = contact.position if contact.pk else base + offset
                self._contact(contact, programme, kind, value, position, lang, label, {})
        for schedule in doc.get("schedules") or []:
            self._schedule(programme, schedule, label)

    def _contact(self, contact, programme, kind, value, position, lang, label, extra):
        """A contact of the programme's organisation, linked to the programme (one row however many
        services list it)."""
        fields = ["kind", "value", "position", *extra]
        before = {f: getattr(contact, f) for f in fields}
        contact.kind, contact.value, contact.position = kind, value, position
        for name, v in extra.items():
            setattr(contact, name, v)
        linked = contact.pk is not None and programme.contacts.filter(pk=contact.pk).exists()
        saved = self._save(contact, f"{label} {kind} {value}", before, programme=programme)
        if not linked and contact.pk is not None and saved.pk == contact.pk:
            WRITERS[Contact].update(saved, {"programme": programme}, self.author)
            self.changes.append(f"link contact {label} {kind} {value}")
        return saved

    def _schedule(self, programme, schedule, label):
        uid = _uuid(schedule)
        attrs = _attributes(schedule)
        contact_uid = (attrs.get("kazipot-contact") or [None])[0]
        contact = programme.contacts.filter(uid=contact_uid).first() if contact_uid else None
        contact = contact or programme.contacts.filter(kind=ContactKind.PHONE).order_by("position").first()
        if contact is None or not schedule.get("opens_at") or not schedule.get("closes_at"):
            return  # nothing we can attach hours to
        try:
            opens = time.fromisoformat(str(schedule["opens_at"])[:5])
            closes = time.fromisoformat(str(schedule["closes_at"])[:5])
        except ValueError:
            raise HsdsError(label, "schedules.opens_at", "must be a time HH:MM") from None
        days = (attrs.get("kazipot-days") or [None])[0] or self._days(schedule.get("byday") or "")
        for n, day in enumerate(days if isinstance(days, list) else [days]):
            row_uid = uid if n == 0 else uuid.UUID(sub_id(uid, day))
            hours = OpeningHours.objects.filter(uid=row_uid).first() or OpeningHours(uid=row_uid)
            if hours.pk and not programme.contacts.filter(pk=hours.contact_id).exists():
                raise HsdsError(label, "schedules.id", "is the id of another programme's opening hours")
            before = {f: getattr(hours, f, None) for f in ("contact", "days", "opens", "closes")}
            hours.contact, hours.days, hours.opens, hours.closes = contact, day, opens, closes
            self._save(hours, f"{label} hours {day}", before)

    @staticmethod
    def _days(byday):
        wanted = [d.strip()[-2:] for d in byday.split(",") if d.strip()]
        for code, value in DAYS_TO_BYDAY.items():
            if value == ",".join(wanted) and code in ("working_days", "every_day"):
                return code
        return [WEEKDAYS[HSDS_DAYS.index(d)] for d in wanted if d in HSDS_DAYS] or ["every_day"]


def _date(value):
    """A date from YYYY-MM-DD (a time may follow), from 1900 on; None if it is not one."""
    if not isinstance(value, str) or not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        day = parse_date(value[:10])
    except ValueError:  # 2024-02-31, year 0
        return None
    return day if day and day.year >= 1900 else None


def import_path(path, *, language="en", dry_run=False, user=None, skip_unknown=False):
    """Import an export folder or an HSDS file in one transaction (all or nothing); return the
    importer, whose `changes` and `skipped` say what it did."""
    documents = read_documents(path)  # every record's shape, before the database is touched
    importer = Importer(user, skip_unknown=skip_unknown)
    with transaction.atomic():
        for lang, orgs, services in documents:
            lang = lang or language
            for doc in orgs:
                importer.organisation(doc, lang)
            for doc in services:
                importer.service(doc, lang)
        if dry_run:
            transaction.set_rollback(True)
    return importer
