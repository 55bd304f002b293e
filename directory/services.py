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
from django.utils.translation import gettext as _

from directory.models import (
    CatalogueVersion,
    Contact,
    OpeningHours,
    Organisation,
    ProblemReport,
    Programme,
    ReportReason,
    ReportStatus,
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


def _save(obj, author, note="", **clean):
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


@transaction.atomic
def programme_create(*, data, author, m2m=None):
    programme = _save(Programme(**data), author)
    _set_m2m(programme, m2m, author)
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
    return programme


def programme_delete(*, programme, author):
    _delete(programme, author)


@transaction.atomic
def programme_edit(*, programme, data, m2m, contacts, hours, expected_version, author):
    """A provider's edit page: fields, contacts and opening hours together, or StaleEdit."""
    programme_update(programme=programme, data=data, m2m=m2m, expected_version=expected_version, author=author)
    if not programme.has_updated and (contacts or hours):
        programme_changed(programme, expected_version)  # the rows below change it
    for change in contacts:
        _row(Contact, change, author, programme=programme)
    for change in hours:
        _row(OpeningHours, change, author, programme=programme)
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
    programme.contacts.update(last_verified_at=now, verified_by=user)
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


# Contacts and opening hours ----------------------------------------------------------------------


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


def _row(model, change, author, *, programme):
    """Create, change or delete one contact or opening-hours row of `programme`."""
    if model is Contact:
        return save_row(programme.contacts.all(), change, author, new=Contact, programme=programme)
    contact = change.data.get("contact")
    if contact is not None and contact.programme_id != programme.pk:
        raise ValidationError({"contact": _("Choose one of this programme's contacts.")})
    return save_row(OpeningHours.objects.filter(contact__programme=programme), change, author, new=OpeningHours)


@transaction.atomic
def contact_create(*, programme, data, author):
    programme_changed(programme)
    return _row(Contact, RowChange(None, data), author, programme=programme)


@transaction.atomic
def contact_update(*, contact, data, author):
    programme_changed(contact.programme)
    return _row(Contact, RowChange(contact.pk, data), author, programme=contact.programme)


@transaction.atomic
def contact_delete(*, contact, author):
    programme_changed(contact.programme)
    _row(Contact, RowChange(contact.pk, {}, delete=True), author, programme=contact.programme)


@transaction.atomic
def hours_create(*, contact, data, author):
    programme_changed(contact.programme)
    return _row(OpeningHours, RowChange(None, {**data, "contact": contact}), author, programme=contact.programme)


@transaction.atomic
def hours_update(*, hours, data, author):
    programme = hours.contact.programme
    programme_changed(programme)
    return _row(OpeningHours, RowChange(hours.pk, data), author, programme=programme)


@transaction.atomic
def hours_delete(*, hours, author):
    programme = hours.contact.programme
    programme_changed(programme)
    _row(OpeningHours, RowChange(hours.pk, {}, delete=True), author, programme=programme)


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
        create=lambda data, author: contact_create(
            programme=data["programme"], data=without(data, "programme"), author=author
        ),
        update=lambda obj, data, author: contact_update(
            contact=obj, data=same_parent(obj, data, "programme"), author=author
        ),
        delete=lambda obj, author: contact_delete(contact=obj, author=author),
    ),
    OpeningHours: Writer(
        create=lambda data, author: hours_create(contact=data["contact"], data=data, author=author),
        update=lambda obj, data, author: hours_update(hours=obj, data=data, author=author),
        delete=lambda obj, author: hours_delete(hours=obj, author=author),
    ),
}


def register_writer(model, writer):
    """Another app's model on the write path (referral's criteria)."""
    WRITERS[model] = writer


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
            Contact.history.filter(programme_id=report.programme_id, history_date__gte=report.created_at)
            .order_by("-history_date")
            .values_list("history_id", flat=True)
            .first()
        )
        report.fixed_by = fix
    report.full_clean()
    report.save()
    return report


def places_update(*, programme, available, author, total=None):
    """A provider's count of free places (and, if given, places in all), with who and when."""
    data = {"places_available": available, "places_updated_at": timezone.now(), "places_updated_by": author.user}
    if total is not None:
        data["places_total"] = total
    return programme_update(programme=programme, data=data, author=author, note="places")
