"""The one write path of the directory. Every change to an organisation, programme, contact or
opening hours, whoever makes it (a manage page, the admin, a CSV or HSDS import, a command), goes
through these keyword-only functions. They take plain data, validate (`full_clean`), raise the
programme's version (optimistic locking) and the catalogue version (caches), record who or what
made the change in the history, and refresh the search document. Criteria have theirs in
`referral.services`, built on `programme_changed`.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from directory.models import (
    CatalogueVersion,
    Contact,
    Funder,
    Location,
    Membership,
    OpeningHours,
    Organisation,
    ProblemReport,
    Programme,
    Reminder,
    ReportReason,
    ReportStatus,
    Term,
    search_document_for,
)
from directory.translation import CONTENT_LANGUAGES

# What an edit form changes, and so what a revert restores.
EDITABLE_FIELDS = [
    "status",
    *[
        f"{name}_{lang}"
        for name in ("name", "description", "eligibility", "offers", "fees")
        for lang in CONTENT_LANGUAGES
    ],
    "interpretation",
    "area_national",
]
EDITABLE_M2M = ["languages", "area_municipalities"]
# What a contact edit (the provider page, the CSV import) changes.
CONTACT_FIELDS = [
    "kind",
    "value",
    "display",
    *[f"label_{lang}" for lang in CONTENT_LANGUAGES],
    "toll_free",
    "anonymous",
    "always_open",
    "closed_on_holidays",
    "position",
]


@dataclass(frozen=True)
class Author:
    """Who makes a change (a user, or nobody for an unattended import) and through which door."""

    user: object = None
    via: str = "manage"  # manage, admin, import (HSDS), csv, command

    def reason(self, note=""):
        """The history's change reason, a code (directory.history.reason_label shows it): the
        door, and what happened where it says more, e.g. "manage:verified"."""
        return f"{self.via}:{note}" if note else self.via


MANAGE, ADMIN, IMPORT, CSV, COMMAND = "manage", "admin", "import", "csv", "command"


class StaleEdit(Exception):
    """The programme changed since the editor loaded it; `current` is the stored one."""

    def __init__(self, current):
        self.current = current
        super().__init__(f"{current.slug} is at version {current.version}")


@dataclass(frozen=True)
class RowChange:
    """One row of an edit: new (`pk` None), changed (`data`) or deleted."""

    pk: int | None
    data: dict
    delete: bool = False


# Versions ----------------------------------------------------------------------------------------


def catalogue_version():
    """The number every change raises: one indexed read, the key of the triage rules cache."""
    return catalogue_state()[0]


def catalogue_state():
    """(the catalogue version, the version of the last change programmes' versions do not show)."""
    return CatalogueVersion.objects.filter(pk=1).values_list("number", "reset_at").first() or (0, 0)


def catalogue_changed(everything=False):
    """Raise the catalogue version, in the caller's transaction. `everything`: for changes that no
    programme's version shows (reference data, restores, fixture loads), so that caches start again
    rather than refresh the programmes whose versions moved."""
    now = timezone.now()
    reset = {"reset_at": F("number") + 1} if everything else {}
    if not CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now, **reset):
        CatalogueVersion.objects.create(pk=1, number=1, changed_at=now, reset_at=1)


def programme_changed(programme, expected_version=None):
    """Move the programme's version on by one (only from `expected_version` when given, else raise
    StaleEdit) and the catalogue version with it. Call inside a transaction."""
    rows = Programme.objects.filter(pk=programme.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1):
        raise StaleEdit(Programme.objects.select_related("organisation").get(pk=programme.pk))
    programme.version = Programme.objects.values_list("version", flat=True).get(pk=programme.pk)
    catalogue_changed()


def record_author(obj, author, note=""):
    """What the history records of this change: who, and through which door."""
    obj._history_user = author.user
    obj._change_reason = author.reason(note)


def _apply(obj, data):
    for name, value in data.items():
        setattr(obj, name, value)


def _baseline(obj):
    """A row loaded raw (the catalogue fixtures, an old database) has no history: before its first
    change, its stored state is recorded, so the history shows old and new and can restore it."""
    model = type(obj)
    if obj.pk is None or not hasattr(model, "history") or model.history.filter(id=obj.pk).exists():
        return
    stored = model.objects.filter(pk=obj.pk).first()
    if stored is not None:
        model.history.bulk_history_create([stored], default_change_reason=COMMAND)


def _save(obj, author, note="", **clean):
    _baseline(obj)
    obj.full_clean(**clean)
    if isinstance(obj, Programme):
        obj.search_document = search_document_for(obj)
    record_author(obj, author, note)
    obj.save()
    return obj


# Organisations -----------------------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, data, author):
    organisation = _save(Organisation(**data), author)
    catalogue_changed()
    return organisation


@transaction.atomic
def organisation_update(*, organisation, data, author):
    names_before = [getattr(organisation, f"name_{lang}") for lang in CONTENT_LANGUAGES]
    _apply(organisation, data)
    _save(organisation, author)
    # Its names are part of its programmes' search documents.
    if names_before != [getattr(organisation, f"name_{lang}") for lang in CONTENT_LANGUAGES]:
        organisation.programmes.all().rebuild_search_documents()
    catalogue_changed()
    return organisation


@transaction.atomic
def _delete(obj, author):
    record_author(obj, author)
    obj.delete()
    catalogue_changed()


def organisation_delete(*, organisation, author):
    _delete(organisation, author)


# Programmes --------------------------------------------------------------------------------------


def _set_m2m(programme, m2m, author, note=""):
    record_author(programme, author, note)
    for name, values in (m2m or {}).items():
        getattr(programme, name).set(values)


def _serves_somewhere(programme):
    """A rule the data obeys whoever writes it: a programme serves the whole country or named
    municipalities (a many-to-many set: no database constraint can say it)."""
    if not programme.area_national and not programme.area_municipalities.exists():
        raise ValidationError(
            {"area_municipalities": _("Choose the municipalities it serves, or tick “serves the whole country”.")}
        )


@transaction.atomic
def programme_create(*, data, author, m2m=None):
    programme = _save(Programme(**data), author)
    _set_m2m(programme, m2m, author)
    _serves_somewhere(programme)
    catalogue_changed()
    return programme


def _pks(values):
    return {getattr(v, "pk", v) for v in values}


def programme_changes(programme, data, m2m=None):
    """(the fields of `data` that differ from the stored programme's, the many-to-many sets that
    do). Compared with the database, not the instance: a form may have set its fields already."""
    if programme.pk is None:
        return data, dict(m2m or {})
    stored = Programme.objects.filter(pk=programme.pk).values(*data).first() or {}
    fields = {name: value for name, value in data.items() if stored.get(name) != getattr(value, "pk", value)}
    sets = {}
    for name, values in (m2m or {}).items():
        field = Programme._meta.get_field(name)
        through = field.remote_field.through.objects.filter(programme_id=programme.pk)
        target = f"{field.related_model._meta.model_name}_id"
        if _pks(values) != set(through.values_list(target, flat=True)):
            sets[name] = values
    return fields, sets


@transaction.atomic
def programme_update(*, programme, data, author, m2m=None, expected_version=None, note=""):
    """Change fields (and many-to-many sets); with `expected_version`, refuse a stale edit. A
    write that changes nothing writes nothing: no version, no history, no cache thrown away
    (`programme.has_updated` says which)."""
    data, m2m = programme_changes(programme, data, m2m)
    programme.has_updated = bool(data or m2m)
    if not programme.has_updated and (
        expected_version is None or Programme.objects.filter(pk=programme.pk, version=expected_version).exists()
    ):
        return programme  # a stale no-op still gets StaleEdit below: the editor saw old values
    programme_changed(programme, expected_version)
    if data or not m2m:  # a change of m2m sets alone is recorded by those sets
        _apply(programme, data)
        _save(programme, author, note)
    _set_m2m(programme, m2m, author, note)
    if "area_national" in data or "area_municipalities" in m2m:
        _serves_somewhere(programme)
    return programme


def programme_delete(*, programme, author):
    _delete(programme, author)


@transaction.atomic
def programme_edit(*, programme, data, m2m, contacts, hours, expected_version, author):
    """A provider's edit page: fields, contacts and opening hours together, or StaleEdit. A
    contact row edits the shared contact (every programme it serves shows the change); a deleted
    row takes it off this programme only."""
    programme_update(programme=programme, data=data, m2m=m2m, expected_version=expected_version, author=author)
    if not programme.has_updated and (contacts or hours):
        programme_changed(programme, expected_version)  # the rows below change it
    for change in contacts:
        _contact_row(programme, change, author)
    for change in hours:
        _hours_row(programme, change, author)
    return programme


@transaction.atomic
def programme_verify(*, programme, author, now=None):
    """'Still correct': the provider confirms the programme and its contacts as they are."""
    now = now or timezone.now()
    user = author.user
    programme_update(
        programme=programme,
        data={"last_verified_at": now, "verified_by": user, "verifier_email": getattr(user, "email", "")},
        author=author,
        note="verified",
    )
    for contact in programme.contacts.all():  # shared: verified for every programme it serves
        contact_update(
            contact=contact, data={"last_verified_at": now, "verified_by": user}, author=author, note="verified"
        )
    return programme


@transaction.atomic
def programme_revert(*, programme, record, author):
    """Restore the editable fields as they were in a history `record` (contacts stay as they are)."""
    old = record.instance
    m2m = {}
    for name in EDITABLE_M2M:
        target = Programme._meta.get_field(name).related_model._meta.model_name
        m2m[name] = [getattr(row, f"{target}_id") for row in getattr(record, name).all()]
    when = timezone.localtime(record.history_date).strftime("%Y-%m-%dT%H:%M")
    return programme_update(
        programme=programme,
        data={name: getattr(old, name) for name in EDITABLE_FIELDS},
        m2m=m2m,
        expected_version=programme.version,
        author=author,
        note=f"reverted:{when}",
    )


def save_row(rows, change, author, *, new, **fixed):
    """Create (`new()`), change or delete one of `rows`: a programme's own rows, so that a row
    of another programme is not found and never moved. `fixed` values are set on every save."""
    if change.pk is None:
        obj = new()
    else:
        obj = rows.get(pk=change.pk)
        if change.delete:
            record_author(obj, author)
            obj.delete()
            return None
    _apply(obj, {**change.data, **fixed})
    return _save(obj, author)


# Contacts and opening hours ----------------------------------------------------------------------
# A contact belongs to an organisation and serves any of its programmes: a change to it, its
# links or its hours moves the version of every programme it serves, before and after.


def programmes_changed(pks, moved=frozenset()):
    """Move the versions of the programmes `pks` (and the catalogue version) on by one, except
    those in `moved`: the programme whose edit page this is, moved once for the whole edit."""
    rest = set(pks) - set(moved)
    if rest:
        Programme.objects.filter(pk__in=rest).update(version=F("version") + 1)
        catalogue_changed()


def _served(contact):
    return set(contact.programmes.values_list("pk", flat=True)) if contact.pk else set()


def _programmes_of(contact, programmes):
    """The programme ids a contact is to serve: its organisation's own, or a ValidationError."""
    pks = _pks(programmes)
    own = set(
        Programme.objects.filter(pk__in=pks, organisation_id=contact.organisation_id).values_list("pk", flat=True)
    )
    if own != pks:
        raise ValidationError({"programmes": _("A contact serves only its own organisation's programmes.")})
    return pks


def normalised(kind, value):
    """The value as it is stored (E.164 for a phone), or as given if it is not valid (full_clean says)."""
    probe = Contact(kind=kind, value=value)
    try:
        probe.clean()
    except ValidationError:
        return value
    return probe.value


def contact_for(organisation, kind, value):
    """The organisation's stored contact with this kind and (normalised) value, if there is one."""
    return Contact.objects.filter(organisation=organisation, kind=kind, value=normalised(kind, value)).first()


@transaction.atomic
def contact_create(*, organisation, data, author, programmes=(), moved=frozenset()):
    """A new contact of `organisation` serving `programmes`; the same phone, e-mail or address
    of the organisation, if stored already, is that one (updated and linked), never a copy."""
    existing = contact_for(organisation, data.get("kind"), data.get("value", ""))
    if existing is not None:
        served = _served(existing) | _pks(programmes)
        return contact_update(contact=existing, data=data, author=author, programmes=served, moved=moved)
    contact = Contact(organisation=organisation)
    pks = _programmes_of(contact, programmes)
    _apply(contact, data)
    _save(contact, author)
    contact.programmes.set(pks)
    programmes_changed(pks, moved)
    return contact


@transaction.atomic
def contact_update(*, contact, data, author, programmes=None, note="", moved=frozenset()):
    """Change a contact (everywhere it is shown) and, with `programmes`, the programmes it serves.
    A write that changes nothing writes nothing (`contact.has_updated`)."""
    data = {k: v for k, v in data.items() if k != "organisation"}
    if "value" in data and "kind" not in data:
        data["value"] = normalised(contact.kind, data["value"])
    elif "value" in data:
        data["value"] = normalised(data["kind"], data["value"])
    stored = Contact.objects.filter(pk=contact.pk).values(*data).first() or {}
    fields = {k: v for k, v in data.items() if stored.get(k) != getattr(v, "pk", v)}
    before = _served(contact)
    after = before if programmes is None else _programmes_of(contact, programmes)
    contact.has_updated = bool(fields) or after != before
    if not contact.has_updated:
        return contact
    if fields:
        _apply(contact, fields)
        _save(contact, author, note)
    if after != before:
        contact.programmes.set(after)
    programmes_changed(before | after, moved)
    return contact


@transaction.atomic
def contact_delete(*, contact, author, moved=frozenset()):
    """Delete a contact from every programme it serves."""
    served = _served(contact)
    record_author(contact, author)
    contact.delete()
    programmes_changed(served, moved)


@transaction.atomic
def contact_unlink(*, contact, programme, author, moved=frozenset()):
    """Take a contact off one programme; a contact that then serves none is deleted."""
    served = _served(contact)
    if served == {programme.pk}:
        return contact_delete(contact=contact, author=author, moved=moved)
    return contact_update(contact=contact, data={}, author=author, programmes=served - {programme.pk}, moved=moved)


@transaction.atomic
def contact_revert(*, contact, record, author):
    """Restore a contact's fields as they were in a history `record` of it: the value, the label,
    the flags (everywhere it is shown)."""
    if record.id != contact.pk:
        raise ValidationError(_("That version is of another contact."))
    old = record.instance
    when = timezone.localtime(record.history_date).strftime("%Y-%m-%dT%H:%M")
    return contact_update(
        contact=contact,
        data={name: getattr(old, name) for name in CONTACT_FIELDS},
        author=author,
        note=f"reverted:{when}",
    )


def _contact_row(programme, change, author):
    """One contact row of a programme's edit page: new (or an existing one of the organisation,
    linked), changed (shared: everywhere) or deleted (from this programme)."""
    moved = {programme.pk}
    if change.pk is None:
        organisation = programme.organisation
        return contact_create(
            organisation=organisation, data=change.data, author=author, programmes=[programme], moved=moved
        )
    contact = programme.contacts.get(pk=change.pk)  # another programme's contact is not found
    if change.delete:
        return contact_unlink(contact=contact, programme=programme, author=author, moved=moved)
    return contact_update(contact=contact, data=change.data, author=author, moved=moved)


def _hours_row(programme, change, author):
    """One opening-hours row of a programme's edit page, on one of its contacts."""
    contact = change.data.get("contact")
    if contact is not None and not programme.contacts.filter(pk=contact.pk).exists():
        raise ValidationError({"contact": _("Choose one of this programme's contacts.")})
    rows = OpeningHours.objects.filter(contact__in=programme.contacts.all())
    moved = {programme.pk}
    if change.pk is None:
        return hours_create(contact=contact, data=without(change.data, "contact"), author=author, moved=moved)
    hours = rows.get(pk=change.pk)
    if change.delete:
        return hours_delete(hours=hours, author=author, moved=moved)
    return hours_update(hours=hours, data=change.data, author=author, moved=moved)


@transaction.atomic
def hours_create(*, contact, data, author, moved=frozenset()):
    hours = _save(OpeningHours(contact=contact, **without(data, "contact")), author)
    programmes_changed(_served(contact), moved)
    return hours


@transaction.atomic
def hours_update(*, hours, data, author, moved=frozenset()):
    """Change one interval; it stays with its contact (or moves to another of the same organisation)."""
    contact = data.get("contact", hours.contact)
    if contact.organisation_id != hours.contact.organisation_id:
        raise ValidationError({"contact": _("This cannot move elsewhere: add it there and delete it here.")})
    served = _served(hours.contact) | _served(contact)
    _apply(hours, data)
    _save(hours, author)
    programmes_changed(served, moved)
    return hours


@transaction.atomic
def hours_delete(*, hours, author, moved=frozenset()):
    served = _served(hours.contact)
    record_author(hours, author)
    hours.delete()
    programmes_changed(served, moved)


# One door per model for the admin and the CSV import: create, update and delete on plain data.


@dataclass(frozen=True)
class Writer:
    create: object  # (data, author) -> saved object
    update: object  # (obj, data, author) -> saved object
    delete: object  # (obj, author) -> None


def _programme_data(data):
    m2m = {f.name for f in Programme._meta.many_to_many}
    return {k: v for k, v in data.items() if k not in m2m}, {k: v for k, v in data.items() if k in m2m}


def _programme_create(data, author):
    fields, m2m = _programme_data(data)
    return programme_create(data=fields, m2m=m2m, author=author)


def _programme_update(programme, data, author):
    fields, m2m = _programme_data(data)
    return programme_update(programme=programme, data=fields, m2m=m2m, author=author)


def _contact_create(data, author):
    """The admin's, a CSV's or an import's new contact: of `organisation`, or of the one `programme`
    it is added to, serving `programmes` (or that programme)."""
    programme = data.get("programme")
    organisation = data.get("organisation") or getattr(programme, "organisation", None)
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the organisation whose contact this is.")})
    programmes = data.get("programmes") or ([programme] if programme else [])
    fields = {k: v for k, v in data.items() if k not in ("organisation", "programme", "programmes")}
    return contact_create(organisation=organisation, data=fields, author=author, programmes=programmes)


def _contact_update(contact, data, author):
    """A change from the admin, a CSV or an import; `programme` adds one programme to those it serves."""
    data = same_parent(contact, data, "organisation")
    programmes = data.get("programmes")
    if data.get("programme") is not None:
        programmes = _served(contact) | {data["programme"].pk}
    fields = {k: v for k, v in data.items() if k not in ("programme", "programmes")}
    return contact_update(contact=contact, data=fields, author=author, programmes=programmes)


def _link(contact, programme, author):
    return contact_update(contact=contact, data={}, author=author, programmes=_served(contact) | {programme.pk})


def _relink(link, data, author):
    """A programme's link row in the admin pointed at another of the organisation's contacts."""
    contact = data.get("contact", link.contact)
    if contact.pk != link.contact_id:
        contact_unlink(contact=link.contact, programme=link.programme, author=author)
        _link(contact, link.programme, author)
    return Contact.programmes.through.objects.filter(contact=contact, programme=link.programme).first()


def without(data, key):
    return {k: v for k, v in data.items() if k != key}


def same_parent(obj, data, key):
    """Rows stay with their programme (or contact): an update that moves one is refused."""
    if key in data and data[key] is not None and data[key].pk != getattr(obj, f"{key}_id"):
        raise ValidationError({key: _("This cannot move elsewhere: add it there and delete it here.")})
    return without(data, key)


WRITERS = {
    Organisation: Writer(
        create=lambda data, author: organisation_create(data=data, author=author),
        update=lambda obj, data, author: organisation_update(organisation=obj, data=data, author=author),
        delete=lambda obj, author: organisation_delete(organisation=obj, author=author),
    ),
    Programme: Writer(
        create=_programme_create,
        update=_programme_update,
        delete=lambda obj, author: programme_delete(programme=obj, author=author),
    ),
    Contact: Writer(
        create=_contact_create,
        update=_contact_update,
        delete=lambda obj, author: contact_delete(contact=obj, author=author),
    ),
    OpeningHours: Writer(
        create=lambda data, author: hours_create(contact=data["contact"], data=without(data, "contact"), author=author),
        update=lambda obj, data, author: hours_update(hours=obj, data=data, author=author),
        delete=lambda obj, author: hours_delete(hours=obj, author=author),
    ),
}


WRITERS[Contact.programmes.through] = Writer(
    create=lambda data, author: _link(data["contact"], data["programme"], author),
    update=_relink,
    delete=lambda obj, author: contact_unlink(contact=obj.contact, programme=obj.programme, author=author),
)


# Reference data: taxonomy terms, funders and locations show in programmes' pages, filters and
# exports; a change moves the versions of the programmes that name them (caches follow at once).
# Memberships say who keeps which organisation.
NAMED_BY = {Term: "terms", Funder: "funders", Location: "locations"}


def _named_by(obj):
    name = NAMED_BY.get(type(obj))
    return Programme.objects.filter(**{name: obj}) if name and obj.pk else Programme.objects.none()


def _stored_changes(obj, data):
    """The fields of `data` that differ from the stored row (all of them for a new one)."""
    if obj.pk is None:
        return dict(data)
    stored = type(obj).objects.filter(pk=obj.pk).values(*data).first() or {}
    return {k: v for k, v in data.items() if stored.get(k) != getattr(v, "pk", v)}


@transaction.atomic
def reference_save(*, obj, data, author):
    """Create or change a term, funder, location or membership; a write that changes nothing
    writes nothing (`obj.has_updated`)."""
    changed = _stored_changes(obj, data)
    obj.has_updated = bool(changed)
    if not changed:
        return obj
    _apply(obj, changed)
    _save(obj, author)
    programmes_changed(list(_named_by(obj).values_list("pk", flat=True)))
    if type(obj) in NAMED_BY:
        catalogue_changed()  # filters list every term and funder, named by a programme or not
    return obj


@transaction.atomic
def reference_delete(*, obj, author):
    named = list(_named_by(obj).values_list("pk", flat=True))
    record_author(obj, author)
    obj.delete()
    programmes_changed(named)
    if type(obj) in NAMED_BY:
        catalogue_changed()


for _model in (Term, Funder, Location, Membership):
    WRITERS[_model] = Writer(
        create=lambda data, author, model=_model: reference_save(obj=model(), data=data, author=author),
        update=lambda obj, data, author: reference_save(obj=obj, data=data, author=author),
        delete=lambda obj, author: reference_delete(obj=obj, author=author),
    )


def writer_for(model):
    """The writer of `model`: the directory's own, or the one another app's model names in its
    WRITER attribute (a dotted path: referral's criteria), or None for a model off the path."""
    if model in WRITERS:
        return WRITERS[model]
    path = getattr(model, "WRITER", None)
    return import_string(path) if path else None


# Problem reports (about an entry, never a person) ----------------------------------------------


def report_create(*, programme, data):
    """A public report that an entry is wrong; validated like everything else."""
    report = ProblemReport(programme=programme, **data)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_close(*, report, status, note, author):
    """Resolve or dismiss a report, keeping who and when. A resolved "phone wrong" report points
    at the contact change that fixed it, where there is one since it was made."""
    if status not in (ReportStatus.RESOLVED, ReportStatus.DISMISSED):
        raise ValidationError({"status": _("Choose resolve or dismiss.")})
    report.status, report.note = status, note
    report.closed_by, report.closed_at = author.user, timezone.now()
    if status == ReportStatus.RESOLVED and report.reason == ReportReason.PHONE_WRONG:
        fix = (
            Contact.history.filter(id__in=report.programme.contacts.values("pk"), history_date__gte=report.created_at)
            .order_by("-history_date", "-history_id")
            .values_list("history_id", flat=True)
            .first()
        )
        report.fixed_by = fix
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def reminder_use(*, reminder, author):
    """A reminder link's "still correct": its programme verified, the link used up, once however
    many times it is posted at the same moment (a conditional update: only one finds it unused)."""
    if not Reminder.objects.filter(pk=reminder.pk, used_at__isnull=True).update(used_at=timezone.now()):
        raise ValidationError(_("This link has already been used."), code="used")
    return programme_verify(programme=reminder.programme, author=author)


def places_update(*, programme, available, author, total=None, expected_version=None):
    """A provider's count of free places (and, if given, places in all), with who and when; from
    `expected_version` only (StaleEdit otherwise: two phones pressing −1 at once never lose one)."""
    data = {"places_available": available, "places_updated_at": timezone.now(), "places_updated_by": author.user}
    if total is not None:
        data["places_total"] = total
    return programme_update(
        programme=programme, data=data, author=author, note="places", expected_version=expected_version
    )
